/**
 * A local stand-in for the WhatsApp Cloud API: the send endpoint `POST /{phone-number-id}/messages`
 * (answers like send_message_response.meta-docs.json, Graph error envelopes from
 * connectors/meta/error-bodies.ts), and the other direction, Meta's webhook deliveries: citizens'
 * messages and delivery statuses built in the shapes of the recorded 2026 captures in
 * test/fixtures/platforms/whatsapp/, serialised the way Meta does (non-ASCII as \uXXXX, '/' as '\/')
 * and signed with X-Hub-Signature-256. Used by tests and demo mode.
 *
 * Media the citizens sent can be downloaded like from the Cloud API: `GET /{media-id}` answers
 * `{ url, mime_type, sha256, file_size, id }` (the url on this emulator, standing in for
 * lookaside.fbsbx.com), and that url with the Bearer token answers the bytes (a PNG for images and
 * stickers, a PDF for documents; see emulator-media.ts). `mediaDownloads` counts the file requests.
 *
 * Simplifications: the 24-hour window is enforced synchronously with error 131047 (the real API
 * may accept the request and report a `failed` status by webhook instead); only text messages and
 * read receipts can be sent (no templates, media or interactive messages); media URLs do not expire;
 * no throughput accounting (only failNext produces 130429); no statuses are pushed by
 * themselves (statusDelivery() builds one on request).
 */
import { LoopbackEmulator } from '../loopback-server.js';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { graphErrorReply, graphInvalidToken, graphMissingToken, graphUnknownObject, type GraphErrorReply } from '../meta/error-bodies.js';
import { serveGraphRequest, signedMetaDelivery, type GraphRequestLogEntry, type MetaDelivery } from '../meta/json.js';
import { isObject, type Json } from '../payload.js';
import { demoFile, type EmulatorFile } from '../emulator-media.js';
import { debugTokenReply } from '../meta/debug-token.js';
import { EMULATOR_OAUTH_APP } from '../oauth-emulator.js';

export interface WhatsAppNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  token: string;
}

export interface WhatsAppReplyRecord {
  id: string;
  phoneNumberId: string;
  to: string;
  text: string;
  at: Date;
}

export type WhatsAppRequestLogEntry = GraphRequestLogEntry;

/** A webhook delivery as Meta would POST it: the exact bytes and the headers that go with them. */
export type WhatsAppDelivery = MetaDelivery;

export type WhatsAppMediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** Failure kinds, or the HTTP status they answer with (429 → throughput, 401 → expired token, 500, 503, 400). */
export type WhatsAppFailure = 'throughput' | 'expired_token' | 'server_error' | 'transient' | 'reengagement' | 'invalid_parameter' | 400 | 401 | 429 | 500 | 503;

interface FailRule {
  failure: WhatsAppFailure;
  remaining: number;
  path?: RegExp;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The 131047 envelope as the Cloud API error reference documents it. */
function reengagement(): GraphErrorReply {
  return {
    status: 400,
    body: {
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: {
          messaging_product: 'whatsapp',
          details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
        fbtrace_id: `A${randomBytes(6).toString('hex')}`,
      },
    },
    headers: {},
  };
}

function failureReply(failure: WhatsAppFailure, wabaId: string): GraphErrorReply {
  switch (failure) {
    case 'throughput':
    case 429:
      return graphErrorReply('whatsapp_throughput', { usageId: wabaId });
    case 'expired_token':
    case 401:
      return graphErrorReply('expired_token');
    case 'server_error':
    case 503:
      return graphErrorReply('server_error');
    case 'transient':
    case 500:
      return graphErrorReply('transient');
    case 'reengagement':
      return reengagement();
    case 'invalid_parameter':
    case 400:
      return invalidParameter('Invalid parameter');
  }
}

function invalidParameter(details: string): GraphErrorReply {
  return {
    status: 400,
    body: {
      error: {
        message: '(#100) Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: `A${randomBytes(6).toString('hex')}`,
      },
    },
    headers: {},
  };
}

export class WhatsAppEmulator extends LoopbackEmulator {
  readonly replies: WhatsAppReplyRecord[] = [];
  readonly requestLog: WhatsAppRequestLogEntry[] = [];
  /** Every delivery built, in order. */
  readonly deliveries: WhatsAppDelivery[] = [];

