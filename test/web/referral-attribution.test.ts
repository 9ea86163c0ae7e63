import { otherSenders, ourSideLabel, type ReferralStep } from '../../src/web/ticket/attribution.js';

const VLAANDEREN = { id: 'vlaanderen', name: 'Vlaanderen.be' };
const DE_LIJN = { id: 'delijn', name: 'De Lijn' };
const MOW = { id: 'mow', name: 'MOW' };

type Direction = 'inbound' | 'outbound';
const message = (id: number, direction: Direction, sentAt: string) => ({ id, direction, sentAt });

describe('referral: who sent our messages on a referred ticket', () => {
  const referral: ReferralStep = { from: VLAANDEREN, referredAt: '2026-03-02T10:00:00.000Z', replyMessageId: 3 };

  test('replies before the referral and the referral’s own notice are the referring entity’s; later ones are ours', () => {
    const messages = [
      message(1, 'inbound', '2026-03-02T09:00:00.000Z'),
      message(2, 'outbound', '2026-03-02T09:30:00.000Z'),
      // the notice was queued with the referral and confirmed by the platform a moment later
      message(3, 'outbound', '2026-03-02T10:00:04.000Z'),
      message(4, 'inbound', '2026-03-02T11:00:00.000Z'),
      message(5, 'outbound', '2026-03-02T12:00:00.000Z'),
    ];
    const senders = otherSenders(messages, [referral], DE_LIJN.id);
    expect([...senders.entries()]).toEqual([
      [2, VLAANDEREN],
      [3, VLAANDEREN],
    ]);
  });

  test('a message queued in the same transaction as the referral (same instant) is the referring entity’s', () => {
    const senders = otherSenders([message(7, 'outbound', '2026-03-02T10:00:00.000Z')], [{ ...referral, replyMessageId: null }], DE_LIJN.id);
    expect(senders.get(7)).toEqual(VLAANDEREN);
  });

  test('referred on twice: each message belongs to the entity that had the ticket then', () => {
    const referrals: ReferralStep[] = [
      { from: DE_LIJN, referredAt: '2026-03-03T10:00:00.000Z', replyMessageId: null },
      { ...referral, replyMessageId: null }, // given out of order: sorted by time
    ];
    const messages = [message(1, 'outbound', '2026-03-02T09:00:00.000Z'), message(2, 'outbound', '2026-03-02T15:00:00.000Z'), message(3, 'outbound', '2026-03-04T09:00:00.000Z')];
    const senders = otherSenders(messages, referrals, MOW.id);
    expect(senders.get(1)).toEqual(VLAANDEREN);
    expect(senders.get(2)).toEqual(DE_LIJN);
    expect(senders.has(3)).toBe(false);
  });

  test('referred back: the viewer’s own earlier replies stay ours; no referrals, nothing to attribute', () => {
    const back: ReferralStep[] = [referral, { from: DE_LIJN, referredAt: '2026-03-03T10:00:00.000Z', replyMessageId: null }];
    const messages = [message(1, 'outbound', '2026-03-02T09:00:00.000Z'), message(2, 'outbound', '2026-03-02T15:00:00.000Z')];
    const senders = otherSenders(messages, back, VLAANDEREN.id);
    expect(senders.has(1)).toBe(false);
    expect(senders.get(2)).toEqual(DE_LIJN);
    expect(otherSenders(messages, [], VLAANDEREN.id).size).toBe(0);
  });

  test('citizens’ messages are never attributed to an entity', () => {
    expect(otherSenders([message(1, 'inbound', '2026-03-02T09:00:00.000Z')], [referral], DE_LIJN.id).size).toBe(0);
  });
});

describe('referral: how our side signs a message, on the ticket and on the case', () => {
  const words = { replyFrom: (name: string) => `Antwoord van ${name}`, automaticFrom: (name: string) => `Automatisch bericht van ${name}` };
  const ours = { fromUs: 'Ons antwoord', fromSystem: 'Automatisch bericht' };

  test('by the referring entity when it sent it, else as ours or the system’s', () => {
    expect(ourSideLabel(VLAANDEREN, false, words, ours)).toBe('Antwoord van Vlaanderen.be');
    expect(ourSideLabel(VLAANDEREN, true, words, ours)).toBe('Automatisch bericht van Vlaanderen.be');
    expect(ourSideLabel(undefined, false, words, ours)).toBe('Ons antwoord');
    expect(ourSideLabel(undefined, true, words, ours)).toBe('Automatisch bericht');
  });
});
