import { asksForPersonalDetails } from '../../src/complaints/intake-texts.js';
import { fill, mentionsAny } from '../../src/demo/domain.js';
import { DEMO_DOMAINS, domainOf } from '../../src/demo/domains/index.js';
import { DemoScript, firstMessage, scriptStart, seededRandom, type ScriptedMessage } from '../../src/demo/messages.js';
import { backlogTimes, nextDelayMs, paceSchedule } from '../../src/demo/pace.js';
import { backlogState } from '../../src/demo/backlog.js';
import { CATEGORIES } from '../../src/tickets/ticket.js';

/**
 * The demo's citizens: deterministic under a seed, never the same text twice from one person,
 * each entity written to about its own services, follow-ups in conversations that exist, and the
 * pace the setting asks for.
 */
const N = 3000;
const run = (options: { seed: number; start?: number }, count = N): ScriptedMessage[] => {
  const script = new DemoScript(options);
  return Array.from({ length: count }, () => script.next());
};
const messages = run({ seed: 42 });

/** What another desk does: questions the issue saw land at the wrong entity. */
const OTHER_DESKS = ['paspoort', 'passeport', 'passport', 'identiteitskaart', "carte d'identité", 'identity card', 'afvalophaling', 'waste collection', 'recyclagepark', 'renovatiepremie', 'huurpremie', 'rijbewijs', '\\bbib'];

test('the same seed and start give the same messages; another seed other follow-ups', () => {
  expect(run({ seed: 42 }, 500)).toEqual(messages.slice(0, 500));
  const other = run({ seed: 43 }, 500);
  expect(other.map((m) => `${m.persona.n}|${m.text}`)).not.toEqual(messages.slice(0, 500).map((m) => `${m.persona.n}|${m.text}`));
  // The first messages of conversations depend on their index only.
  expect(firstMessage(1234)).toEqual(firstMessage(1234));
});

test(`over ${N} messages nobody sends the same text twice, and texts vary (several hundred distinct)`, () => {
  const pairs = messages.map((m) => `${m.persona.n}|${m.text}`);
  const repeated = pairs.filter((pair, i) => pairs.indexOf(pair) !== i);
  expect(repeated).toEqual([]);
  expect(new Set(messages.slice(0, 1000).map((m) => m.text)).size).toBeGreaterThan(850);
  expect(new Set(messages.map((m) => m.text)).size).toBeGreaterThan(2000);
  // and the people writing them vary too
  expect(new Set(messages.slice(0, 200).map((m) => m.persona.n)).size).toBeGreaterThan(30);
});

test('each entity hears only about its own services: its keywords in every text, no other entity’s words, no other desk’s questions', () => {
  const offTopic: string[] = [];
  for (const m of messages) {
    const own = domainOf(m.entity);
    if (!mentionsAny(m.text, own.keywords)) offTopic.push(`${m.entity} without its keywords: ${m.text}`);
    for (const { domain } of DEMO_DOMAINS) {
      if (domain !== own && mentionsAny(m.text, domain.markers)) offTopic.push(`${m.entity} with ${domain.entity}'s words: ${m.text}`);
    }
    if (mentionsAny(m.text, OTHER_DESKS)) offTopic.push(`${m.entity} about another desk: ${m.text}`);
  }
  expect(offTopic).toEqual([]);
});

test('the keyword check can fail: a passport question for Natuur en Bos is caught', () => {
  const natuurBos = domainOf('agentschap-natuur-bos');
  expect(mentionsAny('Kan ik hier een nieuw paspoort aanvragen?', natuurBos.keywords)).toBe(false);
  expect(mentionsAny('Kan ik hier een nieuw paspoort aanvragen?', OTHER_DESKS)).toBe(true);
  expect(mentionsAny('Wanneer wordt de digitale watermeter geplaatst?', domainOf('de-lijn').markers)).toBe(false);
  expect(mentionsAny('Tram 4 kwam niet', domainOf('de-lijn').markers)).toBe(true);
});

