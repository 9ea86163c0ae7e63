/**
 * Messenger raw items → InboundMessage. Pure: a table from item type to a small function.
 *   dm        { message: <Graph message: id, created_time, from{id,name,email}, to, message, attachments{data}, sticker>, conversationId }
 *             (polled from /{page}/conversations and /{conversation}/messages)
 *   dm_event  { event: <webhook messaging event: sender, recipient, timestamp, message{mid,text,attachments,is_echo,reply_to}
 *             | delivery | read | postback | reaction ...> }
 * One ticket per conversation: conversationKey `fb:dm:<psid>` (the citizen's page-scoped id).
 * Echoes (the Page's own messages), delivery and read receipts → ignored. A `message_edit` event
 * (`{ mid, text, num_edit }`) is the message's newer text (editedAt: the event's timestamp); a message
 * with `is_deleted` (unsent) is the removal of the stored one.
 */
import {
  NormalizeError,
  type Attachment,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type RawItem,
} from '../types.js';
import { parseGraphTime } from '../meta/paging.js';
import { isObject, normalizeByType, requireId, requireObject, requireString, str, strOrInt, type Json, type PayloadNormalizer } from '../payload.js';

/** A Messenger conversation's key: the citizen's page-scoped id (a private reply's send response names it too). */
export function messengerConversationKey(psid: string): string {
  return `fb:dm:${psid}`;
}

/** The id of a `{ id }` object such as sender or from. */
function idOf(v: unknown): string | undefined {
  return isObject(v) ? strOrInt(v.id) : undefined;
}

/**
 * Graph message attachments: `{ data: [{ mime_type, size, name, image_data{url}, video_data{url}, file_url }] }`.
 * The CDN URLs expire: `ref` (`<message id>#<position>`) lets the connector ask for a fresh one.
 */
function graphAttachments(message: Json, messageId: string): Attachment[] {
  const out: Attachment[] = [];
  const list = isObject(message.attachments) && Array.isArray(message.attachments.data) ? message.attachments.data : [];
  list.forEach((a: unknown, i) => {
    if (!isObject(a)) return;
    const mime = str(a.mime_type);
    const image = isObject(a.image_data) ? a.image_data : undefined;
    const video = isObject(a.video_data) ? a.video_data : undefined;
    const type = image ? 'image' : video ? 'video' : mime?.startsWith('audio/') ? 'audio' : mime ? 'file' : 'unknown';
    const item: Attachment = { type };
    const url = str(image?.url) ?? str(video?.url) ?? str(a.file_url);
    if (url) item.url = url;
    if (typeof a.size === 'number' && Number.isFinite(a.size)) item.size = a.size;
    if (mime) item.mimeType = mime;
    // Files keep the name the citizen gave; images get a generated one without extension ("image-<id>").
    const name = str(a.name);
    if (name && /\.[a-z0-9]{1,5}$/i.test(name)) item.filename = name;
    item.ref = `${messageId}#${i}`;
    out.push(item);
  });
  const sticker = str(message.sticker);
  if (sticker) out.push({ type: 'sticker', url: sticker });
  return out;
}

/** Webhook attachments: `[{ type: image|video|audio|file|fallback|..., payload: { url, sticker_id? } }]`; ref as above. */
function webhookAttachments(message: Json, mid: string): Attachment[] {
  const out: Attachment[] = [];
  if (!Array.isArray(message.attachments)) return out;
  message.attachments.forEach((a: unknown, i) => {
    if (!isObject(a)) return;
    const payload = isObject(a.payload) ? a.payload : {};
    const sticker = payload.sticker_id !== undefined;
    const type = sticker ? 'sticker' : (str(a.type) ?? 'unknown');
    const item: Attachment = { type };
    const url = str(payload.url);
    if (url) item.url = url;
    // A shared link (fallback) or a sticker is no file of the message to ask the Graph API for again.
    if (!sticker && type !== 'fallback' && type !== 'template') item.ref = `${mid}#${i}`;
    out.push(item);
  });
  return out;
}

function text(v: unknown, what: string, media: Attachment[]): string {
  const t = v ?? '';
  if (typeof t !== 'string') throw new NormalizeError(`${what} is not a string`);
  if (t.length === 0 && media.length === 0) throw new NormalizeError(`${what} is empty and there are no attachments`);
  return t;
}

