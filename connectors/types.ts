/**
 * The contract every platform connector implements. A connector fetches one page of raw items,
 * translates raw items into InboundMessages (pure), and posts replies. It never touches the
 * database and never swallows an error: it throws one of the typed errors below and the poll
 * worker alone records the channel's health.
 */

import type { MessageKind, ModerationAction, ModerationState, Visibility } from './descriptor.js';
import type { Platform } from './platforms.js';

/** The platforms come from their descriptors (connectors/platforms.ts): no second list here. */
export { PLATFORMS, type Platform } from './platforms.js';
export type { MessageKind, ModerationAction, ModerationState, PlatformDescriptor, Visibility } from './descriptor.js';

/** Opaque to everything but the connector that wrote it; stored as JSON on the channel row. */
export type Cursor = { [key: string]: unknown };

export interface ChannelContext {
  id: string;
  entityId: string;
  platform: Platform;
  /** Platform account of the entity, e.g. { userId, handle } on X. Own messages are recognised by it. */
  account: Record<string, string>;
  /** Overrides the platform's API base URL (emulator, proxy). */
  baseUrl?: string;
  credentials: Record<string, string>;
}

/** One item as the platform returned it, plus whatever the connector joined to it (e.g. the author). */
export interface RawItem {
  /** Connector-defined item type, e.g. 'mention' or 'dm' on X. Selects the normalizer. */
  type: string;
  /** Best-effort id, used to name a quarantined item. */
  externalId?: string;
  payload: unknown;
}

export interface FetchResult {
  items: RawItem[];
  /** The cursor to store once these items are committed. */
  cursor: Cursor;
  /** True when another page is waiting right now; the poll worker fetches it in the same job. */
  more: boolean;
  rateLimit?: { remaining?: number; resetAt?: Date };
}

export interface Attachment {
  /** As the platform names it: image, video, audio, document, sticker, photo, file… (e-mail: the MIME type). */
  type: string;
  /** Where the platform serves it (a CDN URL), or a connector's own reference such as `whatsapp-media:<id>`. */
  url?: string;
  /** Bytes, when the platform says. */
  size?: number;
  /** The MIME type, when the platform says. */
  mimeType?: string;
  /** The file name the citizen sent (documents, e-mail attachments). */
  filename?: string;
  /**
   * What the connector's fetchAttachment() needs to get the file again besides `url` (which may have
   * expired): a WhatsApp media id, a Graph message id and position, an IMAP message part. Never sent to the web.
   */
  ref?: string;
}

/** Whether fetchAttachment() has something to go on: a web URL or a connector's reference. */
export function attachmentFetchable(attachment: Attachment): boolean {
  return attachment.ref !== undefined || /^https?:\/\//i.test(attachment.url ?? '');
}

/** An attachment's bytes as fetched from the platform, with the type the platform (or the message) gave. */
export interface AttachmentFile {
  body: Buffer;
  /** A MIME type; 'application/octet-stream' when nothing said. */
  contentType: string;
}

export interface InboundMessage {
  externalId: string;
  /**
   * Messages with the same key on a channel belong to one ticket while it is not closed.
   * Public threads include the author, so two citizens in one thread get two tickets.
   */
  conversationKey: string;
  parentExternalId?: string;
  kind: MessageKind;
  author: { platformUserId: string; handle?: string; name?: string };
  text: string;
  lang?: string;
  sentAt: Date;
  permalink?: string;
  attachments?: Attachment[];
  /** Review stars, 1–5, on platforms whose reviews or recommendations carry them. */
  rating?: number;
  raw: unknown;
  /**
   * The platform says the author edited the message, at this time: this is its newer version. When a
   * message is stored under externalId already, ingest gives it this text (the replaced text goes to its
   * history), attachments and rating when given, and marks it edited; a version no newer than the stored
   * one, or with nothing changed, changes nothing. When none is stored, it is stored as a new message, edited.
   */
  editedAt?: Date;
  /**
   * For a connector that once stored each version of a message under its own id `<prefix><version>`
   * (Google reviews: `<reviewId>@<updateTime>`): a citizen message in the same conversation whose id
   * starts with this prefix is this message, for dedupe and edits alike.
   */
  legacyIdPrefix?: string;
}

