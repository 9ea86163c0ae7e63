import { platformName } from '../../connectors/platforms.js';

/** What a coordinator receives when a complaint is routed. Pure: the route worker sends it. */
export interface RoutedComplaint {
  complaintId: number;
  ticketNumber: number;
  ticketUrl: string;
  entityName: string;
  coordinatorName: string | null;
  coordinatorEmail: string;
  channelName: string;
  platform: string;
  authorHandle: string | null;
  authorName: string | null;
  receivedAt: Date;
  messages: Array<{ text: string; sentAt: Date; permalink: string | null }>;
  signals: string[];
  confidence: number | null;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/**
 * The coordinator's mail about a routed complaint. Its Message-ID names the routing (`routing`: the
 * outbox row's key), so a repeat after a crash is recognisable and a later re-routing is a new mail.
 */
export function composeCoordinatorMail(complaint: RoutedComplaint, routing?: string): MailMessage {
  const author = [complaint.authorName, complaint.authorHandle ? `@${complaint.authorHandle}` : null].filter(Boolean).join(' ') || 'onbekend / unknown';
  const thread = complaint.messages
    .map((m) => [`[${m.sentAt.toISOString()}]`, m.text, m.permalink ? `Origineel bericht / original post: ${m.permalink}` : ''].filter(Boolean).join('\n'))
    .join('\n\n');
  const text = [
    `Beste ${complaint.coordinatorName ?? 'klachtencoördinator'},`,
    '',
    `Via ${platformName(complaint.platform)} (${complaint.channelName}) kwam een bericht binnen dat als klacht werd herkend.`,
    `A message received on ${platformName(complaint.platform, 'en')} (${complaint.channelName}) was recognised as a complaint.`,
    '',
    `Entiteit / entity: ${complaint.entityName}`,
    `Ticket: #${complaint.ticketNumber} - ${complaint.ticketUrl}`,
    `Kanaal / channel: ${complaint.channelName} (${platformName(complaint.platform)})`,
    `Auteur / author: ${author}`,
    `Ontvangen / received: ${complaint.receivedAt.toISOString()}`,
    complaint.confidence === null ? '' : `Zekerheid / confidence: ${Math.round(complaint.confidence * 100)}%`,
    complaint.signals.length ? `Signalen / signals: ${complaint.signals.join('; ')}` : '',
    '',
    '--- Bericht(en) / message(s) ---',
    thread,
    '',
    'Termijnen (Bestuursdecreet art. II.80-II.81): ontvangstmelding of gemotiveerde weigering binnen 10 dagen, antwoord binnen 45 dagen.',
    'Deadlines: acknowledgement or reasoned refusal within 10 days, answer within 45 days.',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n');
  return {
    to: complaint.coordinatorEmail,
    subject: `[Klacht #${complaint.ticketNumber}] ${complaint.entityName} via ${platformName(complaint.platform)}${complaint.authorHandle ? ` - @${complaint.authorHandle}` : ''}`,
    text,
    messageId: routing?.includes(':again:') ? `<${messageIdPart(routing)}@social-inbox>` : `<complaint-${complaint.complaintId}@social-inbox>`,
    headers: { 'X-Inbox-Ticket': String(complaint.ticketNumber), 'X-Inbox-Complaint': String(complaint.complaintId) },
  };
}

/**
 * Tells a coordinator who was already notified that a routed ticket is not a complaint after all.
 * `key` names this withdrawal (its outbox row), so a repeat after a crash keeps its Message-ID.
 */
export function composeWithdrawalMail(complaint: RoutedComplaint, reason: string, key: string): MailMessage {
  const text = [
    `Beste ${complaint.coordinatorName ?? 'klachtencoördinator'},`,
    '',
    `Ticket #${complaint.ticketNumber} (${complaint.entityName}, ${platformName(complaint.platform)}) werd u als klacht bezorgd, maar is na nazicht geen klacht.`,
    `Ticket #${complaint.ticketNumber} was routed to you as a complaint, but on review it is not one.`,
    '',
    `Reden / reason: ${reason}`,
    `Ticket: ${complaint.ticketUrl}`,
  ].join('\n');
  return {
    to: complaint.coordinatorEmail,
    subject: `[Klacht #${complaint.ticketNumber} ingetrokken] ${complaint.entityName}`,
    text,
    messageId: `<${messageIdPart(key)}@social-inbox>`,
    headers: { 'X-Inbox-Ticket': String(complaint.ticketNumber), 'X-Inbox-Complaint': String(complaint.complaintId), References: `<complaint-${complaint.complaintId}@social-inbox>` },
  };
}

/** An outbox key as the left part of a Message-ID (RFC 5322 dot-atom: no colons). */
function messageIdPart(key: string): string {
  return key.replace(/[^a-z0-9-]+/gi, '-');
}
