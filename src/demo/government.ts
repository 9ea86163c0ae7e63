import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import type { Platform } from '../../connectors/platforms.js';
import { WhatsAppEmulator } from '../../connectors/whatsapp/emulator.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';
import { loadEntities } from '../config/load.js';
import type { ChannelConfig, EntityConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { RunningDemo } from './demo.js';
import { APP_SECRET, demoOAuth, VERIFY_TOKEN, type DemoOAuth } from './platforms.js';
import { seedDemoWorkspace } from './workspace.js';

/** The generated file (npm run government:config). */
export const GOVERNMENT_FILE = 'config/government.example.yaml';

interface Emulators {
  x: XEmulator;
  meta: FacebookEmulator;
  instagram: InstagramEmulator;
  whatsapp: WhatsAppEmulator;
  linkedin: LinkedInEmulator;
  youtube: YouTubeEmulator;
  google: GoogleReviewsEmulator;
}

/**
 * One emulator per platform, serving every entity's account on it: what the channel's account
 * names is registered there with a demo token, and the channel points at the emulator. Pages are
 * shared by a Facebook and a Messenger channel of one entity, as on Meta.
 */
function attach(emulators: Emulators, urls: Record<keyof Emulators, string>, entity: EntityConfig, channel: ChannelConfig): ChannelConfig {
  const token = `demo-${channel.id}-token`;
  const meta = { accessToken: token, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  const a = channel.account;
  const at = (baseUrl: string, credentials: Record<string, string>): ChannelConfig => ({ ...channel, baseUrl, credentials });
  const platform: Platform = channel.platform;
  switch (platform) {
    case 'x':
      emulators.x.addAccount({ userId: a.userId!, handle: a.handle ?? `entity${a.userId}`, name: entity.name, token });
      return at(urls.x, { bearerToken: token, userAccessToken: token });
    case 'facebook':
    case 'messenger': {
      const pageToken = `demo-${entity.id}-page-token`;
      emulators.meta.addPage({ pageId: a.pageId!, name: entity.name, token: pageToken });
      return at(urls.meta, { ...meta, accessToken: pageToken });
    }
    case 'instagram':
      emulators.instagram.addAccount({ igUserId: a.igUserId!, username: a.username ?? `entity${a.igUserId}`, token });
      return at(urls.instagram, meta);
    case 'whatsapp':
      emulators.whatsapp.addNumber({ phoneNumberId: a.phoneNumberId!, displayPhoneNumber: '+32 2 553 00 00', wabaId: `2${a.phoneNumberId!.slice(1)}`, token });
      return at(urls.whatsapp, meta);
    case 'linkedin':
      emulators.linkedin.addOrganization({ organizationUrn: a.organizationUrn!, token });
      return at(urls.linkedin, { accessToken: token });
    case 'youtube':
      emulators.youtube.addAccount({ channelId: a.channelId!, title: entity.name, apiKey: token, accessToken: token });
      return at(urls.youtube, { apiKey: token, accessToken: token });
    case 'google':
      emulators.google.addLocation({ accountId: a.accountId!, locationId: a.locationId!, token });
      return at(urls.google, { accessToken: token });
    default:
      throw new Error(`government demo: no emulator for ${platform}`);
  }
}

export interface GovernmentDemoOptions {
  file: string;
  logger: Logger;
  /** Every channel at this interval instead of the file's (tests, a quick look at fairness). */
  pollIntervalSeconds?: number;
}

/**
 * Demo mode for the whole government: every entity of the generated file, every channel on the
 * local emulators, no credentials. The emulators start empty (citizens write in the standard demo);
 * what it shows is 150 channels polled side by side, each in its turn, within the app budgets.
 */
export async function startGovernmentDemo(options: GovernmentDemoOptions): Promise<RunningDemo> {
  const emulators: Emulators = {
    x: new XEmulator(),
    meta: new FacebookEmulator(),
    instagram: new InstagramEmulator({ appSecret: APP_SECRET }),
    whatsapp: new WhatsAppEmulator({ appSecret: APP_SECRET }),
    linkedin: new LinkedInEmulator(),
    youtube: new YouTubeEmulator(),
    google: new GoogleReviewsEmulator(),
  };
  const started = await Promise.all(Object.entries(emulators).map(async ([name, emulator]) => [name, await emulator.start()] as const));
  const urls = Object.fromEntries(started) as Record<keyof Emulators, string>;
  const entities = loadEntities(options.file).map((entity) => ({
    ...entity,
    channels: entity.channels.map((channel) => ({
      ...attach(emulators, urls, entity, channel),
      ...(options.pollIntervalSeconds ? { pollIntervalSeconds: options.pollIntervalSeconds } : {}),
    })),
  }));
  const oauth: DemoOAuth = {
    ...demoOAuth({ url: urls.x, oauth: emulators.x.oauth }, ['x']),
    ...demoOAuth({ url: urls.meta, oauth: emulators.meta.oauth }, ['facebook', 'messenger']),
    ...demoOAuth({ url: urls.instagram, oauth: emulators.instagram.oauth }, ['instagram']),
    ...demoOAuth({ url: urls.linkedin, oauth: emulators.linkedin.oauth }, ['linkedin']),
    ...demoOAuth({ url: urls.youtube, oauth: emulators.youtube.oauth }, ['youtube']),
    ...demoOAuth({ url: urls.google, oauth: emulators.google.oauth }, ['google']),
  };
  const channels = entities.reduce((n, e) => n + e.channels.length, 0);
  return {
    entities,
    oauth,
    async seed(db) {
      await seedDemoWorkspace(db, entities.map((e) => e.id));
    },
    async begin() {
      options.logger.info({ entities: entities.length, channels }, 'government demo: every channel on the emulators');
    },
    writeNext() {
      return Promise.reject(new Error('government demo: citizens write in the standard demo'));
    },
    async stop() {
      await Promise.all(Object.values(emulators).map((emulator) => emulator.stop()));
    },
  };
}