/** The platform says the author removed an earlier message (which carries no content of its own). */
export interface Removal {
  externalId: string;
  /** When it was removed, as the platform says (or when it told us). */
  at: Date;
}

export type NormalizeOutcome =
  | { kind: 'message'; message: InboundMessage }
  /**
   * Recognised but not a citizen message: the entity's own posts and replies, echoes, statuses. With
   * `removes`, a removal: ingest marks the stored message removed (its text stays, it is part of the
   * record) and ignores it when no such message is stored. It adds no message, so it is an ignored outcome.
   */
  | { kind: 'ignored'; reason: string; removes?: Removal };

export interface ReplyTarget {
  visibility: Visibility;
  /** Platform-specific thread data the reply needs (e-mail Message-ID and References, a YouTube thread id), from the message's raw payload. */
  inReplyToRaw?: unknown;
  /** The citizen message being answered (latest inbound message of the ticket). */
  inReplyToExternalId: string;
  inReplyToKind: MessageKind;
  conversationKey: string;
  recipientPlatformUserId: string;
}

/** What reply() posted. */
export interface ReplySent {
  externalId: string;
  /**
   * A private reply to a public message (a post, comment or mention) goes into a private conversation
   * (an X DM, the Messenger thread a Facebook private reply opens, an Instagram DM): the key under which
   * the citizen's answers there arrive, exactly as the platform's normalizer keys inbound DMs, so they
   * join the ticket the reply was sent from. They arrive on this channel or, for a Facebook Page, on
   * the channel sharing its account (Messenger). Absent when the reply stayed in the conversation it answered.
   */
  privateConversationKey?: string;
}

/** The citizen message a moderation action is about, as stored. */
export interface ModerationTarget {
  externalId: string;
  kind: MessageKind;
  parentExternalId?: string;
  conversationKey: string;
  /** The message's raw payload (e.g. the LinkedIn share a comment belongs to). */
  raw?: unknown;
}

