import { EmailEmulator, seedDemo as seedEmail } from '../../connectors/email/emulator.js';
import { demoPng } from '../../connectors/emulator-media.js';
import { FacebookEmulator, seedDemo as seedFacebook, seedMessengerDemo } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator, seedDemo as seedGoogle, type StarRating } from '../../connectors/google/emulator.js';
import { InstagramEmulator, seedDemo as seedInstagram } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator, seedDemo as seedLinkedIn } from '../../connectors/linkedin/emulator.js';
import type { MetaDelivery } from '../../connectors/meta/json.js';
import type { OAuthEmulator } from '../../connectors/oauth-emulator.js';
import type { Platform } from '../../connectors/platforms.js';
import { WhatsAppEmulator, seedDemo as seedWhatsApp } from '../../connectors/whatsapp/emulator.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { YouTubeEmulator, seedDemo as seedYouTube } from '../../connectors/youtube/emulator.js';
import type { ChannelConfig, EntityConfig } from '../config/schema.js';
import type { Lang } from './domain.js';
import { domainOf } from './domains/index.js';
import type { ScriptedMessage } from './messages.js';
import { accountsOf } from './personas.js';

/**
 * Demo mode's platforms: an emulator per platform, an entity whose channels use it, and a writer
 * per entity through which the demo's citizens write in (a post, a comment, a DM, a review, a
 * mail), and write again in the same conversation.
 */

/** A signed delivery to POST to the webhook ingress once the API listens. */
export interface DemoDelivery {
  channelId: string;
  platform: string;
  rawBody: Buffer;
  headers: Record<string, string>;
}

/** A conversation a citizen started: their next message goes into the same thread, DM conversation, review or mail thread. */
export interface DemoThread {
  followUp(message: ScriptedMessage, at: Date): Promise<void>;
}

/** How the citizens of one entity reach it. */
export interface DemoWriter {
  entity: string;
  write(message: ScriptedMessage, at: Date): Promise<DemoThread>;
}

/**
 * Webhook deliveries (WhatsApp, Instagram DMs) wait here until the API listens; after that each
 * one is POSTed as it is made.
 */
export class WebhookOutbox {
  private apiUrl: string | undefined;
  private readonly waiting: DemoDelivery[] = [];
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly onFailure: (delivery: DemoDelivery, error: unknown) => void = () => {}) {}

  push(delivery: DemoDelivery): void {
    if (!this.apiUrl) {
      this.waiting.push(delivery);
      return;
    }
    const sent = deliverDemoWebhooks(this.apiUrl, [delivery])
      .then(([status]) => {
        if (status !== 200) this.onFailure(delivery, new Error(`HTTP ${status}`));
      })
      .catch((error: unknown) => this.onFailure(delivery, error))
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /** Sends what waited, in order, and every later delivery at once. */
  async open(apiUrl: string): Promise<number[]> {
    this.apiUrl = apiUrl;
    return deliverDemoWebhooks(apiUrl, this.waiting.splice(0));
  }

  /** Waits for the deliveries on their way (tests, stop). */
  async settle(): Promise<void> {
    await Promise.all([...this.sending]);
  }
}

export interface PlatformDemos {
  entities: EntityConfig[];
  /** The connectors' own example messages as signed deliveries (with `citizens: 'examples'`). */
  deliveries: DemoDelivery[];
  /** One writer per entity (with `citizens: 'demo'`). */
  writers: Map<string, DemoWriter>;
  webhooks: WebhookOutbox;
  /** The emulators' OAuth clients, for settings.oauth ("Connect with …" in the demo). */
  oauth: DemoOAuth;
  stop(): Promise<void>;
}

export const APP_SECRET = 'demo-meta-app-secret';
export const VERIFY_TOKEN = 'demo-verify-token';

interface Started {
  entities: EntityConfig[];
  deliveries: DemoDelivery[];
  writers: DemoWriter[];
  /** "Connect with …" against this emulator (its own OAuth client), per platform. */
  oauth?: DemoOAuth;
  stop(): Promise<void>;
}

/** The app's OAuth client per platform in demo mode: each emulator's own, at its URL. */
export type DemoOAuth = Partial<Record<Platform, { clientId: string; clientSecret: string; baseUrl: string }>>;

