import { attachmentFetchable, type Attachment } from '../../connectors/types.js';

/**
 * Where the web app gets a message's attachment: the API path that fetches it with the channel's
 * credentials (src/tickets/attachment-routes.ts), or null when there is nothing to fetch it by (a
 * location, a contact card, an unsupported message). Pure.
 */
export function attachmentHref(ticketId: number, messageId: number, index: number, attachment: Attachment): string | null {
  return attachmentFetchable(attachment) ? `/api/tickets/${ticketId}/messages/${messageId}/attachments/${index}` : null;
}

/** A stored message's attachments as the ticket JSON shows them: the stored fields and their href. */
export function attachmentsWithHref(ticketId: number, messageId: number, attachments: Attachment[] | null): Array<Attachment & { href: string | null }> {
  return (Array.isArray(attachments) ? attachments : []).map((a, index) => ({ ...a, href: attachmentHref(ticketId, messageId, index, a) }));
}
