/**
 * WhatsApp Cloud API webhooks (`object: whatsapp_business_account`): handshake and signature from
 * connectors/meta/signature.ts, and parse(), which turns one delivery into RawItems of the types
 * normalize.ts reads. For each `entry[].changes[]`:
 *   field `messages`:  value.messages[] → 'message' { message, contact?, metadata? } (contact matched on wa_id / user_id)
 *                      value.statuses[] → 'status'  { status, metadata? }  (our outgoing messages: ignored later)
 *                      value.errors[]   → 'error'   { error, metadata? }
 *   field `smb_message_echoes`: value.message_echoes[] → 'echo' { message, metadata? }
 * Other fields (account_update, template status, ...) carry no citizen message and give no item.
 */
import { metaWebhookHandshake, verifyMetaWebhook } from '../meta/signature.js';
import { NormalizeError, type RawItem, type WebhookSupport } from '../types.js';
import { isObject, str, type Json } from '../payload.js';

function objects(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** The contact of a message: same wa_id or user_id; a lone contact otherwise belongs to the lone sender. */
function contactOf(message: Json, contacts: Json[]): Json | undefined {
  const from = str(message.from);
  const userId = str(message.from_user_id);
  const match = contacts.find((c) => (from !== undefined && c.wa_id === from) || (userId !== undefined && c.user_id === userId));
  return match ?? (contacts.length === 1 ? contacts[0] : undefined);
}

function withMetadata(payload: Json, metadata: unknown): Json {
  if (isObject(metadata)) payload.metadata = metadata;
  return payload;
}

function item(type: string, externalId: string | undefined, payload: Json): RawItem {
  return externalId ? { type, externalId, payload } : { type, payload };
}

function valueItems(field: unknown, value: Json): RawItem[] {
  const items: RawItem[] = [];
  const metadata = value.metadata;
  if (field === 'messages') {
    const contacts = objects(value.contacts);
    for (const message of objects(value.messages)) {
      const payload: Json = { message };
      const contact = contactOf(message, contacts);
      if (contact) payload.contact = contact;
      items.push(item('message', str(message.id), withMetadata(payload, metadata)));
    }
    for (const status of objects(value.statuses)) {
      const id = str(status.id);
      const state = str(status.status);
      items.push(item('status', id && state ? `${id}:${state}` : id, withMetadata({ status }, metadata)));
    }
    for (const error of objects(value.errors)) items.push(item('error', undefined, withMetadata({ error }, metadata)));
  } else if (field === 'smb_message_echoes') {
    for (const message of objects(value.message_echoes)) items.push(item('echo', str(message.id), withMetadata({ message }, metadata)));
  }
  return items;
}

/** Reads a delivery; throws NormalizeError when it is not a WhatsApp webhook body at all. */
export function parseWhatsAppWebhook(body: unknown): RawItem[] {
  if (!isObject(body) || body.object !== 'whatsapp_business_account') throw new NormalizeError('body.object is not "whatsapp_business_account"');
  if (!Array.isArray(body.entry)) throw new NormalizeError('body.entry is not an array');
  const items: RawItem[] = [];
  for (const entry of objects(body.entry)) {
    for (const change of objects(entry.changes)) {
      if (isObject(change.value)) items.push(...valueItems(change.field, change.value));
    }
  }
  return items;
}

export const whatsappWebhook: WebhookSupport = {
  handshake: metaWebhookHandshake,
  verify: verifyMetaWebhook,
  parse: (body) => parseWhatsAppWebhook(body),
};