const normalizeDm: PayloadNormalizer = (payload, channel) => {
  const message = requireObject(payload, 'message');
  const id = requireId(message, 'message');
  const psid = idOf(message.from);
  if (!psid) throw new NormalizeError('message.from.id is missing');
  if (psid === channel.account.pageId) return { kind: 'ignored', reason: 'own message' };
  const sent = parseGraphTime(message.created_time);
  if (!sent) throw new NormalizeError('message.created_time is missing or not a valid time');
  const media = graphAttachments(message, id);
  const from = message.from as Json;
  const author: InboundMessage['author'] = { platformUserId: psid };
  const name = str(from.name);
  if (name) author.name = name;
  const out: InboundMessage = {
    externalId: id,
    conversationKey: messengerConversationKey(psid),
    kind: 'dm',
    author,
    text: text(message.message, 'message.message', media),
    sentAt: sent,
    raw: payload,
  };
  if (media.length) out.attachments = media;
  return { kind: 'message', message: out };
};

/** Messaging events that are not a citizen's message, by the key that marks them. */
const NON_MESSAGE_EVENTS = ['delivery', 'read', 'postback', 'reaction', 'optin', 'referral', 'account_linking', 'policy_enforcement', 'pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles'];

/** `message_edit`: the citizen changed the text of a message sent before. */
function editEvent(event: Json, edit: Json, channel: ChannelContext): NormalizeOutcome {
  const mid = requireString(edit, 'mid', 'event.message_edit');
  const psid = idOf(event.sender);
  if (!psid) throw new NormalizeError('event.sender.id is missing');
  if (psid === channel.account.pageId) return { kind: 'ignored', reason: 'own message edited' };
  const at = parseGraphTime(event.timestamp);
  if (!at) throw new NormalizeError('event.timestamp is missing or not a valid time');
  const out: InboundMessage = {
    externalId: mid,
    conversationKey: messengerConversationKey(psid),
    kind: 'dm',
    author: { platformUserId: psid },
    text: text(edit.text, 'event.message_edit.text', []),
    sentAt: at,
    editedAt: at,
    raw: { event },
  };
  return { kind: 'message', message: out };
}

const normalizeDmEvent: PayloadNormalizer = (payload, channel) => {
  const event = requireObject(payload, 'event');
  if (isObject(event.message_edit)) return editEvent(event, event.message_edit, channel);
  const message = isObject(event.message) ? event.message : undefined;
  if (!message) {
    const kind = NON_MESSAGE_EVENTS.find((k) => k in event) ?? 'unknown';
    return { kind: 'ignored', reason: `messaging event ${kind}` };
  }
  if (message.is_echo === true) return { kind: 'ignored', reason: 'echo of own message' };
  if (message.is_deleted === true) {
    const mid = str(message.mid);
    const at = parseGraphTime(event.timestamp);
    if (!mid || !at || idOf(event.sender) === channel.account.pageId) return { kind: 'ignored', reason: 'deleted message' };
    return { kind: 'ignored', reason: 'deleted message', removes: { externalId: mid, at } };
  }
  const mid = requireString(message, 'mid', 'event.message');
  const psid = idOf(event.sender);
  if (!psid) throw new NormalizeError('event.sender.id is missing');
  if (psid === channel.account.pageId) return { kind: 'ignored', reason: 'own message' };
  const sent = parseGraphTime(event.timestamp);
  if (!sent) throw new NormalizeError('event.timestamp is missing or not a valid time');
  const media = webhookAttachments(message, mid);
  const out: InboundMessage = {
    externalId: mid,
    conversationKey: messengerConversationKey(psid),
    kind: 'dm',
    author: { platformUserId: psid },
    text: text(message.text, 'event.message.text', media),
    sentAt: sent,
    raw: payload,
  };
  const replyTo = isObject(message.reply_to) ? str(message.reply_to.mid) : undefined;
  if (replyTo) out.parentExternalId = replyTo;
  if (media.length) out.attachments = media;
  return { kind: 'message', message: out };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { dm: normalizeDm, dm_event: normalizeDmEvent };

export function normalizeMessenger(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'Messenger', item, channel);
}

/** When the citizen's message (a dm or dm_event payload, or the Graph message itself) was sent. */
export function messengerSentAt(raw: unknown): Date | undefined {
  if (!isObject(raw)) return undefined;
  if (isObject(raw.message) && raw.message.created_time !== undefined) return parseGraphTime(raw.message.created_time);
  if (isObject(raw.event)) return parseGraphTime(raw.event.timestamp);
  if (raw.created_time !== undefined) return parseGraphTime(raw.created_time);
  if (raw.timestamp !== undefined) return parseGraphTime(raw.timestamp);
  return undefined;
}
