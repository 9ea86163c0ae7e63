import { composeOutageAlertMail, composeOutageRecoveryMail } from '../../src/channels/alert-mail.js';
import {
  alertCutoff,
  alertRecipients,
  durationWords,
  isAlerting,
  lastOutageSince,
  minutesBetween,
  outageReasonOf,
} from '../../src/channels/alert-rules.js';
import type { OutageForMail } from '../../src/channels/sql.js';

const NOW = new Date('2026-12-05T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

test('the failing statuses are the outage reasons; healthy ones are none', () => {
  expect(outageReasonOf('auth_expired')).toBe('auth_expired');
  expect(outageReasonOf('error')).toBe('failed');
  expect(outageReasonOf('rate_limited')).toBe('rate_limited');
  for (const status of ['ok', 'idle', 'disabled'] as const) expect(outageReasonOf(status)).toBeUndefined();
});

test('an open outage alerts from the threshold on, an ended one never', () => {
  expect(alertCutoff(NOW, 15)).toEqual(minutesAgo(15));
  expect(isAlerting({ startedAt: minutesAgo(14), endedAt: null }, NOW, 15)).toBe(false);
  expect(isAlerting({ startedAt: minutesAgo(15), endedAt: null }, NOW, 15)).toBe(true);
  expect(isAlerting({ startedAt: minutesAgo(90), endedAt: minutesAgo(1) }, NOW, 15)).toBe(false);
  // a rate limit's outage starts at its reset, which may lie ahead
  expect(isAlerting({ startedAt: minutesAgo(-10), endedAt: null }, NOW, 15)).toBe(false);
  expect(lastOutageSince(NOW)).toEqual(minutesAgo(7 * 24 * 60));
});

test('durations in whole minutes, hours and days', () => {
  expect(minutesBetween(minutesAgo(23.9), NOW)).toBe(23);
  expect(minutesBetween(NOW, minutesAgo(5))).toBe(0);
  expect(durationWords(0)).toBe('0 min');
  expect(durationWords(23)).toBe('23 min');
  expect(durationWords(60)).toBe('1 h');
  expect(durationWords(130)).toBe('2 h 10 min');
  expect(durationWords(1440 + 180 + 5)).toBe('1 d 3 h');
  expect(durationWords(2 * 1440)).toBe('2 d');
});

test("the mail goes to the entity's active admins only", () => {
  const user = (id: number, role: string, entities: string[], disabled = false) => ({ id, email: `u${id}@t`, name: `U${id}`, role, language: 'nl', entities, disabled });
  const users = [user(1, 'admin', ['a']), user(2, 'admin', ['b']), user(3, 'agent', ['a']), user(4, 'coordinator', ['a']), user(5, 'admin', ['a'], true), user(6, 'admin', ['b', 'a'])];
  expect(alertRecipients(users, 'a').map((u) => u.id)).toEqual([1, 6]);
  expect(alertRecipients(users, 'c')).toEqual([]);
});

const OUTAGE: OutageForMail = {
  id: 7,
  channelId: 'awv-x',
  channelName: 'Wegen en Verkeer',
  platform: 'x',
  entityId: 'awv',
  entityName: 'Agentschap Wegen en Verkeer',
  timeZone: 'Europe/Brussels',
  reason: 'auth_expired',
  startedAt: minutesAgo(23),
  endedAt: null,
  caughtUp: 0,
};
const ADMIN = { id: 3, email: 'admin@awv.test', name: 'An', language: 'nl' };

test('the alert names the channel, entity, platform, since when, the reason and what to do, in the admin’s language', () => {
  const nl = composeOutageAlertMail({ outage: OUTAGE, to: ADMIN, publicUrl: 'https://inbox.example.org/', now: NOW });
  expect(nl).toMatchObject({ to: 'admin@awv.test', subject: 'Kanaal werkt niet: Wegen en Verkeer (X) (Agentschap Wegen en Verkeer)', messageId: '<channel-outage-7-alert-3@social-inbox>' });
  expect(nl.text).toContain('sinds zaterdag 5 december 2026 om 10:37 geen berichten meer op (23 min)');
  expect(nl.text).toContain('toegangssleutel');
  expect(nl.text).toContain('Koppel het kanaal opnieuw');
  expect(nl.text).toContain('https://inbox.example.org/admin/channels#channel-awv-x');

  const en = composeOutageAlertMail({ outage: { ...OUTAGE, reason: 'failed' }, to: { ...ADMIN, language: 'en' }, publicUrl: 'https://inbox.example.org', now: NOW });
  expect(en.subject).toBe('Channel not working: Wegen en Verkeer (X) (Agentschap Wegen en Verkeer)');
  expect(en.text).toContain('has not fetched messages since Saturday 5 December 2026 at 10:37 (23 min)');
  expect(en.text).toContain('Poll now');
  expect(en.text).not.toMatch(/Beste|sinds/);
});

test('the recovery says how long it lasted and how many messages were read since', () => {
  const ended = { ...OUTAGE, endedAt: minutesAgo(-107), caughtUp: 340 };
  const nl = composeOutageRecoveryMail({ outage: ended, to: ADMIN, publicUrl: 'https://inbox.example.org', now: NOW });
  expect(nl.subject).toBe('Kanaal werkt weer: Wegen en Verkeer (X) (Agentschap Wegen en Verkeer)');
  expect(nl.text).toContain('De storing duurde 2 h 10 min');
  expect(nl.text).toContain('340 berichten');
  expect(nl.headers.References).toBe('<channel-outage-7-alert-3@social-inbox>');
  const en = composeOutageRecoveryMail({ outage: { ...ended, caughtUp: 1 }, to: { ...ADMIN, language: 'en' }, publicUrl: 'https://inbox.example.org', now: NOW });
  expect(en.text).toContain('Read so far: 1 message written during the outage');
});
