import { followUps, letterRouteOf, type CaseMessage } from '../../src/web/cases/conversation.js';
import { DICTIONARIES } from '../../src/web/i18n.js';
import { bannerTerm, caseBannerText, type TicketCase } from '../../src/web/workspace/case-banner.js';

const acknowledged: TicketCase = {
  id: 12,
  state: 'acknowledged',
  acknowledgeBy: '2026-12-15',
  answerBy: '2027-01-19',
  acknowledgeStatus: 'met',
  answerStatus: 'open',
  daysToAnswer: 45,
};

describe('one story: the ticket’s case banner and the case’s conversation', () => {
  test('the banner names the case, its state and the next open term, in Dutch and in English', () => {
    expect(caseBannerText(acknowledged, DICTIONARIES.nl)).toBe('Klacht 12 · ontvangst gemeld · antwoord tegen 19 januari 2027 (nog 45 dagen)');
    expect(caseBannerText(acknowledged, DICTIONARIES.en)).toBe('Complaint 12 · acknowledged · answer by 19 January 2027 (45 days left)');
    const received: TicketCase = { ...acknowledged, state: 'received', acknowledgeStatus: 'overdue', daysToAcknowledge: -2, daysToAnswer: 33 };
    expect(bannerTerm(received)).toMatchObject({ term: 'acknowledge', dueOn: '2026-12-15', daysLeft: -2 });
    expect(caseBannerText(received, DICTIONARIES.nl)).toBe('Klacht 12 · ontvangen · ontvangst melden tegen 15 december 2026 (2 dagen te laat)');
    const answered: TicketCase = { id: 12, state: 'answered', acknowledgeBy: '2026-12-15', answerBy: '2027-01-19', acknowledgeStatus: 'met', answerStatus: 'met' };
    expect(caseBannerText(answered, DICTIONARIES.nl)).toBe('Klacht 12 · beantwoord');
  });

  test('the conversation is what followed the first citizen message, oldest first, without drafts', () => {
    const message = (id: number, direction: 'inbound' | 'outbound', sentAt: string, more: Partial<CaseMessage> = {}) =>
      ({ id, direction, sentAt, deliveryStatus: direction === 'outbound' ? 'sent' : null, text: `m${id}`, ...more }) as CaseMessage;
    const messages = [
      message(1, 'inbound', '2026-12-05T10:00:00Z'),
      message(2, 'outbound', '2026-12-05T10:05:00Z', { deliveryStatus: 'draft' }),
      message(4, 'inbound', '2026-12-05T11:00:00Z'),
      message(3, 'outbound', '2026-12-05T10:30:00Z', { deliveryStatus: 'failed' }),
    ];
    expect(followUps(messages).map((m) => m.id)).toEqual([3, 4]);
    expect(followUps([message(5, 'outbound', '2026-12-05T10:00:00Z')])).toEqual([]);
    expect(letterRouteOf({ letterRoute: 'post' })).toBe('post');
    expect(letterRouteOf({})).toBeUndefined();
  });
});
