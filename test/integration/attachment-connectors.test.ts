import { AttachmentGoneError, downloadFile } from '../../connectors/attachments.js';
import { createHttpClient } from '../../connectors/http.js';
import { LoopbackServer } from '../../connectors/loopback-server.js';
import { createEmailConnector } from '../../connectors/email/connector.js';
import { EmailEmulator } from '../../connectors/email/emulator.js';
import { demoPng } from '../../connectors/emulator-media.js';
import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { createInstagramConnector } from '../../connectors/instagram/connector.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { createLinkedInConnector } from '../../connectors/linkedin/connector.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError, type Attachment, type ChannelContext, type Platform } from '../../connectors/types.js';
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';

/**
 * Each connector's fetchAttachment() against its emulator over real sockets: Meta's CDN files and
 * the Graph API's fresh URL for an expired Messenger file, X, LinkedIn and Instagram media by plain
 * GET, e-mail parts over IMAP (the reference normalize() built from a polled mail). Files come only
 * from the platform's hosts or the channel's base URL.
 */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ctx = (platform: Platform, baseUrl: string, account: Record<string, string> = {}, credentials: Record<string, string> = {}): ChannelContext => ({
  id: `ch-${platform}`,
  entityId: 'e',
  platform,
  account,
  baseUrl,
  credentials,
});

