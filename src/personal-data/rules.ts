/**
 * Personal data (GDPR, issue 17): the pure rules. What an erased contact is called, how long an
 * entity keeps what (its retention settings and their defaults), and which mail files of the mail
 * folder are about a contact. No I/O.
 */

/** The name an erased contact keeps (its tombstone), in the interface's default language. */
export const ERASED_NAME = 'gewist';

/**
 * How long an entity keeps a citizen's data; null = no automatic removal.
 * - rawPayloadDays: the platform's raw payload of a message, stored webhook deliveries and
 *   quarantined items (needed to re-normalize or debug shortly after receipt, not after).
 * - closedTicketTextYears: the texts of a closed ticket (messages, their earlier versions and
 *   attachments, notes, the complaint case's personal fields and letters), counted from its closing.
 */
export interface RetentionSettings {
  rawPayloadDays: number | null;
  closedTicketTextYears: number | null;
}

export const RETENTION_DEFAULTS: RetentionSettings = { rawPayloadDays: 90, closedTicketTextYears: 5 };

export const RETENTION_LIMITS = { rawPayloadDays: { min: 1, max: 3650 }, closedTicketTextYears: { min: 1, max: 50 } } as const;

/** The stored settings (entities.settings.retention, possibly partial or absent) with the defaults filled in. */
export function retentionSettings(stored: unknown): RetentionSettings {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const pick = (key: keyof RetentionSettings): number | null => {
    const value = record[key];
    if (value === null) return null;
    const { min, max } = RETENTION_LIMITS[key];
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : RETENTION_DEFAULTS[key];
  };
  return { rawPayloadDays: pick('rawPayloadDays'), closedTicketTextYears: pick('closedTicketTextYears') };
}

/** The moments before which each kind of data goes, at `now`; null where the entity keeps it. */
export function retentionCutoffs(settings: RetentionSettings, now: Date): { rawBefore: Date | null; closedBefore: Date | null } {
  const rawBefore = settings.rawPayloadDays === null ? null : new Date(now.getTime() - settings.rawPayloadDays * 86_400_000);
  let closedBefore: Date | null = null;
  if (settings.closedTicketTextYears !== null) {
    closedBefore = new Date(now);
    closedBefore.setUTCFullYear(closedBefore.getUTCFullYear() - settings.closedTicketTextYears);
  }
  return { rawBefore, closedBefore };
}

/** What of a contact is in the mail folder's files: the headers our mails carry (coordinator-mail.ts, letter-mail.ts). */
export interface MailFileMatch {
  ticketNumbers: ReadonlySet<string>;
  complaintIds: ReadonlySet<string>;
  letterIds: ReadonlySet<string>;
}

/**
 * Whether a mail file (its header block) is about the contact: a coordinator mail or withdrawal
 * names the ticket and the complaint in X-Inbox-* headers, a case letter has `<letter-ID@…>` as its
 * Message-ID. Digests and channel alerts name no citizen and are left alone.
 */
export function mailIsAbout(headerBlock: string, match: MailFileMatch): boolean {
  const headers = parseHeaders(headerBlock);
  const ticket = headers.get('x-inbox-ticket');
  if (ticket !== undefined && match.ticketNumbers.has(ticket)) return true;
  const complaint = headers.get('x-inbox-complaint');
  if (complaint !== undefined && match.complaintIds.has(complaint)) return true;
  const messageId = headers.get('message-id') ?? '';
  const letter = /^<letter-(\d+)@/.exec(messageId);
  if (letter && match.letterIds.has(letter[1]!)) return true;
  const complaintMail = /^<complaint-(\d+)@/.exec(messageId);
  return complaintMail !== null && match.complaintIds.has(complaintMail[1]!);
}

/** The header block of a raw mail: everything before the first empty line. */
export function headerBlockOf(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return end < 0 ? raw : raw.slice(0, end);
}

/** Header names (lower case) to their unfolded values; the first of a repeated header wins. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** What an erasure removed (or would remove), counted; the confirmation shows it before, the audit after. */
export interface ErasureCounts {
  tickets: number;
  messages: number;
  rawPayloads: number;
  attachments: number;
  notes: number;
  cases: number;
  letters: number;
  webhookDeliveries: number;
  quarantined: number;
  auditEntries: number;
  mailFiles: number;
  /** Whether the contact row itself becomes a tombstone (false while another entity still holds the contact's tickets). */
  contactRow: boolean;
}
