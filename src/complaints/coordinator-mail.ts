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
  /** The entity's IANA time zone (entities.time_zone): the mail gives times as its coordinator reads a clock. */
  timeZone: string;
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
  const channel = channelLabel(complaint.channelName, complaint.platform);
  const thread = complaint.messages
    .map((m) => [`[${dutchDateTime(m.sentAt, complaint.timeZone)}]`, m.text, m.permalink ? `Origineel bericht / original post: ${m.permalink}` : ''].filter(Boolean).join('\n'))
    .join('\n\n');
  const text = [
    `Beste ${complaint.coordinatorName ?? 'klachtencoördinator'},`,
    '',
    `Via ${channel} kwam een bericht binnen dat als klacht werd herkend.`,
    `A message received on ${channelLabel(complaint.channelName, complaint.platform, 'en')} was recognised as a complaint.`,
    '',
    `Entiteit / entity: ${complaint.entityName}`,
    `Ticket: #${complaint.ticketNumber} - ${complaint.ticketUrl}`,
    `Kanaal / channel: ${channel}`,
    `Auteur / author: ${author}`,
    `Ontvangen / received: ${dutchDateTime(complaint.receivedAt, complaint.timeZone)}`,
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

/** A link into the web app: the configured public URL (settings.publicUrl, INBOX_PUBLIC_URL) and a path. */
export function publicLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The channel, named once: its own name, followed by the platform's display name unless the name
 * already says it (a demo channel's "<entity> (<platform>)", or just the platform); without a name,
 * the platform's name.
 */
export function channelLabel(channelName: string | null, platform: string, lang: 'nl' | 'en' = 'nl'): string {
  const platformLabel = platformName(platform, lang);
  const name = channelName?.trim();
  if (!name) return platformLabel;
  return name.toLowerCase().includes(platformLabel.toLowerCase()) ? name : `${name} (${platformLabel})`;
}

/** An instant as a Flemish reader reads it in `timeZone`: "donderdag 3 december 2026 om 14:05". */
export function dutchDateTime(instant: Date, timeZone: string): string {
  const parts = partsOf(
    new Intl.DateTimeFormat('nl-BE', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    instant,
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} om ${parts.hour}:${parts.minute}`;
}

/** A calendar day ("2026-12-03", already local to the entity) in Dutch: "donderdag 3 december 2026". */
export function dutchDate(day: string): string {
  const parts = partsOf(new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }), new Date(`${day}T12:00:00Z`));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

function partsOf(format: Intl.DateTimeFormat, instant: Date): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** An outbox key as the left part of a Message-ID (RFC 5322 dot-atom: no colons). */
function messageIdPart(key: string): string {
  return key.replace(/[^a-z0-9-]+/gi, '-');
}
