/**
 * Words for a channel's access token on its card (issue 15, tokens that keep living), Dutch and
 * English: when a token that cannot renew itself expires, and that a refreshable one renews itself.
 */
type Lang = 'nl' | 'en';

/** From this many days before its expiry the card shows the token as a warning (the admins' mail: health.tokenWarningDays, 7). */
export const TOKEN_WARNING_DAYS = 7;

const nl = {
  tokenLabel: 'Token',
  expiresIn: (days: number) => (days <= 0 ? 'token is verlopen' : `token verloopt over ${days} ${days === 1 ? 'dag' : 'dagen'}`),
  reconnect: 'opnieuw verbinden',
  refreshes: 'wordt automatisch vernieuwd',
};

const en: typeof nl = {
  tokenLabel: 'Token',
  expiresIn: (days: number) => (days <= 0 ? 'token has expired' : `token expires in ${days} ${days === 1 ? 'day' : 'days'}`),
  reconnect: 'reconnect',
  refreshes: 'renewed automatically',
};

export function tokenWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}

/** Whole days left before `iso`, rounded up; 0 once passed. */
export function tokenDaysLeft(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 86_400_000));
}