  private readonly appSecret: string;
  private readonly numbers = new Map<string, WhatsAppNumber>();
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  /** GET /debug_token: when a token expires (absent = never, as a system user's token). */
  private readonly expiries = new Map<string, { expiresAt: Date | null }>();
  /** `${phoneNumberId}:${waId}` → the citizen's last message time (the 24-hour window). */
  private readonly lastInbound = new Map<string, number>();
  private readonly failRules: FailRule[] = [];
  private callbackUrl: string | undefined;
  private seq = 1;
  /** media id → the file and the business it belongs to. */
  private readonly media = new Map<string, EmulatorFile & { wabaId: string; sha256: string }>();
  /** Requests for media bytes (the lookaside URL), answered or refused. */
  mediaDownloads = 0;

  /** appSecret signs the webhook deliveries; give the channel the same credentials.appSecret. */
  constructor(opts: { port?: number; appSecret?: string } = {}) {
    super(opts.port ?? 0);
    this.appSecret = opts.appSecret ?? 'emulator-app-secret';
  }

  addNumber(n: WhatsAppNumber): void {
    this.numbers.set(n.phoneNumberId, n);
    this.tokens.set(n.token, n.phoneNumberId);
  }

  failNext(failure: WhatsAppFailure, opts: { count?: number; path?: RegExp } = {}): void {
    const rule: FailRule = { failure, remaining: opts.count ?? 1 };
    if (opts.path) rule.path = opts.path;
    this.failRules.push(rule);
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
  }

  /** What GET /debug_token (asked with the emulators' app token) says of a token's expiry. */
  setTokenExpiry(token: string, expiresAt: Date | null): void {
    this.expiries.set(token, { expiresAt });
  }

  // ---- the webhook direction: citizens write ----

  /** A citizen's text message, as the `messages` webhook delivers it (mensagem_texto.json). */
  receiveText(m: { phoneNumberId: string; from: string; text: string; name?: string; userId?: string; at?: Date; id?: string; contextId?: string }): WhatsAppDelivery {
    const message: Json = { from: m.from, id: m.id ?? this.wamid(), timestamp: '', type: 'text', text: { body: m.text } };
    if (m.userId) message.from_user_id = m.userId;
    if (m.contextId) message.context = { from: this.number(m.phoneNumberId).displayPhoneNumber, id: m.contextId };
    return this.inbound(m, message);
  }

