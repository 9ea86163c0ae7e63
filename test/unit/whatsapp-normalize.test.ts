import { normalizeWhatsApp } from '../../connectors/whatsapp/normalize.js';
import { parseWhatsAppWebhook } from '../../connectors/whatsapp/webhook.js';
import { NormalizeError, type ChannelContext, type InboundMessage, type NormalizeOutcome, type RawItem } from '../../connectors/types.js';
import { platformJson } from '../helpers/fixtures.js';

const fixture = (name: string): unknown => platformJson('whatsapp', name);

const channel: ChannelContext = {
  id: 'ch-wa',
  entityId: 'ent-1',
  platform: 'whatsapp',
  account: { phoneNumberId: 'PNID_TESTE' },
  credentials: {},
};

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

const outcomes = (name: string, ch: ChannelContext = channel) => parseWhatsAppWebhook(fixture(name)).map((item) => normalizeWhatsApp(item, ch));

const METADATA = { display_phone_number: '32470000000', phone_number_id: 'PNID_TESTE' };
const item = (msg: Record<string, unknown>, extra: Record<string, unknown> = {}): RawItem => ({
  type: 'message',
  payload: { message: { from: '32471234567', id: 'wamid.SYN1', timestamp: '1769000100', ...msg }, metadata: METADATA, ...extra },
});

function normalizeError(fn: () => unknown): NormalizeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NormalizeError);
    return e as NormalizeError;
  }
  throw new Error('expected a NormalizeError');
}

describe('WhatsApp normalize: recorded 2026 captures', () => {
  it('reads a text message with its contact (mensagem_texto.json)', () => {
    const [m, ...rest] = outcomes('mensagem_texto.json').map(message);
    expect(rest).toEqual([]);
    expect(m).toEqual({
      externalId: 'wamid.TESTE001',
      conversationKey: 'wa:551199990000',
      kind: 'dm',
      author: { platformUserId: '551199990000', handle: '+551199990000', name: 'Fulana de Teste' },
      text: 'Teste',
      sentAt: new Date(1769000000 * 1000),
      raw: expect.objectContaining({ contact: expect.objectContaining({ user_id: 'BR.10000000000000000' }) }),
    });
    expect(m!.lang).toBeUndefined();
  });

  it('keeps the quoted business message of a reply as parent (resposta_a_mensagem.json)', () => {
    const m = message(outcomes('resposta_a_mensagem.json')[0]!);
    expect(m).toMatchObject({ externalId: 'wamid.TESTE015', parentExternalId: 'wamid.TESTE001', text: 'Recebido', conversationKey: 'wa:551199990000' });
  });

  it('reads an image without contacts as an attachment with its media id and type (imagem.json)', () => {
    const m = message(outcomes('imagem.json')[0]!);
    expect(m.text).toBe('');
    // The media id is what GET /{media-id} needs later; the payload's lookaside url expires and is not kept.
    expect(m.attachments).toEqual([{ type: 'image', url: 'whatsapp-media:MEDIA_TESTE3', ref: 'MEDIA_TESTE3', mimeType: 'image/jpeg' }]);
    expect(m.author).toEqual({ platformUserId: '5511999990000', handle: '+5511999990000' });
    expect(m.conversationKey).toBe('wa:5511999990000');
    expect(m.sentAt.toISOString()).toBe(new Date(1769000010 * 1000).toISOString());
  });

  it.each(['status_sent_with_pricing.json', 'status_read_com_cobranca.json', 'status_failed.json'])('ignores the delivery status in %s', (name) => {
    const result = outcomes(name);
    expect(result).toHaveLength(1);
    expect(result[0]).toEqual({ kind: 'ignored', reason: expect.stringMatching(/^delivery status (sent|read|failed) of an outgoing message$/) });
  });

  it('reads the dashboard sample for its own number and ignores it on another number', () => {
    const own = message(outcomes('meta_dashboard_test_sample_text.json', { ...channel, account: { phoneNumberId: '123456123' } })[0]!);
    expect(own).toMatchObject({ externalId: 'ABGGFlA5Fpa', conversationKey: 'wa:16315551181', author: { name: 'test user name' }, text: 'this is a text message' });
    expect(outcomes('meta_dashboard_test_sample_text.json')[0]).toEqual({ kind: 'ignored', reason: 'message for another phone number of the account' });
  });
});

