/** Words of channel health that reaches people (issue 15): the app's banner and the health board's outage lines, Dutch and English. */
import { plural } from '../plural.js';

export { durationWords } from '../../channels/alert-rules.js';

type Lang = 'nl' | 'en';

const nl = {
  bannerLabel: 'Kanalen die niet werken',
  bannerTitle: (count: number) => plural('nl', count, { one: 'Een kanaal haalt geen berichten meer op', other: '{count} kanalen halen geen berichten meer op' }),
  bannerHint: 'Berichten gaan niet verloren: ze worden ingelezen zodra het kanaal weer werkt. De beheerders krijgen een e-mail.',
  since: (duration: string) => `al ${duration}`,
  reasons: {
    auth_expired: 'moet opnieuw gekoppeld worden',
    failed: 'het platform of het netwerk geeft fouten',
    rate_limited: 'het platform laat tijdelijk niet meer lezen',
  } as Record<string, string>,
  openChannel: 'Kanaal openen',
  unhealthyFor: (duration: string) => `werkt al ${duration} niet`,
  unhealthyLabel: 'Storing',
  lastOutageLabel: 'Laatste storing',
  lastOutage: (duration: string, caughtUp: number) =>
    `${duration}, ${plural('nl', caughtUp, { one: '{count} bericht ingehaald', other: '{count} berichten ingehaald' })}`,
};

const en: typeof nl = {
  bannerLabel: 'Channels not working',
  bannerTitle: (count: number) => plural('en', count, { one: 'A channel no longer fetches messages', other: '{count} channels no longer fetch messages' }),
  bannerHint: 'No message is lost: they are read as soon as the channel works again. The admins get an e-mail.',
  since: (duration: string) => `for ${duration}`,
  reasons: {
    auth_expired: 'needs reconnecting',
    failed: 'the platform or the network fails',
    rate_limited: 'the platform does not let it read for now',
  },
  openChannel: 'Open channel',
  unhealthyFor: (duration: string) => `unhealthy for ${duration}`,
  unhealthyLabel: 'Outage',
  lastOutageLabel: 'Last outage',
  lastOutage: (duration: string, caughtUp: number) =>
    `${duration}, ${plural('en', caughtUp, { one: '{count} message caught up', other: '{count} messages caught up' })}`,
};

export function healthWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}

/** Whole minutes from an ISO instant to `now`. */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