test('every demo entity is written to, in Dutch, French and English, across the four categories', () => {
  const entities = new Set(messages.map((m) => m.entity));
  expect([...entities].sort()).toEqual(DEMO_DOMAINS.map((d) => d.domain.entity).sort());
  for (const entity of entities) {
    const own = messages.filter((m) => m.entity === entity && !m.followUp);
    expect(new Set(own.map((m) => m.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(own.map((m) => m.lang))).toEqual(new Set(['nl', 'fr', 'en']));
  }
  const dutch = messages.filter((m) => m.lang === 'nl').length / messages.length;
  expect(dutch).toBeGreaterThan(0.6);
  // A busy transport company hears more than a policy department.
  const count = (entity: string) => messages.filter((m) => m.entity === entity).length;
  expect(count('de-lijn')).toBeGreaterThan(3 * count('departement-wse'));
});

test('a second message continues a conversation that exists: same person, entity and channel kind, later, with other words', () => {
  const followUps = messages.filter((m) => m.followUp);
  expect(followUps.length).toBeGreaterThan(N * 0.05);
  for (const f of followUps) {
    const first = messages.find((m) => m.conversation === f.conversation && !m.followUp)!;
    expect(first).toBeDefined();
    expect(first.followUpComing).toBe(true);
    expect({ persona: f.persona.n, entity: f.entity, via: f.via, lang: f.lang }).toEqual({ persona: first.persona.n, entity: first.entity, via: first.via, lang: first.lang });
    expect(f.seq).toBeGreaterThan(first.seq);
    expect(f.text).not.toBe(first.text);
  }
  // Complainants write again more often than people who say thanks (who never do).
  const share = (category: string) => {
    const firsts = messages.filter((m) => !m.followUp && m.category === category);
    return firsts.filter((m) => m.followUpComing).length / firsts.length;
  };
  expect(share('complaint')).toBeGreaterThan(share('question'));
  expect(share('other')).toBe(0);
});

test('a restarted demo goes on where the earlier run cannot have been: no message of a run an hour or a day earlier again', () => {
  const at = (time: string) => scriptStart(new Date(time), 60);
  // An hour at one message a minute (each wait at least 30 s): at most 120 messages.
  const earlier = run({ seed: 1, start: at('2026-03-02T09:00:00Z') }, 120);
  expect(at('2026-03-02T10:00:00Z') - at('2026-03-02T09:00:00Z')).toBeGreaterThanOrEqual(120);
  const before = new Set(earlier.map((m) => `${m.persona.n}|${m.text}`));
  for (const later of [run({ seed: 2, start: at('2026-03-02T10:00:00Z') }, 400), run({ seed: 3, start: at('2026-03-03T09:00:00Z') }, 1000)]) {
    expect(later.filter((m) => before.has(`${m.persona.n}|${m.text}`)).map((m) => m.text)).toEqual([]);
  }
});

test('replies the backlog posts in public never ask for personal details, and every template fills all its slots', () => {
  for (const { domain } of DEMO_DOMAINS) {
    for (const reply of Object.values(domain.replies).flat()) {
      const text = fill(reply, { first: 'An' });
      expect(asksForPersonalDetails(text)).toBe(false);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  }
  expect(messages.filter((m) => /\{\w+\}/.test(m.text + m.subject)).map((m) => m.text)).toEqual([]);
});

describe('pace', () => {
  test('each wait is between half and one and a half times the setting, and on average the setting', () => {
    for (const interval of [60, 10, 1]) {
      const random = seededRandom(interval);
      const delays = Array.from({ length: 2000 }, () => nextDelayMs(interval, random));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(interval * 500);
      expect(Math.max(...delays)).toBeLessThanOrEqual(interval * 1500);
      const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
      expect(mean / (interval * 1000)).toBeCloseTo(1, 1);
    }
  });

  test('the default of one a minute makes about sixty messages an hour; every 4 s (the old pace) makes fifteen times as many', () => {
    const perHour = (interval: number) => paceSchedule(interval, 5000, seededRandom(7)).filter((at) => at <= 3_600_000).length;
    expect(perHour(60)).toBeGreaterThanOrEqual(55);
    expect(perHour(60)).toBeLessThanOrEqual(65);
    expect(perHour(4)).toBeGreaterThanOrEqual(850);
    expect(perHour(4)).toBeLessThanOrEqual(950);
  });

  test('the backlog spreads over the last hours, oldest first, none in the future', () => {
    const now = new Date('2026-03-02T15:30:00Z');
    const times = backlogTimes(now, 40, 4, seededRandom(3));
    expect(times).toHaveLength(40);
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    expect(times[0]!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 4 * 3_600_000 - 120_000);
    expect(times.at(-1)!.getTime()).toBeLessThan(now.getTime());
  });

  test('the backlog leaves old tickets answered, middle ones waiting or claimed, the newest new; complaints to the procedure', () => {
    const states = Array.from({ length: 40 }, (_, rank) => backlogState(rank, 40, { category: 'question', laterFollowUp: false }));
    expect(states[0]).toBe('resolved');
    expect(states.at(-1)).toBe('new');
    expect(new Set(states)).toEqual(new Set(['resolved', 'pending', 'open', 'new']));
    expect(backlogState(0, 40, { category: 'question', laterFollowUp: true })).toBe('pending');
    expect(['open', 'new']).toContain(backlogState(0, 40, { category: 'complaint', laterFollowUp: false }));
  });
});