describe('WhatsApp normalize: message types', () => {
  it.each([
    ['document', { filename: 'attest.pdf', caption: 'mijn attest' }, 'mijn attest'],
    ['audio', { voice: true, mime_type: 'audio/ogg; codecs=opus' }, ''],
    ['video', {}, ''],
    ['sticker', { animated: false }, ''],
  ])('%s → attachment with its media id, caption as text', (type, extra, text) => {
    const m = message(normalizeWhatsApp(item({ type, [type]: { id: 'MEDIA42', mime_type: 'x/y', sha256: 'z', ...extra } }), channel));
    const filename = (extra as { filename?: string }).filename;
    const mimeType = (extra as { mime_type?: string }).mime_type ?? 'x/y';
    expect(m.attachments).toEqual([{ type, url: 'whatsapp-media:MEDIA42', ref: 'MEDIA42', mimeType, ...(filename ? { filename } : {}) }]);
    expect(m.text).toBe(text);
  });

  it('location → geo attachment and name/address as text', () => {
    const m = message(normalizeWhatsApp(item({ type: 'location', location: { latitude: 51.0543, longitude: 3.7174, name: 'Stadhuis', address: 'Botermarkt 1, Gent' } }), channel));
    expect(m.text).toBe('Stadhuis, Botermarkt 1, Gent');
    expect(m.attachments).toEqual([{ type: 'location', url: 'geo:51.0543,3.7174' }]);
  });

  it('interactive and button answers → their title as text', () => {
    const list = message(normalizeWhatsApp(item({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'x', title: 'Afspraak maken' } } }), channel));
    const button = message(normalizeWhatsApp(item({ type: 'button', button: { payload: 'STOP', text: 'Stop meldingen' } }), channel));
    expect([list.text, button.text]).toEqual(['Afspraak maken', 'Stop meldingen']);
  });

  it('unsupported content stays visible as an attachment-only message', () => {
    const m = message(normalizeWhatsApp(item({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }), channel));
    expect(m).toMatchObject({ text: '', attachments: [{ type: 'unsupported' }] });
  });

  it('keys a username user without wa_id on user_id', () => {
    const m = message(normalizeWhatsApp(item({ from: undefined, from_user_id: 'BE.123', type: 'text', text: { body: 'hallo' } }, { contact: { profile: { name: 'X' }, user_id: 'BE.123' } }), channel));
    expect(m.conversationKey).toBe('wa:BE.123');
    expect(m.author).toEqual({ platformUserId: 'BE.123', name: 'X' });
  });

  it.each([
    [{ type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '👍' } }, 'reaction'],
    [{ type: 'system', system: { body: 'changed number' } }, 'system message (number change)'],
    [{ from: '32470000000', type: 'text', text: { body: 'van onszelf' } }, 'own message'],
  ])('ignores %j', (msg, reason) => {
    expect(normalizeWhatsApp(item(msg), channel)).toEqual({ kind: 'ignored', reason });
  });

  it('ignores statuses, system errors and business echoes', () => {
    expect(normalizeWhatsApp({ type: 'status', payload: { status: { id: 'wamid.X', status: 'delivered' } } }, channel).kind).toBe('ignored');
    expect(normalizeWhatsApp({ type: 'error', payload: { error: { code: 131000 } } }, channel).kind).toBe('ignored');
    expect(normalizeWhatsApp({ type: 'echo', payload: { message: { id: 'wamid.E' } } }, channel)).toEqual({ kind: 'ignored', reason: 'own message (echo)' });
  });
});

describe('WhatsApp normalize: unreadable payloads', () => {
  const secret = 'geheim rijksregisternummer 85.07.30-033.61';
  it.each([
    [{ id: undefined, type: 'text', text: { body: secret } }, /message\.id/],
    [{ timestamp: 'gisteren', type: 'text', text: { body: secret } }, /message\.timestamp/],
    [{ type: 'text', text: { body: '' } }, /message\.text\.body/],
    [{ type: 'text' }, /message\.text is missing/],
    [{ type: 'image', image: { caption: secret } }, /message\.image\.id/],
    [{ type: 'hologram', hologram: { body: secret } }, /message\.type "hologram" is not supported/],
    [{ type: undefined, text: { body: secret } }, /message\.type is missing/],
    [{ from: undefined, type: 'text', text: { body: secret } }, /message\.from/],
  ])('%j → NormalizeError naming the field, never the text', (msg, pattern) => {
    const error = normalizeError(() => normalizeWhatsApp(item(msg as Record<string, unknown>), channel));
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain('geheim');
  });

  it('rejects unknown item types and non-object payloads', () => {
    expect(normalizeError(() => normalizeWhatsApp({ type: 'call', payload: {} }, channel)).message).toMatch(/unknown WhatsApp item type "call"/);
    expect(normalizeError(() => normalizeWhatsApp({ type: 'message', payload: 'x' }, channel)).message).toBe('payload is not an object');
  });
});

describe('WhatsApp webhook parse', () => {
  it('splits one delivery into messages, statuses and errors, each with its contact and metadata', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: METADATA,
                contacts: [{ profile: { name: 'A' }, wa_id: '1' }, { profile: { name: 'B' }, wa_id: '2' }],
                messages: [
                  { from: '2', id: 'wamid.B', timestamp: '1769000001', type: 'text', text: { body: 'b' } },
                  { from: '1', id: 'wamid.A', timestamp: '1769000002', type: 'text', text: { body: 'a' } },
                ],
              },
            },
            { field: 'messages', value: { metadata: METADATA, statuses: [{ id: 'wamid.S', status: 'read' }], errors: [{ code: 1 }] } },
            { field: 'smb_message_echoes', value: { metadata: METADATA, message_echoes: [{ id: 'wamid.E', from: '32470000000', to: '1' }] } },
            { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
          ],
        },
      ],
    };
    const items = parseWhatsAppWebhook(body);
    expect(items.map((i) => [i.type, i.externalId])).toEqual([
      ['message', 'wamid.B'],
      ['message', 'wamid.A'],
      ['status', 'wamid.S:read'],
      ['error', undefined],
      ['echo', 'wamid.E'],
    ]);
    const names = items.slice(0, 2).map((i) => message(normalizeWhatsApp(i, channel)).author.name);
    expect(names).toEqual(['B', 'A']);
  });

  it('throws NormalizeError on a body that is not a WhatsApp delivery', () => {
    expect(normalizeError(() => parseWhatsAppWebhook({ object: 'page', entry: [] })).message).toMatch(/body\.object/);
    expect(normalizeError(() => parseWhatsAppWebhook({ object: 'whatsapp_business_account' })).message).toMatch(/body\.entry/);
    expect(normalizeError(() => parseWhatsAppWebhook(null)).message).toMatch(/body\.object/);
  });
});
