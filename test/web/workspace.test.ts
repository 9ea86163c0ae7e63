import { DICTIONARIES } from '../../src/web/i18n.js';
import { isSnoozed, messageDetails, permissionsOf, summaryState } from '../../src/web/workspace/contract.js';
import { replyLength, replyLimit } from '../../src/web/workspace/limits.js';
import { signalText } from '../../src/web/workspace/signals.js';
import { snoozeMoments } from '../../src/web/workspace/time.js';
import { actorWord, attachmentWord, contactNames, initials, kindWord } from '../../src/web/workspace/words.js';
import { deliveryErrorKind } from '../../src/web/workspace/delivery.js';
import type { PlatformView } from '../../src/web/api/platforms.js';
import type { TicketMessage, TicketSummary, User } from '../../src/web/ticket/wire.js';

const nl = DICTIONARIES.nl;

describe('the workspace: pure pieces', () => {
  test('signals are words: the label translated, the citizen’s quoted words kept, never the English', () => {
    const words = nl.work.signalWords;
    expect(signalText("explicit wish to complain: 'ik wil klagen'", words, nl.work.signalOther)).toBe('uitdrukkelijke wens om te klagen: „ik wil klagen”');
    expect(signalText("concrete case: date 'op 3 oktober', line or stop 'lijn 9'", words, nl.work.signalOther)).toBe(
      'concreet geval: datum „op 3 oktober”, lijn of halte „lijn 9”',
    );
    expect(signalText('personal data in the message: phone number', words, nl.work.signalOther)).toBe('persoonsgegevens in het bericht: telefoonnummer');
    expect(signalText('first-person experience', words, nl.work.signalOther)).toBe('eigen ervaring');
    expect(signalText('no text: emoji or punctuation only', words, nl.work.signalOther)).toBe('geen tekst: alleen emoji of leestekens');
    expect(signalText("something new: 'quoted'", words, nl.work.signalOther)).toBe('ander signaal: „quoted”');
    expect(signalText('something new', words, nl.work.signalOther)).toBe('ander signaal');
  });

  test('message kinds and actors as words', () => {
    expect(kindWord(nl, 'dm')).toBe('privébericht');
    expect(kindWord(nl, 'review')).toBe('recensie');
    expect(kindWord(nl, 'carrier-pigeon')).toBe('bericht');
    expect(actorWord(nl, 'system')).toBe('Het systeem');
    expect(actorWord(nl, 'user:gone@example.org')).toBe('Een gebruiker');
    expect(actorWord(nl, 'Sarah Webcare')).toBe('Sarah Webcare');
  });

  test('attachments and delivery errors in words, never a MIME type or an error class', () => {
    expect(attachmentWord(nl, 'photo')).toBe('foto');
    expect(attachmentWord(nl, 'application/pdf')).toBe('document');
    expect(attachmentWord(nl, 'file', 'image/png')).toBe('afbeelding');
    expect(attachmentWord(nl, 'x-unknown')).toBe('bestand');
    expect(deliveryErrorKind('TransientError: getaddrinfo ENOTFOUND api.x.com')).toBe('unreachable');
    expect(deliveryErrorKind('reconnect needed: AuthExpiredError: token revoked')).toBe('auth');
    expect(deliveryErrorKind('PermanentError: 403 duplicate content')).toBe('permanent');
    expect(deliveryErrorKind('RateLimitedError: 429')).toBe('rateLimited');
    expect(deliveryErrorKind('something odd')).toBe('unknown');
    for (const kind of ['unreachable', 'timeout', 'transient', 'auth', 'rateLimited', 'permanent', 'unknown']) expect(nl.work.deliveryErrors[kind]).toBeTruthy();
  });

  test('a contact is named by name with the handle beside it, or by the handle alone', () => {
    expect(contactNames({ name: 'An Peeters', handle: 'an' }, '?')).toEqual({ name: 'An Peeters', handle: '@an' });
    expect(contactNames({ name: 'eva', handle: 'eva' }, '?')).toEqual({ name: '@eva', handle: null });
    expect(contactNames({ name: null, handle: null }, 'Burger')).toEqual({ name: 'Burger', handle: null });
    expect(initials('An Peeters')).toBe('AP');
    expect(initials('@eva')).toBe('EV');
    expect(initials('Reiziger 0')).toBe('R0');
    expect(initials('')).toBe('?');
  });

  test('snooze moments: in an hour, tomorrow 9:00, and the next Monday 9:00 (a week on from a Monday)', () => {
    const wednesday = new Date(2026, 2, 4, 15, 30);
    const { hour, tomorrow, monday } = snoozeMoments(wednesday);
    expect(hour.getTime() - wednesday.getTime()).toBe(3_600_000);
    expect([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).toEqual([5, 9, 0]);
    expect([monday.getDay(), monday.getDate(), monday.getHours()]).toEqual([1, 9, 9]);
    const aMonday = new Date(2026, 2, 9, 8, 0);
    expect(snoozeMoments(aMonday).monday.getDate()).toBe(16);
    const aSunday = new Date(2026, 2, 8, 22, 0);
    expect(snoozeMoments(aSunday).monday.getDate()).toBe(9);
  });

  test('the workspace fields read safely from a server that has them, or not', () => {
    const bare = { id: 1 } as unknown as TicketSummary;
    expect(summaryState(bare)).toEqual({ unread: false, snoozedUntil: null, snoozedUntilReply: false, lastInboundAt: null });
    const now = Date.parse('2026-03-02T10:00:00Z');
    const later = { ...bare, snoozedUntil: '2026-03-02T11:00:00Z', snoozedUntilReply: false, unread: true, lastInboundAt: '2026-03-02T09:00:00Z' } as TicketSummary;
    expect(isSnoozed(summaryState(later), now)).toBe(true);
    expect(isSnoozed(summaryState(later), Date.parse('2026-03-02T12:00:00Z'))).toBe(false);
    expect(isSnoozed(summaryState({ ...bare, snoozedUntilReply: true } as TicketSummary), now)).toBe(true);

    const draft = { direction: 'outbound', deliveryStatus: 'draft', rating: null, sentBy: 'system', attachments: [] } as unknown as TicketMessage;
    expect(messageDetails(draft)).toMatchObject({ isDraft: true, sentBy: 'system', rating: null });
    const review = { direction: 'inbound', deliveryStatus: null, rating: 4 } as unknown as TicketMessage;
    expect(messageDetails(review)).toMatchObject({ isDraft: false, rating: 4, attachments: [] });
  });

  test('permissions come from the session; without them, from the role', () => {
    const agent = { role: 'agent', permissions: ['tickets.read', 'tickets.reply'] } as unknown as User;
    expect([...permissionsOf(agent)]).toEqual(['tickets.read', 'tickets.reply']);
    const coordinator = { role: 'coordinator' } as unknown as User;
    expect(permissionsOf(coordinator).has('tickets.reply')).toBe(false);
    expect(permissionsOf(coordinator).has('cases.act')).toBe(true);
  });

  test('the reply limit follows the visibility; the count is the trimmed text, as the API counts', () => {
    const platforms = [{ id: 'p', limits: { replyTextLength: 280, privateReplyTextLength: 10_000 } }, { id: 'q', limits: {} }] as unknown as PlatformView[];
    expect(replyLimit(platforms, 'p', 'public')).toBe(280);
    expect(replyLimit(platforms, 'p', 'private')).toBe(10_000);
    expect(replyLimit(platforms, 'q', 'public')).toBeUndefined();
    expect(replyLimit(platforms, 'unknown', 'public')).toBeUndefined();
    expect(replyLength('  dag  ')).toBe(3);
  });
});
