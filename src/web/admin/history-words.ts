/** Words for a channel whose platform gives no history back (issue 15): the channel's card, Dutch and English. */
type Lang = 'nl' | 'en';

const nl = {
  noHistoryLabel: 'Gemiste berichten',
  noHistory:
    'Dit platform geeft geen geschiedenis terug: berichten die binnenkomen terwijl het kanaal niet werkt, of waarvan de levering verloren gaat, kunnen niet opnieuw opgehaald worden.',
};

const en: typeof nl = {
  noHistoryLabel: 'Missed messages',
  noHistory:
    'This platform gives no history back: messages that arrive while the channel is not working, or whose delivery is lost, cannot be fetched again.',
};

export function historyWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}