describe('Meta: Facebook posts and Messenger', () => {
  const PAGE = { pageId: '1000000000001', name: 'Gemeente', token: 'page-token' };
  let emu: FacebookEmulator;
  let url: string;
  const facebook = createFacebookConnector();
  const messenger = createMessengerConnector();

  beforeAll(async () => {
    emu = new FacebookEmulator();
    url = await emu.start();
    emu.addPage(PAGE);
  });
  afterAll(async () => {
    facebook.close();
    messenger.close();
    await emu.stop();
  });

  it('a post photo is a plain GET from the CDN, without the token', async () => {
    const file = await facebook.fetchAttachment!(ctx('facebook', url, { pageId: PAGE.pageId }, { accessToken: PAGE.token }), { type: 'photo', url: emu.mediaUrl('post.jpg') });
    expect(file.contentType).toBe('image/png');
    expect(file.body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(emu.requestLog.at(-1)).toMatchObject({ path: '/media/post.jpg', auth: 'none' });
  });

  it('an expired Messenger file URL is replaced by the one the Graph API gives for the same message and position', async () => {
    const { messageId } = emu.addMessage({ pageId: PAGE.pageId, psid: '7200000000000099', text: 'zie foto', attachments: [{ type: 'image', url: emu.mediaUrl('dm-foto.jpg'), mimeType: 'image/jpeg' }] });
    const expired: Attachment = { type: 'image', url: emu.mediaUrl('expired-dm-foto.jpg'), ref: `${messageId}#0`, mimeType: 'image/jpeg' };
    const file = await messenger.fetchAttachment!(ctx('messenger', url, { pageId: PAGE.pageId }, { accessToken: PAGE.token }), expired);
    expect(file.body.equals(demoPng('dm-foto.jpg'))).toBe(true);
    const paths = emu.requestLog.slice(-3).map((e) => `${e.path} ${e.status}`);
    expect(paths).toEqual(['/media/expired-dm-foto.jpg 403', `/${messageId} 200`, '/media/dm-foto.jpg 200']);
  });

  it('without a message reference an expired file is gone; a file elsewhere than Meta’s hosts is never requested', async () => {
    const channel = ctx('messenger', url, { pageId: PAGE.pageId }, { accessToken: PAGE.token });
    await expect(messenger.fetchAttachment!(channel, { type: 'image', url: emu.mediaUrl('expired-x.jpg') })).rejects.toBeInstanceOf(AttachmentGoneError);
    const before = emu.requestLog.length;
    await expect(messenger.fetchAttachment!(channel, { type: 'file', url: 'https://example.org/leaflet.pdf' })).rejects.toBeInstanceOf(PermanentError);
    await expect(messenger.fetchAttachment!(channel, { type: 'file', url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toBeInstanceOf(PermanentError);
    expect(emu.requestLog.length).toBe(before);
  });
});

describe('Instagram, X and LinkedIn media: plain GETs', () => {
  it('Instagram media_url', async () => {
    const emu = new InstagramEmulator();
    const url = await emu.start();
    const connector = createInstagramConnector();
    try {
      const file = await connector.fetchAttachment!(ctx('instagram', url, { igUserId: '1784' }, { accessToken: 't' }), { type: 'image', url: emu.mediaUrl('M5_n.jpg') });
      expect(file.body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    } finally {
      connector.close();
      await emu.stop();
    }
  });

  it('X post media; DM media (ton.twitter.com) need the user token', async () => {
    const emu = new XEmulator();
    const url = await emu.start();
    const connector = createXConnector();
    try {
      const channel = ctx('x', url, { userId: '1' }, { bearerToken: 'b' });
      const file = await connector.fetchAttachment!(channel, { type: 'photo', url: emu.mediaUrl('3_busfoto.jpg') });
      expect(file.contentType).toBe('image/png');
      expect(file.body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      await expect(connector.fetchAttachment!(channel, { type: 'photo', url: 'https://ton.twitter.com/1.1/ton/data/dm/1/2/abc.jpg' })).rejects.toThrow(/user access token/);
    } finally {
      connector.close();
      await emu.stop();
    }
  });

  it('LinkedIn comment image', async () => {
    const emu = new LinkedInEmulator();
    const url = await emu.start();
    const connector = createLinkedInConnector();
    try {
      const file = await connector.fetchAttachment!(ctx('linkedin', url, { organizationUrn: 'urn:li:organization:1' }, { accessToken: 't' }), { type: 'image', url: emu.mediaUrl('wachtrij.jpg') });
      expect(file.body.equals(demoPng('wachtrij.jpg'))).toBe(true);
    } finally {
      connector.close();
      await emu.stop();
    }
  });
});

describe('e-mail attachments over IMAP', () => {
  let emu: EmailEmulator;
  const connector = createEmailConnector({ timeoutMs: 5000 });
  beforeEach(async () => {
    emu = new EmailEmulator({ address: 'info@gemeente.example' });
    await emu.start();
  });
  afterEach(async () => {
    await emu.stop();
  });
  afterAll(() => connector.close());

  async function polledAttachments(channel: ChannelContext): Promise<Attachment[]> {
    const page = await connector.fetch(channel, null);
    return page.items.flatMap((item) => {
      const outcome = connector.normalize(item, channel);
      return outcome.kind === 'message' ? (outcome.message.attachments ?? []) : [];
    });
  }

  it('the part normalize() referenced is read back with its bytes and type, read-only', async () => {
    const channel = ctx('email', '', { address: 'info@gemeente.example' }, emu.credentials());
    const photo = demoPng('wachtrij');
    await emu.addMail({
      from: 'Lotte <lotte@burger.example>',
      subject: 'Wachtrij',
      text: 'Zie bijlagen.',
      attachments: [
        { filename: 'wachtrij.png', content: photo, contentType: 'image/png' },
        { filename: 'brief.txt', content: 'Geachte,\nmijn brief.\n', contentType: 'text/plain' },
      ],
    });
    const attachments = await polledAttachments(channel);
    expect(attachments.map((a) => [a.filename, a.ref])).toEqual([
      ['wachtrij.png', expect.stringMatching(/^INBOX;UIDVALIDITY=\d+\/;UID=1\/;SECTION=2$/)],
      ['brief.txt', expect.stringMatching(/;SECTION=3$/)],
    ]);
    const png = await connector.fetchAttachment!(channel, attachments[0]!);
    expect(png).toEqual({ body: photo, contentType: 'image/png' });
    const text = await connector.fetchAttachment!(channel, attachments[1]!);
    expect(text.body.toString()).toBe('Geachte,\nmijn brief.\n');
    expect(text.contentType).toBe('text/plain');
    const commands = emu.requestLog.filter((r) => r.protocol === 'imap').map((r) => r.command);
    expect(commands).not.toContain('SELECT');
    expect(commands).not.toContain('STORE');
  });

  it('after the mailbox was renumbered (UIDVALIDITY changed) the reference is void: gone, not another mail’s part', async () => {
    const channel = ctx('email', '', { address: 'info@gemeente.example' }, emu.credentials());
    await emu.addMail({ from: 'Jan <jan@burger.example>', subject: 'Bewijs', text: 'In bijlage.', attachments: [{ filename: 'bewijs.pdf', content: '%PDF-1.4 x', contentType: 'application/pdf' }] });
    const [attachment] = await polledAttachments(channel);
    emu.resetUidValidity();
    await expect(connector.fetchAttachment!(channel, attachment!)).rejects.toBeInstanceOf(AttachmentGoneError);
  });
});

describe('downloads: redirects, size cap, statuses', () => {
  let server: LoopbackServer;
  let base: string;
  const http = createHttpClient({ name: 'Test', timeoutMs: 5000 });
  beforeAll(async () => {
    server = new LoopbackServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/hop') res.writeHead(302, { location: '/file' }).end();
      else if (path === '/away') res.writeHead(302, { location: 'https://example.org/file' }).end();
      else if (path === '/big') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(5000));
      else if (path === '/file') res.writeHead(200, { 'content-type': 'image/png' }).end(demoPng('f'));
      else if (path === '/slow-down') res.writeHead(429, { 'retry-after': '30' }).end();
      else if (path === '/broken') res.writeHead(503).end();
      else if (path === '/token') res.writeHead(401).end();
      else res.writeHead(404).end();
    });
    base = await server.start();
  });
  afterAll(() => server.stop());

  const get = (path: string, extra: { maxBytes?: number; headers?: Record<string, string> } = {}) => downloadFile(http, { baseUrl: base }, `${base}${path}`, { hosts: [], what: 'GET file', ...extra });

  it('follows a redirect on the allowed origin, refuses one that leads elsewhere', async () => {
    expect((await get('hop')).body.equals(demoPng('f'))).toBe(true);
    await expect(get('away')).rejects.toThrow(/redirected away/);
  });

  it('refuses a file over the size cap before reading it all', async () => {
    await expect(get('big', { maxBytes: 1000 })).rejects.toBeInstanceOf(PermanentError);
    expect((await get('big', { maxBytes: 10_000 })).body).toHaveLength(5000);
  });

  it('maps statuses to the typed errors', async () => {
    await expect(get('missing')).rejects.toBeInstanceOf(AttachmentGoneError);
    await expect(get('slow-down')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(get('broken')).rejects.toBeInstanceOf(TransientError);
    await expect(get('token', { headers: { authorization: 'Bearer t' } })).rejects.toBeInstanceOf(AuthExpiredError);
    await expect(get('token')).rejects.toBeInstanceOf(AttachmentGoneError);
  });
});
