/** Words of a channel's "fetch history" (backfill) panel, Dutch and English. */
type Lang = 'nl' | 'en';

const nl = {
  title: 'Geschiedenis ophalen',
  intro: 'Haalt de berichten van dit kanaal binnen een periode opnieuw op bij het platform. Wat er al is, wordt niet dubbel opgeslagen.',
  since: 'Vanaf',
  until: 'Tot en met',
  start: 'Geschiedenis ophalen',
  resume: 'Verder ophalen',
  cancel: 'Stoppen',
  started: 'Het ophalen is gestart.',
  cancelled: 'Het ophalen is gestopt.',
  sinceAfterUntil: 'De begindatum moet vóór de einddatum liggen.',
  status: { running: 'Bezig', paused: 'Gepauzeerd', done: 'Klaar', failed: 'Mislukt', cancelled: 'Gestopt' } as Record<string, string>,
  progress: (pages: number, fetched: number, inserted: number, duplicates: number) =>
    `${pages} ${pages === 1 ? 'pagina' : "pagina's"}, ${fetched} opgehaald, ${inserted} nieuw, ${duplicates} al aanwezig`,
  reached: (date: string, percent: number | null) => `tot ${date}${percent === null ? '' : ` (${percent}%)`}`,
  waiting: (until: string) => `wacht op het platform tot ${until}`,
  window: (since: string, until: string) => `${since} – ${until}`,
  conflict: 'Er loopt al een ophaling van een andere periode voor dit kanaal: stop die eerst.',
  last: 'Laatste ophaling',
};

const en: typeof nl = {
  title: 'Fetch history',
  intro: "Fetches this channel's messages within a period again from the platform. What is already there is not stored twice.",
  since: 'From',
  until: 'Up to and including',
  start: 'Fetch history',
  resume: 'Resume',
  cancel: 'Stop',
  started: 'Fetching has started.',
  cancelled: 'Fetching has stopped.',
  sinceAfterUntil: 'The start date must be before the end date.',
  status: { running: 'Running', paused: 'Paused', done: 'Done', failed: 'Failed', cancelled: 'Stopped' },
  progress: (pages, fetched, inserted, duplicates) => `${pages} ${pages === 1 ? 'page' : 'pages'}, ${fetched} fetched, ${inserted} new, ${duplicates} already there`,
  reached: (date, percent) => `back to ${date}${percent === null ? '' : ` (${percent}%)`}`,
  waiting: (until) => `waiting for the platform until ${until}`,
  window: (since, until) => `${since} – ${until}`,
  conflict: 'A fetch of another period is running for this channel: stop it first.',
  last: 'Last fetch',
};

export function backfillWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}
