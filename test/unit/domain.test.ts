import { threadMessage } from '../../src/tickets/threading.js';
import { statusAfterInbound, statusAfterReplySent, weightier } from '../../src/tickets/ticket.js';
import { applyComplaintThreshold, POSSIBLE_COMPLAINT } from '../../src/complaints/threshold.js';
import { channelLabel, composeCoordinatorMail, dutchDate, dutchDateTime, publicLink } from '../../src/complaints/coordinator-mail.js';
import { platformName } from '../../connectors/platforms.js';
import { composeDigestMail } from '../../src/complaints/digest-mail.js';
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
      timeZone: 'Europe/Brussels',
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
    // Times as the coordinator reads a clock in Brussels (winter: UTC+1), in Dutch, never UTC ISO.
    expect(mail.text).toContain('Ontvangen / received: vrijdag 20 november 2026 om 09:00');
    expect(mail.text).toContain('[vrijdag 20 november 2026 om 09:00]');
    expect(mail.text).not.toContain('2026-11-20T');
    // A repeat of the same routing keeps its Message-ID; routing the complaint again is a new mail.
    expect(composeCoordinatorMail(routed, 'route:complaint:7').messageId).toBe('<complaint-7@social-inbox>');
    expect(composeCoordinatorMail(routed, 'route:complaint:7:again:1796414347').messageId).toBe(
      '<route-complaint-7-again-1796414347@social-inbox>',
    );
  });

  test('names the channel once, whether or not its name already says the platform', () => {
    const routed = {
      complaintId: 8,
      ticketNumber: 77,
      ticketUrl: publicLink('https://inbox.natuurenbos.be/', '/tickets/12'),
      entityName: 'Agentschap Natuur en Bos',
      coordinatorName: null,
      coordinatorEmail: 'klachten@anb.example',
      channelName: 'Facebook',
      platform: 'facebook',
      timeZone: 'Europe/Brussels',
      authorHandle: null,
      authorName: 'Jan',
      receivedAt: new Date('2026-12-03T13:05:00Z'),
      messages: [{ text: 'Het pad is afgesloten', sentAt: new Date('2026-12-03T13:05:00Z'), permalink: null }],
      signals: [],
      confidence: null,
    };
    const mail = composeCoordinatorMail(routed);
    expect(mail.text).not.toMatch(/\(Facebook\)\s*\(Facebook\)|Facebook \(Facebook\)/);
    expect(mail.text).toContain('Kanaal / channel: Facebook\n');
    expect(mail.text).toContain('Via Facebook kwam een bericht binnen');
    expect(mail.text).toContain('Ticket: #77 - https://inbox.natuurenbos.be/tickets/12');
    expect(mail.text).toContain('Ontvangen / received: donderdag 3 december 2026 om 14:05');
    const demoNamed = composeCoordinatorMail({ ...routed, channelName: 'Natuur en Bos (Facebook)' });
    expect(demoNamed.text).toContain('Kanaal / channel: Natuur en Bos (Facebook)\n');
    expect(demoNamed.text).not.toContain('(Facebook) (Facebook)');
    expect(channelLabel('@delijn', 'x')).toBe('@delijn (X)');
    expect(channelLabel(null, 'messenger', 'en')).toBe(platformName('messenger', 'en'));
    expect(channelLabel('  ', 'google')).toBe(channelLabel(null, 'google'));
  });

  test('dates and links: the entity time zone, Dutch words, the configured public URL', () => {
    // Brussels is UTC+1 in winter and UTC+2 in summer; a late-evening UTC instant is already the next day there.
    expect(dutchDateTime(new Date('2026-12-03T13:05:00Z'), 'Europe/Brussels')).toBe('donderdag 3 december 2026 om 14:05');
    expect(dutchDateTime(new Date('2026-07-01T13:05:00Z'), 'Europe/Brussels')).toBe('woensdag 1 juli 2026 om 15:05');
    expect(dutchDateTime(new Date('2026-12-31T23:30:00Z'), 'Europe/Brussels')).toBe('vrijdag 1 januari 2027 om 00:30');
    expect(dutchDateTime(new Date('2026-12-03T13:05:00Z'), 'UTC')).toBe('donderdag 3 december 2026 om 13:05');
    expect(dutchDate('2026-12-03')).toBe('donderdag 3 december 2026');
    expect(publicLink('https://klachten.example.be/inbox/', '/cases/5')).toBe('https://klachten.example.be/inbox/cases/5');
    expect(publicLink('https://klachten.example.be', 'tickets/9')).toBe('https://klachten.example.be/tickets/9');

    const digest = composeDigestMail({
      entityName: 'De Lijn',
      coordinatorName: 'Klachtendienst',
      coordinatorEmail: 'klachten@delijn.example',
      day: '2026-12-04',
      lines: [
        { id: 5, term: 'acknowledge', status: 'overdue', dueOn: '2026-12-02', daysLeft: -2, ticketNumber: 1005, caseUrl: publicLink('https://klachten.example.be/', '/cases/5') },
        { id: 6, term: 'answer', status: 'due_soon', dueOn: '2026-12-07', daysLeft: 3, ticketNumber: 1006, caseUrl: publicLink('https://klachten.example.be/', '/cases/6') },
      ],
    });
    expect(digest.subject).toBe('[Klachten] De Lijn: 1 te laat, 1 binnenkort (vrijdag 4 december 2026)');
    expect(digest.text).toContain('Overzicht klachten De Lijn op vrijdag 4 december 2026');
    expect(digest.text).toContain('te laat sinds / overdue since woensdag 2 december 2026 (2 d) — https://klachten.example.be/cases/5');
    expect(digest.text).toContain('uiterlijk / due maandag 7 december 2026 (3 d) — https://klachten.example.be/cases/6');
    expect(digest.messageId).toBe('<digest-DeLijn-2026-12-04@social-inbox>');
  });
});