/** A webhook delivery as the ingress received it: verification needs the raw bytes. */
export interface WebhookRequest {
  method: 'GET' | 'POST';
  query: Record<string, string | undefined>;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface WebhookResponse {
  status: number;
  body: string;
  contentType?: string;
}

/**
 * Push delivery (POST /webhooks/:platform/:channelId). The ingress verifies before anything
 * else, stores the raw event durably, answers fast, and ingests parse()'s items through the same
 * ingest() as polling. Webhook secrets live in the channel's credentials (e.g. appSecret, verifyToken).
 */
export interface WebhookSupport {
  /** Subscription handshake (Meta hub.challenge, LinkedIn challengeCode, X CRC): the answer, or undefined if the request is not one. */
  handshake?(request: WebhookRequest, channel: ChannelContext): WebhookResponse | undefined;
  /** Signature over the raw body (Meta X-Hub-Signature-256, LinkedIn X-LI-Signature, ...). False → 401, nothing stored. */
  verify(request: WebhookRequest, channel: ChannelContext): boolean;
  /** Items in the shape fetch() returns, so one normalize() serves polling and push. Throws on an unreadable body. */
  parse(body: unknown, channel: ChannelContext): RawItem[];
  /**
   * For deliveries that carry only ids (Instagram mentions): fetches what normalize() needs. May make
   * requests and throws the typed errors; the stored delivery is retried later.
   */
  enrich?(items: RawItem[], channel: ChannelContext): Promise<RawItem[]>;
}

export interface Connector {
  platform: Platform;
  /** One page. A push-only platform (WhatsApp) returns an empty page with more: false. */
  fetch(channel: ChannelContext, cursor: Cursor | null): Promise<FetchResult>;
  /** Pure: throws (any error) when the payload cannot be read; ingest quarantines it. */
  normalize(item: RawItem, channel: ChannelContext): NormalizeOutcome;
  reply(channel: ChannelContext, target: ReplyTarget, text: string): Promise<ReplySent>;
  /** Which visibilities a reply to this kind of message can have on the platform. */
  replyVisibilities(kind: MessageKind): Visibility[];
  /**
   * Asks the platform whether a reply with exactly this text, by the entity's own account, already
   * exists under the target, created at or after `since` (minus FIND_SENT_REPLY_SLACK_MS for clock
   * skew). The outbound worker calls it before sending again after an attempt that may have posted
   * (a crash between the call and its record, a timeout, a 5xx). Null: looked, it is not there.
   * Absent, or CannotTellError: the platform's API cannot tell. Other errors as for reply().
   */
  findSentReply?(channel: ChannelContext, target: ReplyTarget, text: string, since: Date): Promise<ReplySent | null>;
  /**
   * The bytes of one attachment normalize() listed, with the channel's credentials where the platform
   * needs them (Graph media ids, IMAP parts) and a plain GET of the platform's CDN URL otherwise; only
   * from the platform's own hosts or the channel's base URL. Throws the typed errors (PermanentError
   * when the file is gone or refused, TransientError to try later). Absent: the platform has no attachments.
   */
  fetchAttachment?(channel: ChannelContext, attachment: Attachment): Promise<AttachmentFile>;
  /**
   * Backfill: one page of the platform's history inside the window (sent at or after `since`, before
   * `until`), with its own cursor (never the poll cursor), `more: false` once the window is read or
   * the API cannot go further back. Items are the same RawItems fetch() returns, so normalize() makes
   * the same messages of them. Each connector says in its own doc comment how far back its API goes.
   * Absent: the platform gives no history back (WhatsApp's Cloud API only pushes).
   */
  history?(channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult>;
  webhook?: WebhookSupport;
  /**
   * Carries out one moderation action the descriptor's `moderation` lists for the target's kind, and
   * returns the state the message then has on the platform. Idempotent on the platform's side (hiding
   * a hidden comment changes nothing). Throws the typed errors as reply() does. Absent: the platform's
   * API offers no moderation of citizens' messages.
   */
  moderate?(channel: ChannelContext, target: ModerationTarget, action: ModerationAction): Promise<ModerationState>;
}

/** The time window a backfill reads: `since` inclusive, `until` exclusive. */
export interface HistoryWindow {
  since: Date;
  until: Date;
}

/** How far before the recorded start of a send attempt findSentReply looks (clock skew, queueing). */
export const FIND_SENT_REPLY_SLACK_MS = 10 * 60 * 1000;

/**
 * Text as platforms tend to give back what was posted: HTML entities of X decoded, line endings
 * and runs of white space folded, trimmed; so an own reply is recognised by its exact text.
 */
export function sameReplyText(posted: string, sent: string): boolean {
  const fold = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFC');
  return fold(posted) === fold(sent);
}

export class ConnectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The platform asked us to wait; the channel pauses until resetAt, other channels go on. */
export class RateLimitedError extends ConnectorError {
  /** The platform limits the whole app, not this account: every channel of the app waits (src/channels/app-budget.ts). */
  appWide = false;
  constructor(
    readonly resetAt: Date,
    message = `rate limited until ${resetAt.toISOString()}`,
  ) {
    super(message);
  }
}

/** The token was refused: the channel needs reconnecting and stops polling until fixed. */
export class AuthExpiredError extends ConnectorError {}

/** 5xx, timeouts, connection errors: try again at the next poll. */
export class TransientError extends ConnectorError {}

/** The request itself is wrong (4xx other than auth and rate limit): retrying will not help. */
export class PermanentError extends ConnectorError {}

/** A payload that cannot be read into an InboundMessage. */
export class NormalizeError extends Error {
  override name = 'NormalizeError';
}

/**
 * findSentReply could not find out whether the reply exists (the API does not list own replies
 * there, or not far enough back). The outbound worker then marks the reply 'uncertain'.
 */
export class CannotTellError extends ConnectorError {}
