import type { MailMessage } from '../complaints/coordinator-mail.js';
import { channelLabel, dutchDateTime, publicLink } from '../complaints/coordinator-mail.js';
import { durationWords, minutesBetween } from './alert-rules.js';
import type { OutageForMail, OutageReason } from './sql.js';

/**
 * The mails to an entity's admins about a channel that stopped working (after the alert threshold) and
 * about its recovery. Pure: the health check sends them. Only the channel, entity and platform are
 * named, never a citizen's text.
 */

type Lang = 'nl' | 'en';

const REASON: Record<Lang, Record<OutageReason, string>> = {
  nl: {
    auth_expired: 'het platform weigert de toegangssleutel (token) van het kanaal: hij is verlopen of ingetrokken.',
    failed: 'het platform of het netwerk geeft fouten bij het ophalen van berichten.',
    rate_limited: 'het platform laat het kanaal tijdelijk niet meer lezen (limiet op het aantal aanvragen), ook na de afgesproken wachttijd.',
  },
  en: {
    auth_expired: 'the platform refuses the channel’s access token: it expired or was revoked.',
    failed: 'the platform or the network fails when messages are fetched.',
    rate_limited: 'the platform does not let the channel read for now (request limit), even after the agreed waiting time.',
  },
};

const TODO: Record<Lang, Record<OutageReason, string>> = {
  nl: {
    auth_expired: 'Koppel het kanaal opnieuw: open het kanaal en geef nieuwe inloggegevens.',
    failed: 'Kijk de laatste fout na op het kanaal en test de verbinding met “Nu ophalen”. Blijft het misgaan, kijk dan of het platform een storing meldt.',
    rate_limited: 'Meestal lost dit zichzelf op. Blijft het duren, verlaag dan hoe vaak het kanaal gelezen wordt of kijk de limieten bij het platform na.',
  },
  en: {
    auth_expired: 'Reconnect the channel: open it and give new credentials.',
    failed: 'Look at the channel’s last error and test the connection with “Poll now”. If it keeps failing, check whether the platform reports an outage.',
    rate_limited: 'This usually resolves itself. If it lasts, poll the channel less often or check the limits at the platform.',
  },
};

/** Where an admin reconnects the channel: its card on the health board. */
export function channelPageLink(publicUrl: string, channelId: string): string {
  return publicLink(publicUrl, `/admin/channels#channel-${encodeURIComponent(channelId)}`);
}

function dateTime(instant: Date, timeZone: string, lang: Lang): string {
  if (lang === 'nl') return dutchDateTime(instant, timeZone);
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

function languageOf(language: string): Lang {
  return language === 'en' ? 'en' : 'nl';
}

export interface AlertMailInput {
  outage: OutageForMail;
  to: { id: number; email: string; name: string; language: string };
  publicUrl: string;
  now: Date;
}

/** "The channel stopped working": once per outage and admin, in the admin's language. */
export function composeOutageAlertMail({ outage, to, publicUrl, now }: AlertMailInput): MailMessage {
  const lang = languageOf(to.language);
  const channel = channelLabel(outage.channelName, outage.platform, lang);
  const since = dateTime(outage.startedAt, outage.timeZone, lang);
  const lasted = durationWords(minutesBetween(outage.startedAt, now));
  const link = channelPageLink(publicUrl, outage.channelId);
  const text =
    lang === 'nl'
      ? [
          `Beste ${to.name},`,
          '',
          `Het kanaal ${channel} (${outage.channelId}) van ${outage.entityName} haalt sinds ${since} geen berichten meer op (${lasted}).`,
          '',
          `Oorzaak: ${REASON.nl[outage.reason]}`,
          '',
          `Wat te doen: ${TODO.nl[outage.reason]}`,
          link,
          '',
          'Berichten die intussen geschreven worden, gaan niet verloren: zodra het kanaal weer werkt, worden ze ingelezen. U krijgt een bericht wanneer het kanaal hersteld is.',
        ]
      : [
          `Dear ${to.name},`,
          '',
          `The channel ${channel} (${outage.channelId}) of ${outage.entityName} has not fetched messages since ${since} (${lasted}).`,
          '',
          `Cause: ${REASON.en[outage.reason]}`,
          '',
          `What to do: ${TODO.en[outage.reason]}`,
          link,
          '',
          'Messages written meanwhile are not lost: they are read as soon as the channel works again. You will get a message when the channel has recovered.',
        ];
  return {
    to: to.email,
    subject: lang === 'nl' ? `Kanaal werkt niet: ${channel} (${outage.entityName})` : `Channel not working: ${channel} (${outage.entityName})`,
    text: text.join('\n'),
    messageId: `<channel-outage-${outage.id}-alert-${to.id}@social-inbox>`,
    headers: { 'X-Inbox-Channel': outage.channelId, 'X-Inbox-Outage': String(outage.id) },
  };
}

/** "The channel works again": once per outage and admin, only after its alert. */
export function composeOutageRecoveryMail({ outage, to, publicUrl }: AlertMailInput): MailMessage {
  const lang = languageOf(to.language);
  const channel = channelLabel(outage.channelName, outage.platform, lang);
  const endedAt = outage.endedAt ?? outage.startedAt;
  const from = dateTime(outage.startedAt, outage.timeZone, lang);
  const until = dateTime(endedAt, outage.timeZone, lang);
  const lasted = durationWords(minutesBetween(outage.startedAt, endedAt));
  const link = channelPageLink(publicUrl, outage.channelId);
  const text =
    lang === 'nl'
      ? [
          `Beste ${to.name},`,
          '',
          `Het kanaal ${channel} (${outage.channelId}) van ${outage.entityName} werkt weer sinds ${until}. De storing duurde ${lasted} (vanaf ${from}).`,
          '',
          `Tot nu toe ingelezen: ${outage.caughtUp} ${outage.caughtUp === 1 ? 'bericht' : 'berichten'} die tijdens de storing geschreven werden. Wat nog ontbreekt, wordt verder ingelezen.`,
          link,
        ]
      : [
          `Dear ${to.name},`,
          '',
          `The channel ${channel} (${outage.channelId}) of ${outage.entityName} works again since ${until}. The outage lasted ${lasted} (from ${from}).`,
          '',
          `Read so far: ${outage.caughtUp} ${outage.caughtUp === 1 ? 'message' : 'messages'} written during the outage. Whatever is still missing is being read.`,
          link,
        ];
  return {
    to: to.email,
    subject: lang === 'nl' ? `Kanaal werkt weer: ${channel} (${outage.entityName})` : `Channel works again: ${channel} (${outage.entityName})`,
    text: text.join('\n'),
    messageId: `<channel-outage-${outage.id}-recovery-${to.id}@social-inbox>`,
    headers: { 'X-Inbox-Channel': outage.channelId, 'X-Inbox-Outage': String(outage.id), References: `<channel-outage-${outage.id}-alert-${to.id}@social-inbox>` },
  };
}
