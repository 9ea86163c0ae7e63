import { CUT_MARK, LIMITS, payloadId, storableId, storableRaw, storableText } from '../../src/ingest/storable.js';
import { normalizeBatch } from '../../src/ingest/normalize-batch.js';
import type { ChannelContext, Connector } from '../../connectors/types.js';
import { cappedReset, MAX_RATE_LIMIT_PAUSE_MS } from '../../src/channels/rate-limit.js';
import { descriptorOf } from '../../connectors/platforms.js';
import type { Platform } from '../../connectors/types.js';

const accountClaims = (platform: Platform, account: Record<string, string>) => descriptorOf(platform).accountClaims(account);

describe('storable text', () => {
  test('NUL is removed and lone surrogates become U+FFFD; pairs stay', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(storableText('emoji 😡 ok')).toBe('emoji 😡 ok');
  });

  test('long text is cut at the limit, never inside a surrogate pair', () => {
    const cut = storableText('😡'.repeat(LIMITS.textChars));
    expect(cut.length).toBeLessThanOrEqual(LIMITS.textChars);
    expect(cut.endsWith(CUT_MARK)).toBe(true);
    expect(storableText(cut.slice(0, -CUT_MARK.length))).toBe(cut.slice(0, -CUT_MARK.length));
  });

  test('long ids stay unique and fit an index', () => {
    const a = storableId('x'.repeat(5000) + 'a');
    const b = storableId('x'.repeat(5000) + 'b');
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(LIMITS.shortChars);
    expect(storableId('123')).toBe('123');
  });
});

describe('storable raw payloads', () => {
  test('10,000 levels of nesting are cut at the depth limit without a stack overflow', () => {
    const json = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const raw = storableRaw(JSON.parse(json));
    let depth = 0;
    let node: unknown = raw;
    while (typeof node === 'object' && node !== null) {
      node = (node as { a: unknown }).a;
      depth++;
    }
    expect(depth).toBe(LIMITS.rawDepth);
    expect(typeof node).toBe('string');
    expect(() => JSON.stringify(raw)).not.toThrow();
  });

  test('strings inside are cleaned and a huge payload is kept as its beginning', () => {
    expect(storableRaw({ 'k\u0000': ['v\u0000', '\ud800'] })).toEqual({ k: ['v', '\ufffd'] });
    const huge = storableRaw({ items: Array.from({ length: 50_000 }, (_, i) => `item ${i}`) }) as { truncated: boolean; head: string };
    expect(huge.truncated).toBe(true);
    expect(JSON.stringify(huge).length).toBeLessThan(LIMITS.rawJsonChars);
  });

  test('an item without an id is named by its payload, the same each time', () => {
    expect(payloadId({ a: 1 })).toBe(payloadId({ a: 1 }));
    expect(payloadId({ a: 1 })).not.toBe(payloadId({ a: 2 }));
  });
});

describe('normalizing a hostile batch', () => {
  const channel = { id: 'c', entityId: 'e', platform: 'x', account: {}, credentials: {} } as ChannelContext;
  const normalize: Connector['normalize'] = (item) => {
    const p = item.payload as { id: string; text: string; at?: string };
    return {
      kind: 'message',
      message: { externalId: p.id, conversationKey: p.id, kind: 'post', author: { platformUserId: 'u\u0000' }, text: p.text, sentAt: new Date(p.at ?? '2026-01-01'), raw: p },
    };
  };

  test('duplicate ids are kept once, bad dates quarantined, everything storable', () => {
    const batch = normalizeBatch(
      [
        { type: 't', externalId: '1', payload: { id: '1', text: 'one\u0000' } },
        { type: 't', externalId: '1', payload: { id: '1', text: 'one again' } },
        { type: 't', externalId: '2', payload: { id: '2', text: 'bad date', at: 'never' } },
      ],
      channel,
      normalize,
    );
    expect(batch.messages.map((m) => [m.externalId, m.text, m.author.platformUserId])).toEqual([['1', 'one', 'u']]);
    expect(batch.quarantined).toEqual([expect.objectContaining({ type: 't', externalId: '2', reason: expect.stringContaining('no valid date') })]);
  });
});

describe('rate-limit resets', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  test('believed up to an hour ahead, never in the past', () => {
    expect(cappedReset(new Date('2036-01-01'), now).getTime()).toBe(now.getTime() + MAX_RATE_LIMIT_PAUSE_MS);
    expect(cappedReset(new Date('2026-12-04T12:10:00Z'), now).toISOString()).toBe('2026-12-04T12:10:00.000Z');
    expect(cappedReset(new Date('2020-01-01'), now).getTime()).toBe(now.getTime());
    expect(cappedReset(new Date(Number.NaN), now).getTime()).toBe(now.getTime());
  });
});

describe('platform account claims', () => {
  test('a Page is one claim for its feed, Messenger and linked Instagram channels', () => {
    expect(accountClaims('facebook', { pageId: '1' })).toEqual(accountClaims('messenger', { pageId: '1' }));
    expect(accountClaims('instagram', { igUserId: '9', pageId: '1' })).toContain('meta-page:1');
    expect(accountClaims('email', { address: 'Info@X.be' })).toEqual(['mailbox:info@x.be']);
    expect(accountClaims('x', { userId: '' })).toEqual([]);
  });
});
