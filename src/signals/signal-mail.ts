import type { MailMessage } from '../complaints/coordinator-mail.js';
import { dutchDateTime, publicLink } from '../complaints/coordinator-mail.js';

/**
 * The mail to the entity's competent service about a topic spike. Pure. It names the topic, the
 * counts and the tickets (numbers and links), never a citizen's text, nor the other phrases of the
 * same messages (word pairs that may quote a citizen): the service reads those in the inbox.
 */

export interface SignalForMail {
  id: number;
  entityName: string;
  phrase: string;
  windowStart: Date;
  windowEnd: Date;
  messageCount: number;
  baselineCount: number;
  baselineDays: number;
  expected: number;
  ratio: number;
  tickets: Array<{ id: number; number: number }>;
}

/** A mail lists at most this many tickets; the dashboard shows them all. */
const MAX_TICKETS = 50;

function time(instant: Date, timeZone: string, lang: 'nl' | 'en'): string {
  if (lang === 'nl') return dutchDateTime(instant, timeZone);
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

/** "0.4", "12": an expected count as people read it. */
export function roundedCount(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

export function composeSignalMail(input: { signal: SignalForMail; to: string; language: 'nl' | 'en'; timeZone: string; publicUrl: string }): MailMessage {
  const { signal, to, language: lang, timeZone, publicUrl } = input;
  const minutes = Math.round((signal.windowEnd.getTime() - signal.windowStart.getTime()) / 60_000);
  const from = time(signal.windowStart, timeZone, lang);
  const expected = roundedCount(signal.expected);
  const ratio = Math.round(signal.ratio);
  const shown = signal.tickets.slice(0, MAX_TICKETS);
  const ticketLines = shown.map((t) => `- #${t.number}: ${publicLink(publicUrl, `/tickets/${t.id}`)}`);
  const more = signal.tickets.length - shown.length;
  const dashboard = publicLink(publicUrl, `/dashboard#signal-${signal.id}`);
  const text =
    lang === 'nl'
      ? [
          'Beste collega,',
          '',
          `Bij ${signal.entityName} komen opvallend veel berichten binnen over “${signal.phrase}”: ${signal.messageCount} in ${minutes} minuten (vanaf ${from}).`,
          `Gewoonlijk zijn dat er ${expected} in zo'n periode: ${signal.baselineCount} in de ${signal.baselineDays} dagen ervoor. Dat is ongeveer ${ratio} keer zoveel als gewoonlijk.`,
          '',
          `De tickets (${signal.tickets.length}):`,
          ...ticketLines,
          ...(more > 0 ? [`… en nog ${more} in het dashboard.`] : []),
          '',
          `Het signaal in het dashboard: ${dashboard}`,
          '',
          'U krijgt deze e-mail omdat dit adres voor deze entiteit is ingesteld voor signalen. De teksten van de berichten staan niet in deze e-mail: lees ze in de inbox.',
        ]
      : [
          'Dear colleague,',
          '',
          `${signal.entityName} is receiving unusually many messages about “${signal.phrase}”: ${signal.messageCount} in ${minutes} minutes (from ${from}).`,
          `Usually there are ${expected} in such a period: ${signal.baselineCount} in the ${signal.baselineDays} days before. That is about ${ratio} times as many as usual.`,
          '',
          `The tickets (${signal.tickets.length}):`,
          ...ticketLines,
          ...(more > 0 ? [`… and ${more} more on the dashboard.`] : []),
          '',
          `The signal on the dashboard: ${dashboard}`,
          '',
          'You receive this e-mail because this address is set up for signals of this entity. The messages’ texts are not in this e-mail: read them in the inbox.',
        ];
  return {
    to,
    subject: lang === 'nl' ? `Signaal: veel berichten over “${signal.phrase}” (${signal.entityName})` : `Signal: many messages about “${signal.phrase}” (${signal.entityName})`,
    text: text.join('\n'),
    messageId: `<topic-signal-${signal.id}@social-inbox>`,
    headers: { 'X-Inbox-Signal': String(signal.id) },
  };
}