/**
 * The emulator's OAuth client for these platforms. Meta's client secret is its app secret, which
 * also signs webhooks: the Meta emulators' client gets the demo's app secret, so a Page or Instagram
 * account connected in the demo verifies the emulator's deliveries.
 */
export function demoOAuth(emulator: { url: string; oauth: OAuthEmulator }, platforms: Platform[]): DemoOAuth {
  if (platforms.some((p) => p === 'facebook' || p === 'instagram')) emulator.oauth.app.clientSecret = APP_SECRET;
  return Object.fromEntries(platforms.map((p) => [p, { ...emulator.oauth.app, baseUrl: emulator.url }]));
}

/**
 * 'examples': each emulator holds its connector's own handful of example messages (what
 * test/integration/all-platforms.test.ts counts), and there are no writers.
 * 'demo': the emulators start empty but for the entities' own posts; citizens write through the writers.
 */
type Citizens = 'examples' | 'demo';

function entity(id: string, name: string, email: string, channels: ChannelConfig[]): EntityConfig {
  return { id, name, coordinator: { name: `Klachtencoördinator ${name} (demo)`, email }, complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels };
}

function channel(
  id: string,
  platform: ChannelConfig['platform'],
  name: string,
  baseUrl: string,
  account: Record<string, string>,
  credentials: Record<string, string>,
  pollIntervalSeconds = 10,
): ChannelConfig {
  return { id, platform, name, account, baseUrl, credentials, pollIntervalSeconds, enabled: true };
}

/** Ids that never repeat, not even after a restart (a later run's ids are larger): from the time, plus a counter. */
class Ids {
  private seq = 0;
  /** A Snowflake-like number as X and Instagram use. */
  numeric(at: Date): string {
    return (((BigInt(at.getTime()) - 1_288_834_974_657n) << 22n) + BigInt(this.seq++ % 4_194_304)).toString();
  }
  text(prefix: string): string {
    return `${prefix}${Date.now().toString(36)}${(this.seq++).toString(36)}`;
  }
}

const X_ACCOUNTS = {
  'de-lijn': { userId: '1001', handle: 'delijn', name: 'De Lijn', token: 'demo-delijn-token' },
  vdab: { userId: '1002', handle: 'VDAB_be', name: 'VDAB', token: 'demo-vdab-token' },
} as const;

/** De Lijn and VDAB on X: mentions in public, DMs in private; a follow-up replies to the citizen's own tweet. */
async function x(citizens: Citizens): Promise<Started> {
  const emulator = new XEmulator();
  const url = await emulator.start();
  const ids = new Ids();
  const started: Started = { entities: [], deliveries: [], writers: [], oauth: demoOAuth(emulator, ['x']), stop: () => emulator.stop() };
  if (citizens === 'examples') return started; // the X connector has no example messages of its own
  for (const [id, account] of Object.entries(X_ACCOUNTS)) {
    emulator.addAccount(account);
    const name = id === 'de-lijn' ? 'De Lijn' : 'VDAB';
    started.entities.push(
      entity(id, name, `klachten@${account.handle.toLowerCase()}.demo`, [
        channel(`${id}-x`, 'x', `@${account.handle}`, url, { userId: account.userId, handle: account.handle }, {
          bearerToken: account.token,
          userAccessToken: account.token,
        }, 5),
      ]),
    );
    started.writers.push({
      entity: id,
      async write(message, at) {
        const who = accountsOf(message.persona).x;
        const from = { username: who.username, name: message.persona.name };
        const media = (m: ScriptedMessage) => (m.attachment ? { mediaKeys: [`3_${ids.numeric(at)}`] } : {});
        if (message.via === 'private') {
          const dm = (text: string, when: Date) =>
            emulator.addDm({ toUserId: account.userId, senderId: who.id, ...from, text, id: ids.numeric(when), createdAt: when });
          dm(message.text, at);
          return { followUp: async (next, when) => void dm(next.text, when) };
        }
        const tweet = emulator.addMention({
          toUserId: account.userId, authorId: who.id, ...from, text: `@${account.handle} ${message.text}`, lang: message.lang, id: ids.numeric(at), createdAt: at, ...media(message),
        });
        return {
          followUp: async (next, when) =>
            void emulator.addMention({
              toUserId: account.userId, authorId: who.id, ...from, text: `@${account.handle} ${next.text}`, lang: next.lang,
              inReplyToTweetId: tweet, id: ids.numeric(when), createdAt: when, ...media(next),
            }),
        };
      },
    });
  }
  return started;
}

