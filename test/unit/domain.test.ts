import { threadMessage } from '../../src/tickets/threading.js';
import { statusAfterInbound, statusAfterReplySent, weightier } from '../../src/tickets/ticket.js';
import { applyComplaintThreshold, POSSIBLE_COMPLAINT } from '../../src/complaints/threshold.js';
import { composeCoordinatorMail } from '../../src/complaints/coordinator-mail.js';
import { normalizeBatch } from '../../src/ingest/normalize-batch.js';
import { NormalizeError, type ChannelContext, type RawItem } from '../../connectors/types.js';

describe('threading', () => {
  test.each([
    [undefined, { action: 'create' }],
    [{ id: 1, status: 'closed' as const }, { action: 'create' }],
    [{ id: 1, status: 'new' as const }, { action: 'join', ticketId: 1, reopen: false }],
    [{ id: 1, status: 'pending' as const }, { action: 'join', ticketId: 1, reopen: false }],
    [{ id: 1, status: 'resolved' as const }, { action: 'join', ticketId: 1, reopen: true }],
  ])('latest ticket %j → %j', (latest, decision) => {
    expect(threadMessage(latest)).toEqual(decision);
  });

  test('a citizen writing again needs an agent again', () => {
    expect(statusAfterInbound('pending')).toBe('open');
    expect(statusAfterInbound('resolved')).toBe('open');
    expect(statusAfterInbound('new')).toBe('new');
    expect(statusAfterInbound('open')).toBe('open');
  });

  test('a reply that reached the citizen makes a new or open ticket wait for them', () => {
    expect(statusAfterReplySent('new')).toBe('pending');
    expect(statusAfterReplySent('open')).toBe('pending');
    expect(statusAfterReplySent('resolved')).toBe('resolved');
    expect(statusAfterReplySent('closed')).toBe('closed');
  });

  test('a ticket carries its weightiest category', () => {
    expect(weightier('question', 'complaint')).toBe('complaint');
    expect(weightier('complaint', 'other')).toBe('complaint');
    expect(weightier('other', 'dissatisfaction')).toBe('dissatisfaction');
  });
});

describe('complaint threshold', () => {
  const verdict = { category: 'complaint' as const, confidence: 0.55, signals: ['concrete case'], flags: [], lang: 'nl' };
  test('below the threshold an agent decides', () => {
    expect(applyComplaintThreshold(verdict, 0.6)).toEqual({ ...verdict, category: 'dissatisfaction', signals: ['concrete case', POSSIBLE_COMPLAINT] });
  });
  test('at or above it the complaint stands', () => {
    expect(applyComplaintThreshold(verdict, 0.55)).toBe(verdict);
    expect(applyComplaintThreshold({ ...verdict, category: 'question' }, 0.9).category).toBe('question');
  });
});

describe('normalize step', () => {
  const channel: ChannelContext = { id: 'c', entityId: 'e', platform: 'x', account: {}, credentials: {} };
  const normalize = (item: RawItem) => {
    const payload = item.payload as { text?: string; at?: string; own?: boolean };
    if (payload.own) return { kind: 'ignored' as const, reason: 'own message' };
    if (typeof payload.text !== 'string') throw new NormalizeError('text is missing');
    return {
      kind: 'message' as const,
      message: {
        externalId: item.externalId!,
        conversationKey: 'k',
        kind: 'post' as const,
        author: { platformUserId: 'a' },
        text: payload.text,
        sentAt: new Date(payload.at ?? '2026-01-01T00:00:00Z'),
        raw: item.payload,
      },
    };
  };

  test('sorts the conversation in writing order, drops repeats, quarantines what cannot be read', () => {
    const batch = normalizeBatch(
      [
        { type: 't', externalId: '20', payload: { text: 'later', at: '2026-01-02T00:00:00Z' } },
        { type: 't', externalId: '100', payload: { text: 'same time, newer id' } },
        { type: 't', externalId: '99', payload: { text: 'same time, older id' } },
        { type: 't', externalId: '99', payload: { text: 'repeated in the page' } },
        { type: 't', externalId: '5', payload: { own: true } },
        { type: 't', externalId: '6', payload: { nothing: 1 } },
      ],
      channel,
      normalize,
    );
    expect(batch.messages.map((m) => m.externalId)).toEqual(['99', '100', '20']);
    expect(batch.ignored).toBe(1);
    expect(batch.quarantined).toEqual([{ type: 't', externalId: '6', reason: 'NormalizeError: text is missing', raw: { nothing: 1 } }]);
  });
});

describe('coordinator mail', () => {
  test('names entity, channel, author, text, link to the original and ticket number', () => {
    const routed = {
      complaintId: 7,
      ticketNumber: 1042,
      ticketUrl: 'https://inbox.example/tickets/42',
      entityName: 'De Lijn',
      coordinatorName: 'Klachtendienst',
      coordinatorEmail: 'klachten@example.org',
      channelName: '@delijn',
      platform: 'x',
      authorHandle: 'an',
      authorName: 'An Peeters',
      receivedAt: new Date('2026-11-20T08:00:00Z'),
      messages: [{ text: 'Bus 45 reed door', sentAt: new Date('2026-11-20T08:00:00Z'), permalink: 'https://x.com/an/status/1' }],
      signals: ['concrete case'],
      confidence: 0.93,
    };
    const mail = composeCoordinatorMail(routed);
    expect(mail).toMatchObject({ to: 'klachten@example.org', subject: '[Klacht #1042] De Lijn via X - @an', messageId: '<complaint-7@social-inbox>' });
    for (const part of ['De Lijn', '@delijn (X)', 'An Peeters @an', 'Bus 45 reed door', 'https://x.com/an/status/1', '#1042', '93%']) {
      expect(mail.text).toContain(part);
    }
    // A repeat of the same routing keeps its Message-ID; routing the complaint again is a new mail.
    expect(composeCoordinatorMail(routed, 'route:complaint:7').messageId).toBe('<complaint-7@social-inbox>');
    expect(composeCoordinatorMail(routed, 'route:complaint:7:again:1796414347').messageId).toBe(
      '<route-complaint-7-again-1796414347@social-inbox>',
    );
  });
});
