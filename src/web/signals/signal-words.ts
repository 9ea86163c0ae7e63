/** Words of topic spikes (issue 17): the banner and the dashboard's card, Dutch and English. */
import { plural } from '../plural.js';

type Lang = 'nl' | 'en';

/** "0", "2.5", "12": an expected count as people read it. */
function rounded(value: number, lang: Lang): string {
  const shown = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return shown.toLocaleString(lang === 'nl' ? 'nl-BE' : 'en-GB');
}

const nl = {
  bannerLabel: 'Signalen: onderwerpen met opvallend veel berichten',
  bannerTitle: (count: number) => plural('nl', count, { one: 'Opvallend veel berichten over een onderwerp', other: 'Opvallend veel berichten over {count} onderwerpen' }),
  bannerLine: (phrase: string, count: number, minutes: number, expected: number) =>
    `“${phrase}”: ${plural('nl', count, { one: '{count} bericht', other: '{count} berichten' })} in ${minutes} minuten, gewoonlijk ${rounded(expected, 'nl')}`,
  open: 'Bekijken',
  acknowledge: 'Gezien, we volgen het op',
  dismiss: 'Geen echt signaal',
  cardTitle: 'Signalen (laatste 7 dagen)',
  cardEmpty: 'Geen onderwerpen met opvallend veel berichten.',
  cardHint: 'Een signaal ontstaat wanneer een onderwerp de voorbije periode veel vaker voorkomt dan gewoonlijk, nooit voor een handvol berichten; de drempels stelt de entiteit zelf in. De dienst die voor de entiteit is ingesteld, krijgt een e-mail.',
  explanation: (count: number, minutes: number, baselineCount: number, baselineDays: number, expected: number, ratio: number) =>
    `${plural('nl', count, { one: '{count} bericht', other: '{count} berichten' })} in ${minutes} minuten; in de ${baselineDays} dagen ervoor ${plural('nl', baselineCount, { one: '{count} bericht', other: '{count} berichten' })}, dus gewoonlijk ${rounded(expected, 'nl')} in zo'n periode (${Math.round(ratio).toLocaleString('nl-BE')} keer zoveel).`,
  window: 'Periode',
  related: 'Ook in deze berichten',
  tickets: (count: number) => plural('nl', count, { one: '{count} ticket', other: '{count} tickets' }),
  status: { open: 'open', acknowledged: 'gezien', dismissed: 'geen echt signaal' } as Record<string, string>,
  ended: 'voorbij',
  handledBy: (who: string) => `door ${who}`,
};

const en: typeof nl = {
  bannerLabel: 'Signals: topics with unusually many messages',
  bannerTitle: (count: number) => plural('en', count, { one: 'Unusually many messages about a topic', other: 'Unusually many messages about {count} topics' }),
  bannerLine: (phrase: string, count: number, minutes: number, expected: number) =>
    `“${phrase}”: ${plural('en', count, { one: '{count} message', other: '{count} messages' })} in ${minutes} minutes, usually ${rounded(expected, 'en')}`,
  open: 'View',
  acknowledge: 'Seen, we follow it up',
  dismiss: 'Not a real signal',
  cardTitle: 'Signals (last 7 days)',
  cardEmpty: 'No topics with unusually many messages.',
  cardHint: 'A signal is raised when a topic comes up much more often than usual in the recent window, never for a handful of messages; the entity sets its own thresholds. The service set up for the entity gets an e-mail.',
  explanation: (count: number, minutes: number, baselineCount: number, baselineDays: number, expected: number, ratio: number) =>
    `${plural('en', count, { one: '{count} message', other: '{count} messages' })} in ${minutes} minutes; in the ${baselineDays} days before, ${plural('en', baselineCount, { one: '{count} message', other: '{count} messages' })}, so usually ${rounded(expected, 'en')} in such a period (${Math.round(ratio).toLocaleString('en-GB')} times as many).`,
  window: 'Period',
  related: 'Also in these messages',
  tickets: (count: number) => plural('en', count, { one: '{count} ticket', other: '{count} tickets' }),
  status: { open: 'open', acknowledged: 'seen', dismissed: 'not a real signal' },
  ended: 'over',
  handledBy: (who: string) => `by ${who}`,
};

export function signalWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}

/** Whole minutes of a signal's window. */
export function windowMinutes(signal: { windowStart: string; windowEnd: string }): number {
  return Math.round((Date.parse(signal.windowEnd) - Date.parse(signal.windowStart)) / 60_000);
}
