/** What the channel form asks per platform (README "Connecting the platforms"): account fields and credential keys. */
export interface PlatformFields {
  account: readonly string[];
  credentials: readonly string[];
}

export const PLATFORM_FIELDS = {
  x: { account: ['userId', 'handle'], credentials: ['bearerToken', 'userAccessToken'] },
  facebook: { account: ['pageId'], credentials: ['accessToken', 'appSecret', 'verifyToken'] },
  messenger: { account: ['pageId'], credentials: ['accessToken', 'appSecret', 'verifyToken'] },
  instagram: { account: ['igUserId', 'username', 'pageId'], credentials: ['accessToken', 'appSecret', 'verifyToken'] },
  whatsapp: { account: ['phoneNumberId'], credentials: ['accessToken', 'appSecret', 'verifyToken'] },
  linkedin: { account: ['organizationUrn'], credentials: ['accessToken', 'clientSecret'] },
  youtube: { account: ['channelId'], credentials: ['apiKey', 'accessToken'] },
  google: { account: ['accountId', 'locationId'], credentials: ['accessToken'] },
  email: { account: ['address', 'name'], credentials: ['imapUrl', 'smtpUrl', 'accessToken'] },
} as const satisfies Record<string, PlatformFields>;

export type Platform = keyof typeof PLATFORM_FIELDS;
export const PLATFORMS = Object.keys(PLATFORM_FIELDS) as Platform[];

export function fieldsOf(platform: string): PlatformFields {
  return (PLATFORM_FIELDS as Record<string, PlatformFields>)[platform] ?? { account: [], credentials: [] };
}

export const PLATFORM_NAMES: Record<Platform, string> = {
  x: 'X',
  facebook: 'Facebook',
  messenger: 'Messenger',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  google: 'Google Business Profile',
  email: 'E-mail',
};

export function platformName(platform: string): string {
  return (PLATFORM_NAMES as Record<string, string>)[platform] ?? platform;
}
