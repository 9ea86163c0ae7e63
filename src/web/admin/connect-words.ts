/** Words of "Connect with …" (ConnectAccount.tsx, the channel form), Dutch and English. */
const nl = {
  connectWith: (platform: string) => `Verbinden met ${platform}`,
  reconnectHint: (platform: string) => `Meld je opnieuw aan bij ${platform}: het kanaal krijgt nieuwe tokens en wordt meteen opgehaald. Een nieuw token plakken kan ook, hieronder.`,
  connectHint: (platform: string) => `Je meldt je aan bij ${platform} en kiest daarna welke pagina of welk account dit kanaal wordt. Tokens plakken kan ook, hieronder.`,
  connectEntityFirst: 'Kies eerst de entiteit.',
  redirecting: 'Je gaat naar het aanmeldscherm van het platform…',
  pickTitle: (platform: string) => `Verbonden met ${platform}: kies het account`,
  pickReconnectTitle: (platform: string, channel: string) => `Verbonden met ${platform}: kies het account voor ${channel}`,
  pickLegend: 'Welke pagina, welk account of welke locatie?',
  noAccounts: 'Het platform gaf geen pagina’s of accounts terug die je mag koppelen. Controleer of je beheerder bent en de gevraagde rechten gaf.',
  channelId: 'Id van het nieuwe kanaal',
  channelName: 'Naam van het kanaal',
  attach: 'Kanaal koppelen',
  renew: 'Verbinding vernieuwen',
  cancel: 'Annuleren',
  close: 'Sluiten',
  attached: (id: string) => `Kanaal ${id} is verbonden en wordt nu opgehaald.`,
  denied: (platform: string) => `Je hebt de toegang op ${platform} geweigerd (Annuleren). Er is niets gekoppeld.`,
  failed: (platform: string) => `Verbinden met ${platform} is mislukt. Probeer het opnieuw.`,
  expired: 'Deze verbinding is verlopen of hoort bij een andere sessie. Begin opnieuw met “Verbinden met …”.',
  /** Credential keys the OAuth flow stores beside the access token. */
  fieldNames: { refreshToken: 'Vernieuwingstoken (OAuth 2.0)', tokenExpiresAt: 'Vervaldatum van het token' } as Record<string, string>,
};

export type ConnectWords = typeof nl;

const en: ConnectWords = {
  connectWith: (platform) => `Connect with ${platform}`,
  reconnectHint: (platform) => `Sign in at ${platform} again: the channel gets new tokens and is read at once. Pasting a new token below works too.`,
  connectHint: (platform) => `You sign in at ${platform}, then choose which page or account this channel becomes. Pasting tokens below works too.`,
  connectEntityFirst: 'Choose the entity first.',
  redirecting: 'Taking you to the platform’s sign-in page…',
  pickTitle: (platform) => `Connected with ${platform}: choose the account`,
  pickReconnectTitle: (platform, channel) => `Connected with ${platform}: choose the account for ${channel}`,
  pickLegend: 'Which page, account or location?',
  noAccounts: 'The platform returned no pages or accounts you may attach. Check that you are an admin and granted the permissions asked for.',
  channelId: 'Id of the new channel',
  channelName: 'Channel name',
  attach: 'Attach channel',
  renew: 'Renew the connection',
  cancel: 'Cancel',
  close: 'Close',
  attached: (id) => `Channel ${id} is connected and being read now.`,
  denied: (platform) => `You refused access on ${platform} (Cancel). Nothing was attached.`,
  failed: (platform) => `Connecting with ${platform} failed. Please try again.`,
  expired: 'This connection expired or belongs to another session. Start again with “Connect with …”.',
  fieldNames: { refreshToken: 'Refresh token (OAuth 2.0)', tokenExpiresAt: 'Token expiry' },
};

export function connectWords(lang: 'nl' | 'en'): ConnectWords {
  return lang === 'en' ? en : nl;
}