  /** An image, document, audio, video or sticker (imagem.json): a media id and a lookaside url. */
  receiveMedia(m: {
    phoneNumberId: string; from: string; type: WhatsAppMediaType; caption?: string; mimeType?: string; filename?: string;
    name?: string; at?: Date; id?: string; mediaId?: string;
  }): WhatsAppDelivery {
    const mediaId = m.mediaId ?? String(1000000000000000 + this.seq++);
    const mimeType = m.mimeType ?? (m.type === 'audio' ? 'audio/ogg; codecs=opus' : m.type === 'document' ? 'application/pdf' : m.type === 'sticker' ? 'image/webp' : 'image/jpeg');
    const file = demoFile(m.filename ?? `${m.type}-${mediaId}`, mimeType);
    const sha256 = createHash('sha256').update(file.body).digest('base64');
    this.media.set(mediaId, { ...file, wabaId: this.number(m.phoneNumberId).wabaId, sha256 });
    const media: Json = {
      id: mediaId,
      mime_type: mimeType,
      sha256,
      url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${mediaId}`,
    };
    if (m.caption) media.caption = m.caption;
    if (m.filename) media.filename = m.filename;
    if (m.type === 'audio') media.voice = true;
    return this.inbound(m, { from: m.from, id: m.id ?? this.wamid(), timestamp: '', type: m.type, [m.type]: media });
  }

  /** A delivery status of a message we sent (status_sent_with_pricing.json shape). */
  statusDelivery(s: { phoneNumberId: string; messageId: string; recipient: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at?: Date }): WhatsAppDelivery {
    const status: Json = { id: s.messageId, status: s.status, timestamp: unix(s.at ?? new Date()), recipient_id: s.recipient };
    if (s.status === 'sent') status.pricing = { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' };
    if (s.status === 'failed') {
      status.errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];
    }
    return this.envelope(s.phoneNumberId, { statuses: [status] });
  }

  /** Signs any body (a recorded fixture, a forged one) the way Meta would deliver it. */
  sign(body: unknown): WhatsAppDelivery {
    const delivery = signedMetaDelivery(this.appSecret, body);
    this.deliveries.push(delivery);
    return delivery;
  }

  /**
   * Registers a callback URL like the App Dashboard does: Meta first sends the hub.challenge
   * handshake and keeps the URL only when it is echoed. Throws when the handshake fails.
   */
  async subscribe(callbackUrl: string, verifyToken: string): Promise<void> {
    const challenge = String(Date.now());
    const url = new URL(callbackUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (res.status !== 200 || text !== challenge) throw new Error(`webhook handshake failed with HTTP ${res.status}`);
    this.callbackUrl = callbackUrl;
  }

  /** POSTs a delivery to the subscribed callback URL; returns the HTTP status. */
  async deliver(delivery: WhatsAppDelivery): Promise<number> {
    if (!this.callbackUrl) throw new Error('no callback URL: call subscribe() first');
    const res = await fetch(this.callbackUrl, { method: 'POST', headers: delivery.headers, body: delivery.rawBody, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  }

  // ---- internals ----

  private wamid(): string {
    return `wamid.${Buffer.from(`EMU${Date.now()}${this.seq++}${randomBytes(4).toString('hex')}`).toString('base64')}`;
  }

  private number(phoneNumberId: string): WhatsAppNumber {
    const n = this.numbers.get(phoneNumberId);
    if (!n) throw new Error(`unknown phone number id ${phoneNumberId}: addNumber() first`);
    return n;
  }

  private inbound(m: { phoneNumberId: string; from: string; name?: string; userId?: string; at?: Date }, message: Json): WhatsAppDelivery {
    const at = m.at ?? new Date();
    message.timestamp = unix(at);
    const key = `${m.phoneNumberId}:${m.from}`;
    this.lastInbound.set(key, Math.max(this.lastInbound.get(key) ?? 0, at.getTime()));
    const contact: Json = { profile: { name: m.name ?? m.from }, wa_id: m.from };
    if (m.userId) contact.user_id = m.userId;
    return this.envelope(m.phoneNumberId, { contacts: [contact], messages: [message] });
  }

  private envelope(phoneNumberId: string, value: Json): WhatsAppDelivery {
    const n = this.number(phoneNumberId);
    return this.sign({
      object: 'whatsapp_business_account',
      entry: [{
        id: n.wabaId,
        changes: [{
          value: { messaging_product: 'whatsapp', metadata: { display_phone_number: n.displayPhoneNumber, phone_number_id: n.phoneNumberId }, ...value },
          field: 'messages',
        }],
      }],
    });
  }

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path === '/whatsapp_business/attachments/') {
      this.serveMediaFile(req, res);
      return;
    }
    serveGraphRequest(req, res, rawBody, this.requestLog, (url, path, method) => this.dispatch(req, url, path, method, rawBody));
  }

  private dispatch(req: http.IncomingMessage, url: URL, path: string, method: string, rawBody: string): { status: number; body: unknown; headers: Record<string, string> } {
    if (path === '/debug_token' && method === 'GET') {
      const known = (token: string) => (this.tokens.has(token) && !this.revoked.has(token) ? { valid: true, type: 'SYSTEM_USER', ...this.expiries.get(token) } : undefined);
      return { ...debugTokenReply(url.searchParams, EMULATOR_OAUTH_APP, known), headers: {} };
    }
    const forced = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(path)));
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : url.searchParams.get('access_token') ?? undefined;
    const ownerId = token ? this.tokens.get(token) : undefined;
    const waba = ownerId ? this.numbers.get(ownerId)?.wabaId ?? '0' : '0';
    if (forced) {
      forced.remaining--;
      return failureReply(forced.failure, waba);
    }
    if (!token) return graphMissingToken();
    if (this.revoked.has(token)) return graphErrorReply('expired_token');
    if (!ownerId) return graphInvalidToken();
    const mediaInfo = method === 'GET' ? /^\/([^/]+)$/.exec(path) : null;
    const media = mediaInfo ? this.media.get(decodeURIComponent(mediaInfo[1]!)) : undefined;
    if (mediaInfo && media && media.wabaId === this.numbers.get(ownerId)?.wabaId) {
      const id = decodeURIComponent(mediaInfo[1]!);
      return {
        status: 200,
        body: { messaging_product: 'whatsapp', url: `${this.url}whatsapp_business/attachments/?mid=${encodeURIComponent(id)}`, mime_type: media.contentType, sha256: media.sha256, file_size: media.body.length, id },
        headers: {},
      };
    }
    const send = /^\/([^/]+)\/messages$/.exec(path);
    if (!send || method !== 'POST') return graphUnknownObject(path.split('/')[1] ?? '');
    const phoneNumberId = decodeURIComponent(send[1]!);
    const number = this.numbers.get(phoneNumberId);
    // A token of one business cannot send from another business's number.
    if (!number || number.wabaId !== this.numbers.get(ownerId)?.wabaId) return graphUnknownObject(phoneNumberId);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : {};
    } catch {
      return invalidParameter('The request body is not valid JSON');
    }
    return this.send(number, isObject(body) ? body : {});
  }

  /** The lookaside URL: the bytes, for a token of the business the media belongs to. */
  private serveMediaFile(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.mediaDownloads++;
    const url = new URL(req.url ?? '/', 'http://emulator');
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const ownerId = token && !this.revoked.has(token) ? this.tokens.get(token) : undefined;
    const media = this.media.get(url.searchParams.get('mid') ?? '');
    const status = !ownerId ? 401 : !media || media.wabaId !== this.numbers.get(ownerId)?.wabaId ? 404 : 200;
    this.requestLog.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status });
    if (status !== 200 || !media) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 401 ? 'Unauthorized' : 'Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': media.contentType, 'content-length': String(media.body.length) });
    res.end(media.body);
  }

  private send(number: WhatsAppNumber, b: Json): { status: number; body: unknown; headers: Record<string, string> } {
    if (b.messaging_product !== 'whatsapp') return invalidParameter('The parameter messaging_product is required.');
    if (b.status === 'read') return { status: 200, body: { success: true }, headers: {} };
    const to = typeof b.to === 'string' ? b.to : '';
    if (!to) return invalidParameter('The parameter to is required.');
    if (b.type !== 'text') return invalidParameter('The emulator sends text messages only.');
    const text = isObject(b.text) && typeof b.text.body === 'string' ? b.text.body : '';
    if (!text) return invalidParameter('The parameter text[\'body\'] is required.');
    if (text.length > 4096) return invalidParameter('Param text[\'body\'] must be at most 4096 characters long.');
    const last = this.lastInbound.get(`${number.phoneNumberId}:${to}`);
    if (last === undefined || Date.now() - last > DAY_MS) return reengagement();
    const id = this.wamid();
    this.replies.push({ id, phoneNumberId: number.phoneNumberId, to, text, at: new Date() });
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id, message_status: 'accepted' }] },
      headers: {},
    };
  }
}

function unix(d: Date): string {
  return String(Math.floor(d.getTime() / 1000));
}

/**
 * Demo mode: seven citizens write to the given number (Dutch mostly, one French, one English: questions, a
 * complaint with a concrete case and its receipt as a PDF, a photo of a road defect, dissatisfaction,
 * thanks). Returns the signed deliveries, oldest first.
 */
export function seedDemo(emulator: WhatsAppEmulator, account: { phoneNumberId: string }): WhatsAppDelivery[] {
  const now = Date.now();
  const minutes = (n: number) => new Date(now - n * 60_000);
  const p = account.phoneNumberId;
  return [
    emulator.receiveText({ phoneNumberId: p, from: '32470112233', name: 'Annelies Peeters', at: minutes(95),
      text: 'Goedemiddag, tot wanneer kan ik mijn aanvraag voor de renovatiepremie indienen? Mijn facturen zijn van maart.' }),
    emulator.receiveText({ phoneNumberId: p, from: '32486445566', name: 'Koen De Smet', at: minutes(80),
      text: 'Ik dien een klacht in: mijn dossier 2026/48113 voor de huurpremie ligt al vijf maanden stil en op mijn twee mails van 3 en 17 september kwam geen antwoord.' }),
    emulator.receiveMedia({ phoneNumberId: p, from: '32486445566', name: 'Koen De Smet', at: minutes(79), type: 'document',
      filename: 'ontvangstbewijs.pdf', caption: 'Hier het ontvangstbewijs van mijn aanvraag.' }),
    emulator.receiveMedia({ phoneNumberId: p, from: '32479334455', name: 'Bart Claes', at: minutes(70), type: 'image', mimeType: 'image/jpeg',
      caption: 'Foto van de put in het fietspad langs de N70 in Sint-Niklaas, ter hoogte van huisnummer 112. Gisteren ben ik er bijna gevallen.' }),
    emulator.receiveText({ phoneNumberId: p, from: '32495778899', name: 'Sofie Willems', at: minutes(60),
      text: 'Al drie keer gebeld naar het contactcenter en telkens een half uur in de wachtrij. Niet echt klantvriendelijk.' }),
    emulator.receiveText({ phoneNumberId: p, from: '32472990011', name: 'Mathilde Dubois', at: minutes(42),
      text: 'Bonjour, est-ce que je peux recevoir les documents pour la prime énergie en français ?' }),
    emulator.receiveText({ phoneNumberId: p, from: '447700900123', name: 'James Carter', at: minutes(25),
      text: 'Hello, I recently moved to Ghent. Which documents do I need to register my address?' }),
    emulator.receiveText({ phoneNumberId: p, from: '32470112233', name: 'Annelies Peeters', at: minutes(5),
      text: 'Bedankt voor de snelle hulp gisteren, mijn aanvraag is ingediend!' }),
  ];
}
