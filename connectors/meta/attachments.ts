/**
 * Attachment files on Meta's platforms, for the fetchAttachment() of the Facebook, Messenger,
 * Instagram and WhatsApp connectors:
 * - WhatsApp media: `GET /{media-id}` with the channel's token gives `{ url, mime_type, file_size }`;
 *   the file is then a GET of that URL with the same Bearer token (PLATFORMS.md 6.2).
 * - Messenger and Instagram DM attachments: the payload's CDN URL is signed and expires; when it
 *   answers 403/404/410 the message is read again (`GET /{message-id}?fields=attachments`, the
 *   attachment's `ref` is `<message id>#<position>`) for a fresh URL.
 * - Page posts and comments, Instagram media: a plain GET of the CDN URL.
 * Files come only from Meta's file hosts (or the channel's base URL: the emulators).
 */
import { AttachmentGoneError, contentTypeOf, downloadFile } from '../attachments.js';
import { createHttpClient, type HttpClient } from '../http.js';
import { isObject, str } from '../payload.js';
import { PermanentError, type Attachment, type AttachmentFile, type ChannelContext } from '../types.js';
import { graphNetworkError } from './errors.js';
import { graphTargetFor, type GraphClient } from './graph-client.js';

/** Where Meta serves files: the lookaside (WhatsApp media, Instagram DMs) and the Facebook and Instagram CDNs. */
export const META_FILE_HOSTS = ['.fbsbx.com', '.fbcdn.net', '.cdninstagram.com'] as const;

export function createMetaFileClient(timeoutMs = 30_000): HttpClient {
  return createHttpClient({ name: 'Meta', timeoutMs, networkError: graphNetworkError });
}

/** The URL inside one Graph message attachment (`image_data.url`, `video_data.url`, `file_url`) or webhook attachment (`payload.url`). */
export function graphAttachmentUrl(a: unknown): string | undefined {
  if (!isObject(a)) return undefined;
  const image = isObject(a.image_data) ? a.image_data : undefined;
  const video = isObject(a.video_data) ? a.video_data : undefined;
  const payload = isObject(a.payload) ? a.payload : undefined;
  return str(image?.url) ?? str(video?.url) ?? str(a.file_url) ?? str(payload?.url);
}

/** A public CDN file: a plain GET, no token. */
export async function fetchMetaCdnFile(files: HttpClient, channel: ChannelContext, attachment: Attachment, what: string): Promise<AttachmentFile> {
  if (!attachment.url) throw new PermanentError(`${what}: the attachment has no URL`);
  const file = await downloadFile(files, channel, attachment.url, { hosts: META_FILE_HOSTS, what });
  return { body: file.body, contentType: contentTypeOf(file.contentType, attachment) };
}

/**
 * A DM attachment: its CDN URL, or when that has expired (or there is none) the URL the Graph API
 * gives now for the same message and position.
 */
export async function fetchMessageAttachment(graph: GraphClient, files: HttpClient, channel: ChannelContext, attachment: Attachment, platformName: string): Promise<AttachmentFile> {
  const what = `${platformName} GET attachment`;
  if (attachment.url && /^https?:/i.test(attachment.url)) {
    try {
      return await fetchMetaCdnFile(files, channel, attachment, what);
    } catch (err) {
      if (!(err instanceof AttachmentGoneError) || !attachment.ref) throw err;
    }
  }
  const match = /^(.+)#(\d+)$/.exec(attachment.ref ?? '');
  if (!match) throw new PermanentError(`${what}: the attachment has no URL and no message reference`);
  const target = graphTargetFor(channel, { platformName });
  const res = await graph.get(target, encodeURIComponent(match[1]!), { fields: 'attachments{id,mime_type,name,size,image_data,video_data,file_url}' }, `${platformName} GET message attachments`);
  const list = isObject(res.body.attachments) && Array.isArray(res.body.attachments.data) ? res.body.attachments.data : [];
  const url = graphAttachmentUrl(list[Number(match[2])]);
  if (!url) throw new AttachmentGoneError(`${what}: the message no longer has this attachment`);
  return fetchMetaCdnFile(files, channel, { ...attachment, url }, what);
}

/** The WhatsApp media id of an attachment: its ref, or the id in a `whatsapp-media:<id>` URL (messages stored before refs). */
export function whatsappMediaId(attachment: Attachment): string | undefined {
  return attachment.ref ?? /^whatsapp-media:(.+)$/.exec(attachment.url ?? '')?.[1];
}

/** A WhatsApp media file: `GET /{media-id}` for its URL, then that URL with the Bearer token. */
export async function fetchWhatsAppMedia(graph: GraphClient, files: HttpClient, channel: ChannelContext, attachment: Attachment): Promise<AttachmentFile> {
  const mediaId = whatsappMediaId(attachment);
  if (!mediaId) throw new PermanentError('WhatsApp attachment has no media id');
  const target = graphTargetFor(channel, { platformName: 'WhatsApp' });
  const query: Record<string, string> = {};
  if (channel.account.phoneNumberId) query.phone_number_id = channel.account.phoneNumberId;
  const info = await graph.get(target, encodeURIComponent(mediaId), query, 'GET media');
  const url = str(info.body.url);
  if (!url) throw new PermanentError('WhatsApp GET media answered without a url');
  const file = await downloadFile(files, channel, url, {
    hosts: META_FILE_HOSTS,
    what: 'WhatsApp GET media file',
    headers: { authorization: `Bearer ${target.accessToken}` },
    secrets: [target.accessToken, ...(target.secrets ?? [])],
  });
  return { body: file.body, contentType: contentTypeOf(file.contentType, { mimeType: str(info.body.mime_type) ?? attachment.mimeType }) };
}
