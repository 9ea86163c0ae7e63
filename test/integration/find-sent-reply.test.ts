/**
 * findSentReply per platform, against each emulator over real HTTP: after reply() posted, the
 * lookup finds the reply by the entity's own account with the same text under the target (one
 * request); another text, another author, or an own reply from before the attempt is not it.
 */
import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { createGoogleConnector } from '../../connectors/google/connector.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { createInstagramConnector } from '../../connectors/instagram/connector.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { CannotTellError, type ChannelContext, type ReplyTarget } from '../../connectors/types.js';
import { createYouTubeConnector } from '../../connectors/youtube/connector.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';

const TEXT = 'Dag, dank voor uw bericht. We kijken het na & laten iets weten.';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function target(extra: Partial<ReplyTarget> & { inReplyToExternalId: string }): ReplyTarget {
  return { visibility: 'public', inReplyToKind: 'comment', conversationKey: 'k', recipientPlatformUserId: 'citizen', inReplyToRaw: {}, ...extra };
}

describe('Facebook page comments', () => {
  const PAGE = { pageId: '104000000000001', name: 'Stad Gent', token: 'EAApagetoken0001' };
  let emu: FacebookEmulator;
  const connector = createFacebookConnector({ timeoutMs: 5000 });
  const channel = (): ChannelContext => ({ id: 'fb', entityId: 'e', platform: 'facebook', account: { pageId: PAGE.pageId }, baseUrl: emu.url, credentials: { accessToken: PAGE.token } });

  beforeEach(async () => {
    emu = new FacebookEmulator();
    emu.addPage(PAGE);
    await emu.start();
  });
  afterEach(() => emu.stop());

  test('finds the Page’s reply under the comment, not an older one or a citizen’s', async () => {
    const post = emu.addPost({ pageId: PAGE.pageId, fromId: '901', fromName: 'An', message: 'Wanneer is het stadhuis open?', createdAt: minutesAgo(120) });
    const comment = emu.addComment({ postId: post, fromId: '902', fromName: 'Bert', message: 'Ook op zaterdag?', createdAt: minutesAgo(100) });
    emu.addComment({ postId: post, fromId: PAGE.pageId, fromName: PAGE.name, message: TEXT, parentId: comment, createdAt: minutesAgo(90) });
    emu.addComment({ postId: post, fromId: '903', fromName: 'Carla', message: TEXT, parentId: comment, createdAt: minutesAgo(1) });
    const t = target({ inReplyToExternalId: comment });
    const since = new Date();
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toBeNull();

    const sent = await connector.reply(channel(), t, TEXT);
    const from = emu.requestLog.length;
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toEqual({ externalId: sent.externalId });
    expect(emu.requestLog.slice(from).map((r) => `${r.method} ${r.path}`)).toEqual([expect.stringMatching(new RegExp(`^GET .*${comment}/comments$`))]);
    expect(await connector.findSentReply!(channel(), t, 'Een ander antwoord', since)).toBeNull();
  });

  test('a private reply cannot be looked up', async () => {
    await expect(connector.findSentReply!(channel(), target({ inReplyToExternalId: '1_2', visibility: 'private' }), TEXT, new Date())).rejects.toBeInstanceOf(CannotTellError);
  });
});

describe('Messenger', () => {
  const PAGE = { pageId: '104000000000002', name: 'Natuur en Bos', token: 'EAApagetoken0002' };
  let emu: FacebookEmulator;
  const connector = createMessengerConnector({ timeoutMs: 5000 });
  const channel = (): ChannelContext => ({ id: 'ms', entityId: 'e', platform: 'messenger', account: { pageId: PAGE.pageId }, baseUrl: emu.url, credentials: { accessToken: PAGE.token } });

  beforeEach(async () => {
    emu = new FacebookEmulator();
    emu.addPage(PAGE);
    await emu.start();
  });
  afterEach(() => emu.stop());

  test('finds the Page’s message in the conversation with the citizen, not in another one', async () => {
    emu.addMessage({ pageId: PAGE.pageId, psid: '7001', name: 'Anna', text: 'Mag mijn hond mee in het bos?', createdAt: minutesAgo(20) });
    emu.addMessage({ pageId: PAGE.pageId, psid: '7002', name: 'Bram', text: 'Waar kan ik parkeren?', createdAt: minutesAgo(10) });
    emu.addPageMessage(PAGE.pageId, '7002', TEXT);
    const t = target({ inReplyToExternalId: 'm_1', inReplyToKind: 'dm', visibility: 'private', recipientPlatformUserId: '7001', conversationKey: 'fb:dm:7001' });
    const since = new Date();
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toBeNull();
    const sent = await connector.reply(channel(), t, TEXT);
    const from = emu.requestLog.length;
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toEqual({ externalId: sent.externalId });
    expect(emu.requestLog.slice(from)).toHaveLength(2);
    expect(new URLSearchParams(emu.requestLog[from]!.query).get('user_id')).toBe('7001');
    expect(await connector.findSentReply!(channel(), t, 'Een ander antwoord', since)).toBeNull();
  });
});

