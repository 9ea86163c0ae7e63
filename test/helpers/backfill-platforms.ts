/**
 * Per polled platform, for the backfill tests: an emulator with a small page size, the channel that
 * reads it, and a way to put one citizen's message in at a given time.
 */
import type { ChannelConfig } from '../../src/config/schema.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import type { Connector } from '../../connectors/types.js';
import { EmailEmulator } from '../../connectors/email/emulator.js';
import { createEmailConnector } from '../../connectors/email/connector.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import { createLinkedInConnector } from '../../connectors/linkedin/connector.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { createInstagramConnector } from '../../connectors/instagram/connector.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { createGoogleConnector } from '../../connectors/google/connector.js';

export interface SeededPlatform {
  channel: ChannelConfig;
  /** A connector with small pages, where the page size is the connector's choice rather than the emulator's. */
  connector?: Connector;
  /** One citizen's message sent at `at`; `i` makes it distinct. Called oldest first. */
  add(at: Date, i: number): Promise<void> | void;
  stop(): Promise<void>;
}

export interface BackfillCase {
  platform: string;
  start(): Promise<SeededPlatform>;
}

const channelBase = { credentials: {}, pollIntervalSeconds: 60, enabled: true } as const;

export const X_ACCOUNT = { userId: '7100', handle: 'stad', name: 'Stad', token: 'backfill-user-token' };

export async function startX(pageSize = 3, channelId = 'bf-x'): Promise<SeededPlatform & { emu: XEmulator }> {
  const emu = new XEmulator({ pageSize });
  emu.addAccount(X_ACCOUNT);
  await emu.start();
  return {
    emu,
    channel: { ...channelBase, id: channelId, platform: 'x', account: { userId: X_ACCOUNT.userId, handle: X_ACCOUNT.handle }, baseUrl: emu.url, credentials: { userAccessToken: X_ACCOUNT.token } },
    add(at, i) {
      const citizen = { authorId: String(8000 + i), username: `burger${i}`, name: `Burger ${i}` };
      if (i % 2 === 0) emu.addMention({ toUserId: X_ACCOUNT.userId, ...citizen, text: `@stad vraag ${i} over de straatverlichting`, createdAt: at });
      else emu.addDm({ toUserId: X_ACCOUNT.userId, senderId: citizen.authorId, username: citizen.username, name: citizen.name, text: `bericht ${i} over mijn aanvraag`, createdAt: at });
    },
    stop: () => emu.stop(),
  };
}

async function startFacebook(): Promise<SeededPlatform> {
  const emu = new FacebookEmulator();
  const url = await emu.start();
  const pageId = '104000000000901';
  emu.addPage({ pageId, name: 'Gemeente', token: 'backfill-page-token' });
  // The Page's own announcement, 12 days before the window: citizens comment on it before, in and after the window.
  let announcement: string | undefined;
  return {
    channel: { ...channelBase, id: 'bf-facebook', platform: 'facebook', account: { pageId }, baseUrl: url, credentials: { accessToken: 'backfill-page-token' } },
    connector: createFacebookConnector({ feedPageSize: 3, commentPageSize: 3 }),
    add(at, i) {
      announcement ??= emu.addPagePost(pageId, 'Nieuwe openingsuren', new Date(at.getTime() - 12 * 86_400_000));
      const citizen = { fromId: String(7200000000000000 + i), fromName: `Burger ${i}` };
      if (i % 2 === 0) emu.addPost({ pageId, ...citizen, message: `Vraag ${i} over het containerpark`, createdAt: at });
      else emu.addComment({ postId: announcement, ...citizen, message: `Opmerking ${i} bij de openingsuren`, createdAt: at });
    },
    stop: () => emu.stop(),
  };
}

async function startYouTube(): Promise<SeededPlatform> {
  const emu = new YouTubeEmulator({ pageSize: 3 });
  const url = await emu.start();
  const channelId = 'UCbackfill000000000000001';
  emu.addAccount({ channelId, title: 'Stad', apiKey: 'backfill-yt-key', accessToken: 'backfill-yt-token' });
  let thread = '';
  return {
    channel: { ...channelBase, id: 'bf-youtube', platform: 'youtube', account: { channelId }, baseUrl: url, credentials: { apiKey: 'backfill-yt-key' } },
    add(at, i) {
      const author = { authorChannelId: `UCcitizen${String(i).padStart(16, '0')}`, authorDisplayName: `Burger ${i}` };
      // Odd: a reply in the thread the message before started (one of them in a thread older than the window).
      if (i % 2 === 0) thread = emu.addComment({ channelId, videoId: 'vid-1', ...author, text: `Vraag ${i} bij de video`, publishedAt: at });
      else emu.addReply({ threadId: thread, ...author, text: `Antwoord ${i} in de draad`, publishedAt: at });
    },
    stop: () => emu.stop(),
  };
}

