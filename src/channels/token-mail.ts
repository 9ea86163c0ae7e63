import type { MailMessage } from '../complaints/coordinator-mail.js';
import { channelLabel, dutchDateTime } from '../complaints/coordinator-mail.js';
import { channelPageLink } from './alert-mail.js';
import type { TokenWarningTarget } from './sql.js';
import { daysLeft } from './token-rules.js';

/**
 * The mail to an entity's admins that a channel's token expires soon and will not renew itself:
 * once per channel, expiry and admin, in the admin's language. Pure. Names the channel, the expiry
 * and how to renew (the channel's page, "Opnieuw verbinden"); no token, no citizen's text.
 */
export function composeTokenWarningMail(input: {
  target: TokenWarningTarget;
  to: { id: number; email: string; name: string; language: string };
  publicUrl: string;
  now: Date;
}): MailMessage {
  const { target, to, publicUrl, now } = input;
  const lang = to.language === 'en' ? 'en' : 'nl';
  const channel = channelLabel(target.channelName, target.platform, lang);
  const days = daysLeft(target.expiresAt, now);
  const link = channelPageLink(publicUrl, target.channelId);
  const text =
    lang === 'nl'
      ? [
          `Beste ${to.name},`,
          '',
          `De toegangssleutel (token) van het kanaal ${channel} (${target.channelId}) van ${target.entityName} verloopt op ${dutchDateTime(target.expiresAt, target.timeZone)}, over ${days} ${days === 1 ? 'dag' : 'dagen'}.`,
          'Het platform laat deze sleutel niet automatisch vernieuwen: zonder nieuwe sleutel haalt het kanaal vanaf dan geen berichten meer op.',
          '',
          'Wat te doen: open het kanaal en kies “Opnieuw verbinden” (of geef een nieuwe token).',
          link,
        ]
      : [
          `Dear ${to.name},`,
          '',
          `The access token of the channel ${channel} (${target.channelId}) of ${target.entityName} expires on ${englishDateTime(target.expiresAt, target.timeZone)}, in ${days} ${days === 1 ? 'day' : 'days'}.`,
          'The platform does not let this token renew itself: without a new one the channel stops fetching messages then.',
          '',
          'What to do: open the channel and choose “Reconnect” (“Opnieuw verbinden”), or give a new token.',
          link,
        ];
  const day = target.expiresAt.toISOString().slice(0, 10);
  return {
    to: to.email,
    subject: lang === 'nl' ? `Token verloopt over ${days} ${days === 1 ? 'dag' : 'dagen'}: ${channel} (${target.entityName})` : `Token expires in ${days} ${days === 1 ? 'day' : 'days'}: ${channel} (${target.entityName})`,
    text: text.join('\n'),
    messageId: `<channel-token-${target.channelId.replace(/[^a-z0-9-]+/gi, '-')}-${day}-${to.id}@social-inbox>`,
    headers: { 'X-Inbox-Channel': target.channelId },
  };
}

function englishDateTime(instant: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}