describe('Instagram comment replies', () => {
  const OWN = { igUserId: '17841400000000001', username: 'mdk_vlaanderen', token: 'IGtoken0001' };
  let emu: InstagramEmulator;
  const connector = createInstagramConnector({ timeoutMs: 5000 });
  const channel = (): ChannelContext => ({
    id: 'ig', entityId: 'e', platform: 'instagram', account: { igUserId: OWN.igUserId, username: OWN.username }, baseUrl: emu.url, credentials: { accessToken: OWN.token },
  });

  beforeEach(async () => {
    emu = new InstagramEmulator();
    emu.addAccount(OWN);
    await emu.start();
  });
  afterEach(() => emu.stop());

  test('finds the account’s reply under the comment', async () => {
    const media = emu.addMedia({ ownerId: OWN.igUserId, caption: 'Strandweer', at: minutesAgo(60) });
    const comment = emu.addComment({ mediaId: media, text: 'Is de zee veilig vandaag?', fromId: '501', username: 'an', at: minutesAgo(30) });
    emu.addComment({ mediaId: media, text: TEXT, fromId: '502', username: 'bert', parentId: comment, at: minutesAgo(1) });
    const t = target({ inReplyToExternalId: comment });
    const since = new Date();
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toBeNull();
    const sent = await connector.reply(channel(), t, TEXT);
    const from = emu.requestLog.length;
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toEqual({ externalId: sent.externalId });
    expect(emu.requestLog.slice(from)).toHaveLength(1);
    expect(await connector.findSentReply!(channel(), t, 'Een ander antwoord', since)).toBeNull();
  });

  test('answers to mentions and private replies cannot be looked up', async () => {
    await expect(connector.findSentReply!(channel(), target({ inReplyToExternalId: 'c1', inReplyToKind: 'post' }), TEXT, new Date())).rejects.toBeInstanceOf(CannotTellError);
    await expect(connector.findSentReply!(channel(), target({ inReplyToExternalId: 'c1', visibility: 'private' }), TEXT, new Date())).rejects.toBeInstanceOf(CannotTellError);
  });
});

describe('YouTube thread replies', () => {
  const OWN = { channelId: 'UCsyntra000000000000001', title: 'Syntra', accessToken: 'ya29.token0001' };
  let emu: YouTubeEmulator;
  const connector = createYouTubeConnector({ timeoutMs: 5000 });
  const channel = (): ChannelContext => ({ id: 'yt', entityId: 'e', platform: 'youtube', account: { channelId: OWN.channelId }, baseUrl: emu.url, credentials: { accessToken: OWN.accessToken } });

  beforeEach(async () => {
    emu = new YouTubeEmulator();
    emu.addAccount(OWN);
    await emu.start();
  });
  afterEach(() => emu.stop());

  test('finds the channel’s reply in the thread, not an older own reply', async () => {
    const thread = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000001', authorChannelId: 'UCcitizen01', authorDisplayName: 'An', text: 'Wanneer start de cursus?', publishedAt: minutesAgo(300) });
    emu.addReply({ threadId: thread, authorChannelId: OWN.channelId, authorDisplayName: OWN.title, text: TEXT, publishedAt: minutesAgo(200) });
    const t = target({ inReplyToExternalId: thread, inReplyToRaw: { comment: { id: thread } }, conversationKey: `yt:thread:${thread}:UCcitizen01` });
    const since = new Date();
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toBeNull();
    const sent = await connector.reply(channel(), t, TEXT);
    const from = emu.requestLog.length;
    expect(await connector.findSentReply!(channel(), t, TEXT, since)).toEqual({ externalId: sent.externalId });
    expect(emu.requestLog.slice(from)).toHaveLength(1);
  });
});

describe('Google review replies', () => {
  const LOC = { accountId: '1100000000000000001', locationId: '2200000000000000001' };
  const TOKEN = 'ya29.google0001';
  let emu: GoogleReviewsEmulator;
  const connector = createGoogleConnector({ timeoutMs: 5000 });
  const channel = (): ChannelContext => ({ id: 'g', entityId: 'e', platform: 'google', account: { ...LOC }, baseUrl: emu.url, credentials: { accessToken: TOKEN } });

  beforeEach(async () => {
    emu = new GoogleReviewsEmulator();
    emu.addLocation({ ...LOC, token: TOKEN });
    await emu.start();
  });
  afterEach(() => emu.stop());

  test('the review’s reply with our text is found; another text is not', async () => {
    const reviewId = emu.addReview({ ...LOC, starRating: 'TWO', comment: 'Water was een dag afgesloten', createTime: minutesAgo(60) });
    const t = target({ inReplyToExternalId: `${reviewId}@x`, inReplyToKind: 'review', conversationKey: `gr:${reviewId}` });
    expect(await connector.findSentReply!(channel(), t, TEXT, new Date())).toBeNull();
    const sent = await connector.reply(channel(), t, TEXT);
    const from = emu.requestLog.length;
    expect(await connector.findSentReply!(channel(), t, TEXT, new Date())).toEqual({ externalId: sent.externalId });
    expect(emu.requestLog.slice(from)).toHaveLength(1);
    expect(await connector.findSentReply!(channel(), t, 'Een ander antwoord', new Date())).toBeNull();
  });
});
