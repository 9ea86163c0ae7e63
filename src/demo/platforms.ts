import { EmailEmulator, seedDemo as seedEmail } from '../../connectors/email/emulator.js';
import { FacebookEmulator, seedDemo as seedFacebook, seedMessengerDemo } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator, seedDemo as seedGoogle } from '../../connectors/google/emulator.js';
import { InstagramEmulator, seedDemo as seedInstagram } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator, seedDemo as seedLinkedIn } from '../../connectors/linkedin/emulator.js';
import { WhatsAppEmulator, seedDemo as seedWhatsApp } from '../../connectors/whatsapp/emulator.js';
import { YouTubeEmulator, seedDemo as seedYouTube } from '../../connectors/youtube/emulator.js';
import type { ChannelConfig, EntityConfig } from '../config/schema.js';

/** A signed delivery to POST to the webhook ingress once the API listens. */
export interface DemoDelivery {
  channelId: string;
  platform: string;
  rawBody: Buffer;
  headers: Record<string, string>;
}

export interface PlatformDemos {
  entities: EntityConfig[];
  deliveries: DemoDelivery[];
  stop(): Promise<void>;
}

const APP_SECRET = 'demo-meta-app-secret';
const VERIFY_TOKEN = 'demo-verify-token';

interface Started {
  entity: EntityConfig;
  deliveries: DemoDelivery[];
  stop(): Promise<void>;
}

function entity(id: string, name: string, email: string, channels: ChannelConfig[]): EntityConfig {
  return { id, name, coordinator: { name: `Klachtencoördinator ${name} (demo)`, email }, complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels };
}

function channel(id: string, platform: ChannelConfig['platform'], name: string, baseUrl: string, account: Record<string, string>, credentials: Record<string, string>): ChannelConfig {
  return { id, platform, name, account, baseUrl, credentials, pollIntervalSeconds: 10, enabled: true };
}

