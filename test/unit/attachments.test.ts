import { inflateSync } from 'node:zlib';
import { allowedUrl, contentTypeOf } from '../../connectors/attachments.js';
import { demoFile, demoPdf, demoPng } from '../../connectors/emulator-media.js';
import { imapPartRef, normalizeEmailItem, readImapPartRef } from '../../connectors/email/normalize.js';
import { normalizeMessenger } from '../../connectors/facebook/messenger-normalize.js';
import { normalizeGoogle, stars } from '../../connectors/google/normalize.js';
import { whatsappMediaId } from '../../connectors/meta/attachments.js';
import { attachmentFetchable, type ChannelContext, type InboundMessage, type NormalizeOutcome, type RawItem } from '../../connectors/types.js';
import { parseWhatsAppWebhook } from '../../connectors/whatsapp/webhook.js';
import { normalizeWhatsApp } from '../../connectors/whatsapp/normalize.js';
import { storableMessage } from '../../src/ingest/storable.js';
import { attachmentHref, attachmentsWithHref } from '../../src/tickets/attachment-links.js';
import { AttachmentCache, attachmentFilename, contentDisposition, servedAttachment, type ServedAttachment } from '../../src/tickets/attachments.js';
import { platformJson } from '../helpers/fixtures.js';

/**
 * Attachments and review stars without servers: what each normalizer keeps from the recorded (or
 * doc-derived) payloads to show and fetch a file later, the rating of reviews, the href rule, the
 * URL allow-list of the downloads, how a file is answered, and the size-capped cache.
 */
type Json = Record<string, unknown>;

const channel = (platform: ChannelContext['platform'], account: Record<string, string> = {}): ChannelContext => ({ id: `ch-${platform}`, entityId: 'e', platform, account, credentials: {} });

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

describe('review stars', () => {
  const reviews = platformJson<{ response: { body: { reviews: Json[] } } }>('google', 'reviews_list.docs.json').response.body.reviews;
  const review = (r: Json) => message(normalizeGoogle({ type: 'review', payload: { review: r } }, channel('google', { accountId: '1', locationId: '2' })));

  it('Google starRating ONE..FIVE becomes rating 1..5 (doc-derived list)', () => {
    expect(reviews.map((r) => review(r).rating)).toEqual([1, 5, 4]);
  });

  it('a rating without a comment is a message with empty text and its stars', () => {
    const ratingOnly = reviews.find((r) => r.comment === undefined)!;
    expect(review(ratingOnly)).toMatchObject({ text: '', rating: 5, attachments: [] });
  });

  it('an unspecified rating is no rating', () => {
    expect(review({ ...reviews[0]!, starRating: 'STAR_RATING_UNSPECIFIED' }).rating).toBeUndefined();
    expect(review({ ...reviews[0]!, starRating: undefined }).rating).toBeUndefined();
    expect([stars('ONE'), stars('THREE'), stars('FIVE'), stars('SIX'), stars(5)]).toEqual([1, 3, 5, undefined, undefined]);
  });

  it('ingest stores 1..5 only: a connector’s slip does not fail the batch on the column check', () => {
    const base: InboundMessage = { externalId: 'x', conversationKey: 'k', kind: 'review', author: { platformUserId: 'a' }, text: '', sentAt: new Date(), raw: {} };
    expect(storableMessage({ ...base, rating: 4 }).rating).toBe(4);
    expect(storableMessage({ ...base, rating: 7 }).rating).toBeUndefined();
    expect(storableMessage({ ...base, rating: 2.5 }).rating).toBeUndefined();
  });
});