/** Agentschap Natuur en Bos on its Facebook page (comments on its posts, visitors' posts) and in Messenger. */
async function facebookAndMessenger(citizens: Citizens): Promise<Started> {
  const emulator = new FacebookEmulator();
  const url = await emulator.start();
  const pageId = '104000000000777';
  emulator.addPage({ pageId, name: 'Agentschap Natuur en Bos', token: 'demo-anb-page-token' });
  const credentials = { accessToken: 'demo-anb-page-token', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  const started: Started = {
    entities: [
      entity('agentschap-natuur-bos', 'Agentschap Natuur en Bos', 'klachten@anb.demo', [
        channel('anb-facebook', 'facebook', 'Natuur en Bos (Facebook)', url, { pageId }, credentials),
        channel('anb-messenger', 'messenger', 'Natuur en Bos (Messenger)', url, { pageId }, credentials),
      ]),
    ],
    deliveries: [],
    writers: [],
    oauth: demoOAuth(emulator, ['facebook', 'messenger']), stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    seedFacebook(emulator, { pageId });
    seedMessengerDemo(emulator, { pageId });
    return started;
  }
  numberFromClock(emulator, 'nextNumber');
  const posts = new Map(domainOf('agentschap-natuur-bos').posts.map((p, i) => [p.topic, emulator.addPagePost(pageId, p.text, daysAgo(9 - i * 2))]));
  started.writers.push({
    entity: 'agentschap-natuur-bos',
    async write(message, at) {
      const who = accountsOf(message.persona).facebook;
      if (message.via === 'private') {
        const send = (text: string, when: Date) => emulator.addMessage({ pageId, psid: who.psid, name: message.persona.name, text, createdAt: when });
        send(message.text, at);
        return { followUp: async (next, when) => void send(next.text, when) };
      }
      const from = { fromId: who.id, fromName: message.persona.name };
      // A comment under the page's post on the same subject, or a post of their own on the page.
      const onPost = posts.get(message.topic);
      const postId = onPost ?? emulator.addPost({ pageId, ...from, message: message.text, createdAt: at });
      if (onPost) emulator.addComment({ postId: onPost, ...from, message: message.text, createdAt: at });
      return { followUp: async (next, when) => void emulator.addComment({ postId, ...from, message: next.text, createdAt: when }) };
    },
  });
  return started;
}

/** MDK on Instagram (@vlaanderenismaritiem, as flemish-entities.json names it): comments polled, DMs by webhook. */
async function instagram(citizens: Citizens, webhooks: WebhookOutbox): Promise<Started> {
  const emulator = new InstagramEmulator({ appSecret: APP_SECRET });
  const url = await emulator.start();
  const igUserId = '17841400000000777';
  const username = citizens === 'examples' ? 'mdk_vlaanderen' : 'vlaanderenismaritiem';
  emulator.addAccount({ igUserId, username, token: 'demo-mdk-ig-token' });
  const started: Started = {
    entities: [
      entity('mdk', 'MDK', 'klachten@mdk.demo', [
        channel('mdk-instagram', 'instagram', `@${username}`, url, { igUserId, username }, { accessToken: 'demo-mdk-ig-token', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }),
      ]),
    ],
    deliveries: [],
    writers: [],
    oauth: demoOAuth(emulator, ['instagram']), stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    const { dmDelivery } = seedInstagram(emulator, { igUserId });
    started.deliveries.push({ channelId: 'mdk-instagram', platform: 'instagram', rawBody: dmDelivery.rawBody, headers: dmDelivery.headers });
    return started;
  }
  const ids = new Ids();
  const media = domainOf('mdk').posts.map((p, i) => ({ topic: p.topic, id: emulator.addMedia({ ownerId: igUserId, caption: p.text, at: daysAgo(8 - i * 2), id: `1790000000000${i}` }) }));
  const mediaFor = (topic: string) => (media.find((m) => m.topic === topic) ?? media[media.length - 1]!).id;
  const deliver = (d: MetaDelivery) => webhooks.push({ channelId: 'mdk-instagram', platform: 'instagram', rawBody: d.rawBody, headers: d.headers });
  started.writers.push({
    entity: 'mdk',
    async write(message, at) {
      const who = accountsOf(message.persona).instagram;
      if (message.via === 'private') {
        const dm = (text: string, when: Date) => deliver(emulator.dmWebhook({ igUserId, fromId: who.id, text, at: when }).delivery);
        dm(message.text, at);
        return { followUp: async (next, when) => dm(next.text, when) };
      }
      const mediaId = mediaFor(message.topic);
      const comment = (text: string, when: Date) => emulator.addComment({ mediaId, text, fromId: who.id, username: who.username, at: when, id: ids.numeric(when) });
      comment(message.text, at);
      return { followUp: async (next, when) => void comment(next.text, when) };
    },
  });
  return started;
}

/** Agentschap Wegen en Verkeer on WhatsApp: every message a signed webhook. */
async function whatsapp(citizens: Citizens, webhooks: WebhookOutbox): Promise<Started> {
  const emulator = new WhatsAppEmulator({ appSecret: APP_SECRET });
  const url = await emulator.start();
  const phoneNumberId = '109000000000777';
  emulator.addNumber({ phoneNumberId, displayPhoneNumber: '+32 2 553 00 00', wabaId: '200000000000777', token: 'demo-awv-wa-token' });
  const started: Started = {
    entities: [
      entity('agentschap-wegen-en-verkeer', 'Agentschap Wegen en Verkeer', 'klachten@awv.demo', [
        channel('awv-whatsapp', 'whatsapp', 'Wegen en Verkeer (WhatsApp)', url, { phoneNumberId }, { accessToken: 'demo-awv-wa-token', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }),
      ]),
    ],
    deliveries: [],
    writers: [],
    stop: () => emulator.stop(),
  };
  const delivery = (d: MetaDelivery): DemoDelivery => ({ channelId: 'awv-whatsapp', platform: 'whatsapp', rawBody: d.rawBody, headers: d.headers });
  if (citizens === 'examples') {
    started.deliveries.push(...seedWhatsApp(emulator, { phoneNumberId }).map(delivery));
    return started;
  }
  started.writers.push({
    entity: 'agentschap-wegen-en-verkeer',
    async write(message, at) {
      const from = { phoneNumberId, from: accountsOf(message.persona).whatsapp.from, name: message.persona.name };
      const send = (m: ScriptedMessage, when: Date) =>
        webhooks.push(
          delivery(
            m.attachment
              ? emulator.receiveMedia({ ...from, type: 'image', mimeType: 'image/jpeg', filename: `foto-${m.topic.replace(/\W+/g, '-')}.jpg`, caption: m.text, at: when })
              : emulator.receiveText({ ...from, text: m.text, at: when }),
          ),
        );
      send(message, at);
      return { followUp: async (next, when) => send(next, when) };
    },
  });
  return started;
}

/** Departement Werk en Sociale Economie on LinkedIn: comments on its posts, members' posts that mention it. */
async function linkedin(citizens: Citizens): Promise<Started> {
  const emulator = new LinkedInEmulator();
  const url = await emulator.start();
  const organizationUrn = 'urn:li:organization:10450777';
  const accessToken = 'demo-wse-li-token';
  const started: Started = {
    entities: [
      entity('departement-wse', 'Departement Werk en Sociale Economie', 'klachten@wse.demo', [
        channel('wse-linkedin', 'linkedin', 'Departement WSE (LinkedIn)', url, { organizationUrn }, { accessToken, clientSecret: 'demo-li-secret' }),
      ]),
    ],
    deliveries: [],
    writers: [],
    oauth: demoOAuth(emulator, ['linkedin']), stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    seedLinkedIn(emulator, { organizationUrn, accessToken });
    return started;
  }
  emulator.addOrganization({ organizationUrn, token: accessToken });
  numberFromClock(emulator, 'nextId');
  const posts = new Map(domainOf('departement-wse').posts.map((p, i) => [p.topic, emulator.addPost({ author: organizationUrn, commentary: p.text, createdAt: daysAgo(12 - i * 3) }).share]));
  const general = [...posts.values()][0]!;
  started.writers.push({
    entity: 'departement-wse',
    async write(message, at) {
      const actor = accountsOf(message.persona).linkedin.urn;
      // Praise without a follow-up may be a member's own post naming the department; the rest are comments on its posts.
      if (message.category === 'other' && !message.followUpComing && !posts.has(message.topic)) {
        emulator.addMention({ organizationUrn, author: actor, commentary: message.text, createdAt: at });
        return { followUp: async () => {} };
      }
      const post = posts.get(message.topic) ?? general;
      emulator.addComment({ post, actor, text: message.text, createdAt: at });
      return { followUp: async (next, when) => void emulator.addComment({ post, actor, text: next.text, createdAt: when }) };
    },
  });
  return started;
}

const STARS: StarRating[] = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'];

/** De Watergroep's Google reviews: a follow-up is the reviewer editing the review (an update under it). */
async function google(citizens: Citizens): Promise<Started> {
  const emulator = new GoogleReviewsEmulator();
  const url = await emulator.start();
  const account = { accountId: '1010777', locationId: '2020777', accessToken: 'demo-watergroep-g-token' };
  const started: Started = {
    entities: [
      entity('de-watergroep', 'De Watergroep', 'klachten@watergroep.demo', [
        channel('watergroep-google', 'google', 'De Watergroep (Google reviews)', url, { accountId: account.accountId, locationId: account.locationId }, {
          accessToken: account.accessToken,
        }),
      ]),
    ],
    deliveries: [],
    writers: [],
    oauth: demoOAuth(emulator, ['google']), stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    seedGoogle(emulator, account);
    return started;
  }
  emulator.addLocation({ accountId: account.accountId, locationId: account.locationId, token: account.accessToken });
  const ids = new Ids();
  started.writers.push({
    entity: 'de-watergroep',
    async write(message, at) {
      const reviewId = ids.text('AbFvOqDemo');
      emulator.addReview({
        accountId: account.accountId, locationId: account.locationId, reviewId, starRating: STARS[message.stars - 1]!, displayName: message.persona.name, comment: message.text, createTime: at,
      });
      let comment = message.text;
      return {
        followUp: async (next, when) => {
          comment = `${comment}\n\n${next.text}`;
          emulator.editReview(reviewId, { comment, at: when });
        },
      };
    },
  });
  return started;
}

/** Syntra Vlaanderen's YouTube channel: comments under its videos, a follow-up a reply in the same thread. */
async function youtube(citizens: Citizens): Promise<Started> {
  const emulator = new YouTubeEmulator();
  const url = await emulator.start();
  const channelId = 'UCsyntraVlaanderen0777';
  emulator.addAccount({ channelId, title: 'Syntra Vlaanderen', apiKey: 'demo-syntra-yt-key', accessToken: 'demo-syntra-yt-token' });
  const started: Started = {
    entities: [
      entity('syntra-vlaanderen', 'Syntra Vlaanderen', 'klachten@syntra.demo', [
        channel('syntra-youtube', 'youtube', 'Syntra Vlaanderen (YouTube)', url, { channelId }, { apiKey: 'demo-syntra-yt-key', accessToken: 'demo-syntra-yt-token' }),
      ]),
    ],
    deliveries: [],
    writers: [],
    oauth: demoOAuth(emulator, ['youtube']), stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    seedYouTube(emulator, { channelId });
    return started;
  }
  // One video per subject (their titles are the domain's posts), the first for everything else.
  const videos = domainOf('syntra-vlaanderen').posts.map((p, i) => ({ topic: p.topic, id: `SyntraVid0${i + 1}` }));
  const videoFor = (topic: string) => (videos.find((v) => v.topic === topic) ?? videos[0]!).id;
  started.writers.push({
    entity: 'syntra-vlaanderen',
    async write(message, at) {
      const who = accountsOf(message.persona).youtube;
      const author = { authorChannelId: who.channelId, authorDisplayName: who.name };
      const threadId = emulator.addComment({ channelId, videoId: videoFor(message.topic), ...author, text: message.text, publishedAt: at });
      return { followUp: async (next, when) => void emulator.addReply({ threadId, ...author, text: next.text, publishedAt: when }) };
    },
  });
  return started;
}

const MAIL_FORMS: Record<Lang, { greeting: string; closing: string; re: string }> = {
  nl: { greeting: 'Goedendag,', closing: 'Met vriendelijke groeten,', re: 'Re:' },
  fr: { greeting: 'Bonjour,', closing: 'Cordialement,', re: 'Re :' },
  en: { greeting: 'Hello,', closing: 'Kind regards,', re: 'Re:' },
};

/** Lantis's info mailbox: a follow-up answers the citizen's own mail (In-Reply-To), a photo attached where they say so. */
async function email(citizens: Citizens): Promise<Started> {
  const address = 'info@lantis.demo';
  const emulator = new EmailEmulator({ address });
  const url = await emulator.start();
  const started: Started = {
    entities: [
      entity('lantis', 'Lantis', 'klachten@lantis.demo', [
        { ...channel('lantis-email', 'email', 'info@lantis.demo', url, { address, name: 'Lantis' }, emulator.credentials()), baseUrl: undefined },
      ]),
    ],
    deliveries: [],
    writers: [],
    stop: () => emulator.stop(),
  };
  if (citizens === 'examples') {
    await seedEmail(emulator, { address });
    return started;
  }
  const ids = new Ids();
  started.writers.push({
    entity: 'lantis',
    async write(message, at) {
      const who = accountsOf(message.persona).email;
      const from = `${message.persona.name} <${who.address}>`;
      const form = MAIL_FORMS[message.lang];
      const domain = who.address.split('@')[1]!;
      const attachments = (m: ScriptedMessage) =>
        m.attachment ? { attachments: [{ filename: `foto-${m.topic.replace(/\W+/g, '-')}.png`, content: demoPng(`${m.persona.handle}-${m.topic}`), contentType: 'image/png' }] } : {};
      const first = await emulator.addMail({
        from, to: address, subject: message.subject, messageId: `<${ids.text('demo.')}@${domain}>`, date: at,
        text: `${form.greeting}\n\n${message.text}\n\n${form.closing}\n${message.persona.name}`, ...attachments(message),
      });
      return {
        followUp: async (next, when) =>
          void (await emulator.addMail({
            from, to: address, subject: `${form.re} ${message.subject}`, messageId: `<${ids.text('demo.')}@${domain}>`, inReplyTo: first, references: [first], date: when,
            text: `${next.text}\n\n${message.persona.first}`, ...attachments(next),
          })),
      };
    },
  });
  return started;
}

/**
 * The Facebook and LinkedIn emulators number what they create (posts, comments, URNs) from a fixed
 * start. A demo restarted on its database would make the earlier run's ids again, and ingest would
 * take the new messages for ones it already has. In demo mode they number from the clock instead.
 */
function numberFromClock(emulator: object, field: string): void {
  const current: unknown = Reflect.get(emulator, field);
  if (typeof current === 'bigint') Reflect.set(emulator, field, current + BigInt(Date.now()) * 1000n);
  else if (typeof current === 'number') Reflect.set(emulator, field, current + Date.now());
  else throw new Error(`demo: the emulator has no counter "${field}" to start from the clock`);
}

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

/**
 * Starts every platform's emulator with the entities that use it. The default, 'examples', gives
 * each emulator its connector's own example messages (and no X entities); demo mode asks for 'demo'.
 */
export async function startPlatformDemos(options: { citizens?: Citizens; webhooks?: WebhookOutbox } = {}): Promise<PlatformDemos> {
  const citizens = options.citizens ?? 'examples';
  const webhooks = options.webhooks ?? new WebhookOutbox();
  const started = await Promise.all([
    x(citizens),
    facebookAndMessenger(citizens),
    instagram(citizens, webhooks),
    whatsapp(citizens, webhooks),
    linkedin(citizens),
    google(citizens),
    youtube(citizens),
    email(citizens),
  ]);
  return {
    entities: started.flatMap((s) => s.entities),
    deliveries: started.flatMap((s) => s.deliveries),
    writers: new Map(started.flatMap((s) => s.writers).map((w) => [w.entity, w])),
    webhooks,
    oauth: Object.assign({}, ...started.map((s) => s.oauth ?? {})) as DemoOAuth,
    async stop() {
      await webhooks.settle();
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}

/** POSTs the demo's signed webhook deliveries to the ingress at `apiUrl`, one after the other. */
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
