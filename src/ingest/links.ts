import type { Queryable } from '../db/db.js';
import { upsertConversationLinks } from './sql.js';

/**
 * A reply from a ticket went into a private conversation (connectors' ReplySent.privateConversationKey):
 * the citizen's messages there join that ticket while the conversation has no ticket of its own that
 * takes them (src/ingest/tickets.ts). `channelIds`: every channel the conversation's messages may arrive on.
 */
export async function linkConversation(tx: Queryable, link: { channelIds: string[]; conversationKey: string; ticketId: number }): Promise<void> {
  await upsertConversationLinks(tx, [...new Set(link.channelIds)], link.conversationKey, link.ticketId);
}