describe('attachments as the normalizers keep them', () => {
  it('WhatsApp image (recorded imagem.json): media id as ref, MIME type; fetchable; old `whatsapp-media:` rows still give their id', () => {
    const [item] = parseWhatsAppWebhook(platformJson('whatsapp', 'imagem.json'));
    const m = message(normalizeWhatsApp(item!, channel('whatsapp', { phoneNumberId: 'PNID_TESTE' })));
    expect(m.attachments).toEqual([{ type: 'image', url: 'whatsapp-media:MEDIA_TESTE3', ref: 'MEDIA_TESTE3', mimeType: 'image/jpeg' }]);
    expect(attachmentFetchable(m.attachments![0]!)).toBe(true);
    expect(whatsappMediaId({ type: 'image', url: 'whatsapp-media:OLD1' })).toBe('OLD1');
  });

  it('Messenger (recorded messages_by_ids.json): Graph attachments keep MIME type, size and `<message id>#<position>`', () => {
    const byId = platformJson<Record<string, Json>>('facebook', 'messages_by_ids.json');
    const [id, graphMessage] = Object.entries(byId)[1]!;
    const m = message(normalizeMessenger({ type: 'dm', payload: { message: graphMessage, conversationId: 't_1' } }, channel('messenger', { pageId: '2121008874780932' })));
    expect(m.attachments![0]).toMatchObject({ type: 'video', mimeType: 'video/mp4', size: 1994148, filename: 'video-1627035862.mp4', ref: `${id}#0` });
  });

  it('Messenger webhook: a shared link (fallback) or a sticker has no ref; a file has', () => {
    const event = (attachments: Json[]): RawItem => ({ type: 'dm_event', payload: { event: { sender: { id: 'psid' }, recipient: { id: 'page' }, timestamp: 1769000000000, message: { mid: 'm_1', attachments } } } });
    const m = message(normalizeMessenger(event([
      { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/a.pdf' } },
      { type: 'fallback', payload: { url: 'https://example.org/article' } },
      { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/s.png', sticker_id: 369239263222822 } },
    ]), channel('messenger', { pageId: 'page' })));
    expect(m.attachments).toEqual([
      { type: 'file', url: 'https://cdn.fbsbx.com/v/a.pdf', ref: 'm_1#0' },
      { type: 'fallback', url: 'https://example.org/article' },
      { type: 'sticker', url: 'https://scontent.xx.fbcdn.net/s.png' },
    ]);
  });

  it('e-mail: the IMAP location of the part; without uid or part nothing to fetch by', () => {
    const payload = { mailbox: 'INBOX', uidValidity: '42', uid: 7, messageId: '<a@b>', from: { address: 'burger@example.org' }, text: '', date: '2026-03-01T10:00:00Z', references: [], attachments: [{ type: 'application/pdf', filename: 'bewijs.pdf', size: 1200, part: '2' }] };
    const m = message(normalizeEmailItem({ type: 'email', payload }, channel('email', { address: 'info@gemeente.example' })));
    expect(m.attachments).toEqual([{ type: 'application/pdf', mimeType: 'application/pdf', filename: 'bewijs.pdf', size: 1200, ref: 'INBOX;UIDVALIDITY=42/;UID=7/;SECTION=2' }]);
    const unplaced = message(normalizeEmailItem({ type: 'email', payload: { ...payload, attachments: [{ type: 'application/pdf', size: 3 }] } }, channel('email')));
    expect(attachmentFetchable(unplaced.attachments![0]!)).toBe(false);
  });

  it('IMAP part references read back, mailbox names encoded', () => {
    const ref = imapPartRef('Archief/2026 ;x', '9', 12, '1.2');
    expect(readImapPartRef(ref)).toEqual({ mailbox: 'Archief/2026 ;x', uidValidity: '9', uid: 12, part: '1.2' });
    expect(readImapPartRef('INBOX;UID=1')).toBeUndefined();
  });
});

describe('href in the ticket JSON', () => {
  it('is the API path for a web URL or a connector reference, null for a location, a contact card or a pseudo-URL alone', () => {
    expect(attachmentHref(3, 41, 0, { type: 'image', url: 'https://pbs.twimg.com/media/a.jpg' })).toBe('/api/tickets/3/messages/41/attachments/0');
    expect(attachmentHref(3, 41, 2, { type: 'document', ref: 'M1' })).toBe('/api/tickets/3/messages/41/attachments/2');
    expect(attachmentHref(3, 41, 0, { type: 'location', url: 'geo:51.05,3.72' })).toBeNull();
    expect(attachmentHref(3, 41, 0, { type: 'contacts' })).toBeNull();
    expect(attachmentHref(3, 41, 0, { type: 'image', url: 'javascript:alert(1)' })).toBeNull();
  });

  it('numbers the positions as stored; a missing list is none', () => {
    expect(attachmentsWithHref(1, 2, [{ type: 'a', ref: 'r' }, { type: 'b' }]).map((a) => a.href)).toEqual(['/api/tickets/1/messages/2/attachments/0', null]);
    expect(attachmentsWithHref(1, 2, null)).toEqual([]);
  });
});

describe('where files may be downloaded from', () => {
  const hosts = ['.fbcdn.net', 'lookaside.fbsbx.com'];
  it('https on the platform’s hosts (subdomains where the entry starts with a dot)', () => {
    expect(allowedUrl({}, 'https://scontent-gmp1-1.xx.fbcdn.net/v/a.jpg', hosts)).toBeDefined();
    expect(allowedUrl({}, 'https://lookaside.fbsbx.com/x', hosts)).toBeDefined();
    expect(allowedUrl({}, 'https://evil.fbsbx.com/x', hosts)).toBeUndefined();
    expect(allowedUrl({}, 'https://fbcdn.net.evil.example/a.jpg', hosts)).toBeUndefined();
  });
  it('never plain http, internal addresses, credentials in the URL or other schemes, except on the channel’s own base URL', () => {
    expect(allowedUrl({}, 'http://scontent.xx.fbcdn.net/a.jpg', hosts)).toBeUndefined();
    expect(allowedUrl({}, 'http://169.254.169.254/latest/meta-data', hosts)).toBeUndefined();
    expect(allowedUrl({}, 'https://user:pw@scontent.xx.fbcdn.net/a.jpg', hosts)).toBeUndefined();
    expect(allowedUrl({}, 'file:///etc/passwd', hosts)).toBeUndefined();
    expect(allowedUrl({ baseUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010/media/a.png', hosts)).toBeDefined();
    expect(allowedUrl({ baseUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4011/media/a.png', hosts)).toBeUndefined();
  });
  it('the type the platform said, else the message’s, else octet-stream', () => {
    expect(contentTypeOf('image/png; charset=binary', { mimeType: 'image/jpeg' })).toBe('image/png');
    expect(contentTypeOf('application/octet-stream', { mimeType: 'application/pdf' })).toBe('application/pdf');
    expect(contentTypeOf(undefined, {})).toBe('application/octet-stream');
    expect(contentTypeOf('<script>', {})).toBe('application/octet-stream');
  });
});

describe('how a file is answered', () => {
  it('raster images inline; SVG, HTML, PDF and anything else as a download', () => {
    const as = (contentType: string) => servedAttachment({ body: Buffer.from('x'), contentType }, {}, 0).disposition;
    expect(['image/png', 'image/jpeg', 'image/webp', 'image/gif'].map(as)).toEqual(['inline', 'inline', 'inline', 'inline']);
    expect(['image/svg+xml', 'text/html', 'application/pdf', 'video/mp4', 'application/octet-stream'].map(as)).toEqual(Array(5).fill('attachment'));
  });
  it('the citizen’s file name without path or quotes, else bijlage-<n> with an extension', () => {
    expect(attachmentFilename({ filename: '../../etc/"passwd"' }, 0, 'text/plain')).toBe('passwd');
    expect(attachmentFilename({}, 2, 'application/pdf')).toBe('bijlage-3.pdf');
    expect(attachmentFilename({}, 0, 'application/x-unknown')).toBe('bijlage-1');
    expect(contentDisposition({ disposition: 'attachment', filename: 'ontvangstbewijs café.pdf' })).toBe(`attachment; filename="ontvangstbewijs caf_.pdf"; filename*=UTF-8''ontvangstbewijs%20caf%C3%A9.pdf`);
  });
});

describe('the attachment cache', () => {
  const file = (bytes: number): ServedAttachment => ({ body: Buffer.alloc(bytes), contentType: 'image/png', disposition: 'inline', filename: 'f.png' });

  it('keeps at most maxBytes, evicting the least recently used', () => {
    const cache = new AttachmentCache(100, 60);
    expect(cache.set('a', file(40))).toBe(true);
    expect(cache.set('b', file(40))).toBe(true);
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    expect(cache.set('c', file(40))).toBe(true); // b goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(cache.size).toBe(80);
    expect(cache.count).toBe(2);
  });

  it('does not keep a file larger than maxEntryBytes', () => {
    const cache = new AttachmentCache(100, 60);
    expect(cache.set('big', file(61))).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const cache = new AttachmentCache(100, 60);
    cache.set('a', file(50));
    cache.set('a', file(30));
    expect(cache.size).toBe(30);
    expect(AttachmentCache.key(41, 2)).toBe('41:2');
  });
});

describe('emulator files', () => {
  it('a valid PNG of the asked size, different per name', () => {
    const png = demoPng('foto', 32, 24);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 24]);
    const idatLength = png.readUInt32BE(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength))).toHaveLength(24 * (1 + 32 * 3));
    expect(demoPng('andere foto', 32, 24).equals(png)).toBe(false);
  });
  it('a PDF for documents, a PNG for every image type', () => {
    expect(demoPdf('ontvangstbewijs').subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(demoFile('x', 'image/jpeg').contentType).toBe('image/png');
    expect(demoFile('x', 'application/pdf').contentType).toBe('application/pdf');
    expect(demoFile('x', 'audio/ogg; codecs=opus').contentType).toBe('audio/ogg');
  });
});