/** Agentschap Natuur en Bos answers on its Facebook page and in Messenger. */
async function facebookAndMessenger(): Promise<Started> {
  const emulator = new FacebookEmulator();
  const url = await emulator.start();
  const pageId = '104000000000777';
  emulator.addPage({ pageId, name: 'Agentschap Natuur en Bos', token: 'demo-anb-page-token' });
  seedFacebook(emulator, { pageId });
  seedMessengerDemo(emulator, { pageId });
  const credentials = { accessToken: 'demo-anb-page-token', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  return {
    entity: entity('agentschap-natuur-bos', 'Agentschap Natuur en Bos', 'klachten@anb.demo', [
      channel('anb-facebook', 'facebook', 'Natuur en Bos (Facebook)', url, { pageId }, credentials),
      channel('anb-messenger', 'messenger', 'Natuur en Bos (Messenger)', url, { pageId }, credentials),
    ]),
    deliveries: [],
    stop: () => emulator.stop(),
  };
}

/** MDK (Maritieme Dienstverlening en Kust) on Instagram: comments polled, a DM by webhook. */
async function instagram(): Promise<Started> {
  const emulator = new InstagramEmulator({ appSecret: APP_SECRET });
  const url = await emulator.start();
  const igUserId = '17841400000000777';
  emulator.addAccount({ igUserId, username: 'mdk_vlaanderen', token: 'demo-mdk-ig-token' });
  const { dmDelivery } = seedInstagram(emulator, { igUserId });
  return {
    entity: entity('mdk', 'MDK', 'klachten@mdk.demo', [
      channel('mdk-instagram', 'instagram', '@mdk_vlaanderen', url, { igUserId, username: 'mdk_vlaanderen' }, {
        accessToken: 'demo-mdk-ig-token',
        appSecret: APP_SECRET,
        verifyToken: VERIFY_TOKEN,
      }),
    ]),
    deliveries: [{ channelId: 'mdk-instagram', platform: 'instagram', rawBody: dmDelivery.rawBody, headers: dmDelivery.headers }],
    stop: () => emulator.stop(),
  };
}

/** Agentschap Wegen en Verkeer on WhatsApp: webhook only. */
async function whatsapp(): Promise<Started> {
  const emulator = new WhatsAppEmulator({ appSecret: APP_SECRET });
  const url = await emulator.start();
  const phoneNumberId = '109000000000777';
  emulator.addNumber({ phoneNumberId, displayPhoneNumber: '+32 2 553 00 00', wabaId: '200000000000777', token: 'demo-awv-wa-token' });
  const deliveries = seedWhatsApp(emulator, { phoneNumberId });
  return {
    entity: entity('agentschap-wegen-en-verkeer', 'Agentschap Wegen en Verkeer', 'klachten@awv.demo', [
      channel('awv-whatsapp', 'whatsapp', 'Wegen en Verkeer (WhatsApp)', url, { phoneNumberId }, {
        accessToken: 'demo-awv-wa-token',
        appSecret: APP_SECRET,
        verifyToken: VERIFY_TOKEN,
      }),
    ]),
    deliveries: deliveries.map((d) => ({ channelId: 'awv-whatsapp', platform: 'whatsapp', rawBody: d.rawBody, headers: d.headers })),
    stop: () => emulator.stop(),
  };
}

/** Departement Werk en Sociale Economie on LinkedIn. */
async function linkedin(): Promise<Started> {
  const emulator = new LinkedInEmulator();
  const url = await emulator.start();
  const organizationUrn = 'urn:li:organization:10450777';
  seedLinkedIn(emulator, { organizationUrn, accessToken: 'demo-wse-li-token' });
  return {
    entity: entity('departement-wse', 'Departement Werk en Sociale Economie', 'klachten@wse.demo', [
      channel('wse-linkedin', 'linkedin', 'Departement WSE (LinkedIn)', url, { organizationUrn }, { accessToken: 'demo-wse-li-token', clientSecret: 'demo-li-secret' }),
    ]),
    deliveries: [],
    stop: () => emulator.stop(),
  };
}

/** De Watergroep's Google reviews. */
async function google(): Promise<Started> {
  const emulator = new GoogleReviewsEmulator();
  const url = await emulator.start();
  const account = { accountId: '1010777', locationId: '2020777', accessToken: 'demo-watergroep-g-token' };
  seedGoogle(emulator, account);
  return {
    entity: entity('de-watergroep', 'De Watergroep', 'klachten@watergroep.demo', [
      channel('watergroep-google', 'google', 'De Watergroep (Google reviews)', url, { accountId: account.accountId, locationId: account.locationId }, {
        accessToken: account.accessToken,
      }),
    ]),
    deliveries: [],
    stop: () => emulator.stop(),
  };
}

/** Syntra Vlaanderen's YouTube channel. */
async function youtube(): Promise<Started> {
  const emulator = new YouTubeEmulator();
  const url = await emulator.start();
  const channelId = 'UCsyntraVlaanderen0777';
  emulator.addAccount({ channelId, title: 'Syntra Vlaanderen', apiKey: 'demo-syntra-yt-key', accessToken: 'demo-syntra-yt-token' });
  seedYouTube(emulator, { channelId });
  return {
    entity: entity('syntra-vlaanderen', 'Syntra Vlaanderen', 'klachten@syntra.demo', [
      channel('syntra-youtube', 'youtube', 'Syntra Vlaanderen (YouTube)', url, { channelId }, { apiKey: 'demo-syntra-yt-key', accessToken: 'demo-syntra-yt-token' }),
    ]),
    deliveries: [],
    stop: () => emulator.stop(),
  };
}

/** Lantis's info mailbox. */
async function email(): Promise<Started> {
  const address = 'info@lantis.demo';
  const emulator = new EmailEmulator({ address });
  const url = await emulator.start();
  await seedEmail(emulator, { address });
  return {
    entity: entity('lantis', 'Lantis', 'klachten@lantis.demo', [
      { ...channel('lantis-email', 'email', 'info@lantis.demo', url, { address, name: 'Lantis' }, emulator.credentials()), baseUrl: undefined },
    ]),
    deliveries: [],
    stop: () => emulator.stop(),
  };
}

export const PLATFORM_DEMOS = [facebookAndMessenger, instagram, whatsapp, linkedin, google, youtube, email];

/** Starts every platform's emulator with an entity that uses it and citizens' messages waiting. */
export async function startPlatformDemos(): Promise<PlatformDemos> {
  const started = await Promise.all(PLATFORM_DEMOS.map((start) => start()));
  return {
    entities: started.map((s) => s.entity),
    deliveries: started.flatMap((s) => s.deliveries),
    async stop() {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

/** POSTs the demo's signed webhook deliveries to the ingress at `apiUrl`. */
export async function deliverDemoWebhooks(apiUrl: string, deliveries: DemoDelivery[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const delivery of deliveries) {
    const response = await fetch(`${apiUrl.replace(/\/$/, '')}/webhooks/${delivery.platform}/${delivery.channelId}`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.rawBody,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}
