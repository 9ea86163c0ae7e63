import type { MessageKind, ModerationAction, PlatformDescriptor, Visibility } from './descriptor.js';
import { emailPlatform } from './email/descriptor.js';
import { facebookPlatform, messengerPlatform } from './facebook/descriptor.js';
import { googlePlatform } from './google/descriptor.js';
import { instagramPlatform } from './instagram/descriptor.js';
import { linkedinPlatform } from './linkedin/descriptor.js';
import { whatsappPlatform } from './whatsapp/descriptor.js';
import { xPlatform } from './x/descriptor.js';
import { youtubePlatform } from './youtube/descriptor.js';

/**
 * The platforms, each described in its own folder. The one list: `PLATFORMS` and the connector
 * registry (registry.ts) derive from it. Pure: importing it loads no connector.
 */
export const DESCRIPTORS = [
  xPlatform,
  facebookPlatform,
  messengerPlatform,
  instagramPlatform,
  linkedinPlatform,
  youtubePlatform,
  whatsappPlatform,
  googlePlatform,
  emailPlatform,
] as const;

export type Platform = (typeof DESCRIPTORS)[number]['id'];

export const PLATFORMS = DESCRIPTORS.map((descriptor) => descriptor.id) as unknown as readonly [Platform, ...Platform[]];

const BY_ID = new Map<string, PlatformDescriptor<Platform>>(DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor]));

export function isPlatform(value: string): value is Platform {
  return BY_ID.has(value);
}

export function descriptorOf(platform: Platform): PlatformDescriptor<Platform> {
  const descriptor = BY_ID.get(platform);
  if (!descriptor) throw new Error(`unknown platform "${platform}"`);
  return descriptor;
}

/** The platform's display name in `lang`; an unknown platform (an old row) keeps its id. */
export function platformName(platform: string, lang: 'nl' | 'en' = 'nl'): string {
  return BY_ID.get(platform)?.names[lang] ?? platform;
}

/** The moderation actions the platform allows on a kind of message; empty when none. Pure. */
export function moderationActions(platform: string, kind: string): readonly ModerationAction[] {
  const moderation = BY_ID.get(platform)?.moderation as Record<string, readonly ModerationAction[]> | undefined;
  return moderation?.[kind] ?? [];
}

/** The platforms whose webhook deliveries for one account are shared with `platform`'s (itself included); empty when not shared. */
export function sharedWebhookGroup(platform: Platform): { platforms: Platform[]; accountKey: string } | undefined {
  const shared = descriptorOf(platform).webhook?.shared;
  if (!shared) return undefined;
  return { platforms: DESCRIPTORS.filter((d) => d.webhook?.shared?.group === shared.group).map((d) => d.id), accountKey: shared.accountKey };
}

/** A descriptor as the API serves it (GET /api/platforms): data only, key names but never a value. */
export interface PlatformView {
  id: Platform;
  names: { nl: string; en: string };
  account: { required: string[]; optional: string[] };
  credentials: string[];
  labels: Record<string, { nl: string; en: string }>;
  replies: Partial<Record<MessageKind, Visibility[]>>;
  limits: { replyTextLength?: number; privateReplyTextLength?: number };
  webhook: { maxBodyBytes: number; shared?: { group: string; accountKey: string } } | null;
  /** False when the platform gives no history back: messages lost while a channel was down stay lost. */
  history: boolean;
  /** "Connect with …" is offered (the OAuth flow). */
  oauth: boolean;
  /** The moderation actions per kind of message; empty when the platform offers none. */
  moderation: Partial<Record<MessageKind, ModerationAction[]>>;
}

export function platformViews(): PlatformView[] {
  return DESCRIPTORS.map((d) => ({
    id: d.id,
    names: { ...d.names },
    account: { required: [...d.account.required], optional: [...d.account.optional] },
    credentials: [...d.credentials],
    labels: { ...d.labels },
    replies: Object.fromEntries(Object.entries(d.replies).map(([kind, visibilities]) => [kind, [...visibilities]])),
    limits: { ...d.limits },
    webhook: d.webhook ? { maxBodyBytes: d.webhook.maxBodyBytes, ...(d.webhook.shared ? { shared: { ...d.webhook.shared } } : {}) } : null,
    history: d.history !== false,
    oauth: d.oauth === true,
    moderation: Object.fromEntries(Object.entries(d.moderation ?? {}).map(([kind, actions]) => [kind, [...actions]])),
  }));
}