async function startGoogle(): Promise<SeededPlatform> {
  const emu = new GoogleReviewsEmulator();
  const url = await emu.start();
  const place = { accountId: '1090000000000000001', locationId: '2090000000000000001' };
  emu.addLocation({ ...place, token: 'backfill-google-token' });
  return {
    channel: { ...channelBase, id: 'bf-google', platform: 'google', account: place, baseUrl: url, credentials: { accessToken: 'backfill-google-token' } },
    connector: createGoogleConnector({ pageSize: 3 }),
    add(at, i) {
      emu.addReview({ ...place, starRating: i % 3 === 0 ? 'TWO' : 'FOUR', displayName: `Burger ${i}`, comment: `Review ${i} van het loket`, createTime: at });
    },
    stop: () => emu.stop(),
  };
}

async function startMessenger(): Promise<SeededPlatform> {
  const emu = new FacebookEmulator();
  const url = await emu.start();
  const pageId = '104000000000902';
  emu.addPage({ pageId, name: 'Gemeente', token: 'backfill-messenger-token' });
  return {
    channel: { ...channelBase, id: 'bf-messenger', platform: 'messenger', account: { pageId }, baseUrl: url, credentials: { accessToken: 'backfill-messenger-token' } },
    connector: createMessengerConnector({ conversationPageSize: 2, messagePageSize: 3 }),
    add(at, i) {
      // Four citizens, each writing several times: conversations span the window.
      emu.addMessage({ pageId, psid: String(7300000000000000 + (i % 4)), name: `Burger ${i % 4}`, text: `Bericht ${i} over mijn dossier`, createdAt: at });
    },
    stop: () => emu.stop(),
  };
}

async function startInstagram(): Promise<SeededPlatform> {
  const emu = new InstagramEmulator({ pageSize: 3 });
  const url = await emu.start();
  const igUserId = '17841400000000901';
  emu.addAccount({ igUserId, username: 'stad', token: 'backfill-ig-token' });
  let post: string | undefined;
  return {
    channel: { ...channelBase, id: 'bf-instagram', platform: 'instagram', account: { igUserId, username: 'stad' }, baseUrl: url, credentials: { accessToken: 'backfill-ig-token' } },
    connector: createInstagramConnector({ pageSize: 3 }),
    add(at, i) {
      post ??= emu.addMedia({ ownerId: igUserId, caption: 'Nieuwe speeltuin', at: new Date(at.getTime() - 5 * 86_400_000) });
      // Comments on the post, and (every third) a DM that only the Conversations API still knows (no delivery sent).
      if (i % 3 === 2) emu.dmWebhook({ igUserId, fromId: String(6100000000000000 + i), text: `DM ${i} over de speeltuin`, at });
      else emu.addComment({ mediaId: post, text: `Reactie ${i} op de speeltuin`, fromId: String(6200000000000000 + i), username: `burger${i}`, at });
    },
    stop: () => emu.stop(),
  };
}

async function startLinkedIn(): Promise<SeededPlatform> {
  const emu = new LinkedInEmulator();
  const url = await emu.start();
  const organizationUrn = 'urn:li:organization:90000901';
  emu.addOrganization({ organizationUrn, token: 'backfill-li-token', name: 'Stad' });
  let post: string | undefined;
  return {
    channel: { ...channelBase, id: 'bf-linkedin', platform: 'linkedin', account: { organizationUrn }, baseUrl: url, credentials: { accessToken: 'backfill-li-token' } },
    connector: createLinkedInConnector({ pageSize: 3 }),
    add(at, i) {
      post ??= emu.addPost({ author: organizationUrn, commentary: 'Vacature: jobstudenten', createdAt: new Date(at.getTime() - 20 * 86_400_000) }).share;
      const author = `urn:li:person:burger${i}`;
      if (i % 3 === 2) emu.addMention({ organizationUrn, author, commentary: `Vermelding ${i} van de stad`, createdAt: at });
      else emu.addComment({ post, actor: author, text: `Reactie ${i} op de vacature`, createdAt: at });
    },
    stop: () => emu.stop(),
  };
}

async function startEmail(): Promise<SeededPlatform> {
  const emu = new EmailEmulator({ address: 'info@stad.test' });
  await emu.start();
  return {
    channel: { ...channelBase, id: 'bf-email', platform: 'email', account: { address: 'info@stad.test' }, credentials: emu.credentials() },
    connector: createEmailConnector({ pageSize: 3 }),
    async add(at, i) {
      await emu.addMail({ from: `Burger ${i} <burger${i}@example.org>`, subject: `Vraag ${i}`, text: `Mail ${i} over mijn aanvraag`, date: at });
    },
    stop: () => emu.stop(),
  };
}

export const backfillCases: BackfillCase[] = [
  { platform: 'x', start: () => startX() },
  { platform: 'facebook', start: startFacebook },
  { platform: 'youtube', start: startYouTube },
  { platform: 'google', start: startGoogle },
  { platform: 'messenger', start: startMessenger },
  { platform: 'instagram', start: startInstagram },
  { platform: 'linkedin', start: startLinkedIn },
  { platform: 'email', start: startEmail },
];
