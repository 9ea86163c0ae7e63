import type { ChannelContext, InboundMessage, NormalizeOutcome, RawItem } from '../../connectors/types.js';
import { normalizeBatch } from '../../src/ingest/normalize-batch.js';
import { reviseMessage, revisionTarget, type Revision, type StoredMessage } from '../../src/ingest/revisions.js';

const at = (iso: string) => new Date(iso);

const stored: StoredMessage = {
  id: 7,
  ticketId: 3,
  text: 'Wanneer wordt het containerpark geopend?',
  attachments: [{ type: 'photo', url: 'https://cdn.example/1.jpg' }],
  rating: null,
  sentAt: at('2026-03-01T09:00:00Z'),
  editedAt: null,
  deletedAt: null,
};

function edit(text: string, editedAt: string, extra: Partial<InboundMessage> = {}): Revision {
  const message = {
    externalId: 'c1',
    conversationKey: 'k',
    kind: 'comment',
    author: { platformUserId: 'u1' },
    text,
    sentAt: at('2026-03-01T09:00:00Z'),
    raw: {},
    ...extra,
    editedAt: at(editedAt),
  } as InboundMessage & { editedAt: Date };
  return { kind: 'edited', message };
}

const removal = (iso: string): Revision => ({ kind: 'removed', removal: { externalId: 'c1', at: at(iso) } });

describe('reviseMessage: what an edit or a removal changes on a stored message', () => {
  test('an edit gives the newer text, keeps the replaced one with the time it was written, and marks it edited', () => {
    const revised = reviseMessage(stored, [edit('Wanneer gaat het containerpark open op zaterdag?', '2026-03-01T09:05:00Z')]);
    expect(revised).toMatchObject({
      id: 7,
      ticketId: 3,
      text: 'Wanneer gaat het containerpark open op zaterdag?',
      editedAt: at('2026-03-01T09:05:00Z'),
      deletedAt: null,
      attachments: stored.attachments,
      replaced: [{ text: stored.text, from: '2026-03-01T09:00:00.000Z' }],
    });
  });

  test('the same edit again, or an older one after a newer one, changes nothing', () => {
    const once = reviseMessage(stored, [edit('tweede versie', '2026-03-01T09:05:00Z')])!;
    const after: StoredMessage = { ...stored, text: once.text, editedAt: once.editedAt };
    expect(reviseMessage(after, [edit('tweede versie', '2026-03-01T09:05:00Z')])).toBeUndefined();
    expect(reviseMessage(after, [edit('eerste bewerking', '2026-03-01T09:02:00Z')])).toBeUndefined();
    // Out of order in one batch: the newer one wins, the older one still makes a version of the history.
    const both = reviseMessage(stored, [edit('derde', '2026-03-01T09:09:00Z'), edit('tweede', '2026-03-01T09:05:00Z')])!;
    expect(both.text).toBe('derde');
    expect(both.replaced.map((v) => v.text)).toEqual([stored.text, 'tweede']);
    expect(both.replaced[1]!.from).toBe('2026-03-01T09:05:00.000Z');
  });

  test('an edit with nothing new only marks a never-edited message edited, and is then a repeat', () => {
    const marked = reviseMessage(stored, [edit(stored.text, '2026-03-01T09:05:00Z')]);
    expect(marked).toMatchObject({ text: stored.text, editedAt: at('2026-03-01T09:05:00Z'), replaced: [] });
    expect(reviseMessage({ ...stored, editedAt: at('2026-03-01T09:05:00Z') }, [edit(stored.text, '2026-03-01T09:10:00Z')])).toBeUndefined();
  });

  test('a removal marks the message removed and keeps its text; a second removal changes nothing', () => {
    const removed = reviseMessage(stored, [removal('2026-03-02T10:00:00Z')])!;
    expect(removed).toMatchObject({ text: stored.text, deletedAt: at('2026-03-02T10:00:00Z'), editedAt: null, replaced: [] });
    expect(reviseMessage({ ...stored, deletedAt: removed.deletedAt }, [removal('2026-03-03T10:00:00Z')])).toBeUndefined();
    // An edit delivered after the removal it preceded still applies; the removal stays.
    const late = reviseMessage({ ...stored, deletedAt: removed.deletedAt }, [edit('bewerkt', '2026-03-01T12:00:00Z')])!;
    expect(late).toMatchObject({ text: 'bewerkt', deletedAt: at('2026-03-02T10:00:00Z') });
  });

  test('stars and attachments: given ones replace (kept in the history when they changed), absent ones stay', () => {
    const review: StoredMessage = { ...stored, text: 'Goed', rating: 4, attachments: [] };
    const lower = reviseMessage(review, [edit('Goed', '2026-03-05T00:00:00Z', { rating: 1 })])!;
    expect(lower).toMatchObject({ rating: 1, text: 'Goed', replaced: [{ text: 'Goed', rating: 4, from: '2026-03-01T09:00:00.000Z' }] });
    expect(reviseMessage(stored, [edit(stored.text, '2026-03-05T00:00:00Z', { attachments: undefined })])!.attachments).toEqual(stored.attachments);
    // The same attachments with their keys in another order (as jsonb gives them back) are not a change.
    expect(reviseMessage(stored, [edit('anders', '2026-03-05T00:00:00Z', { attachments: [{ url: 'https://cdn.example/1.jpg', type: 'photo' }] })])!.replaced).toEqual([
      { text: stored.text, from: '2026-03-01T09:00:00.000Z' },
    ]);
    const photo = reviseMessage(stored, [edit('anders', '2026-03-05T00:00:00Z', { attachments: [{ type: 'photo', url: 'https://cdn.example/2.jpg' }] })])!;
    expect(photo.attachments).toEqual([{ type: 'photo', url: 'https://cdn.example/2.jpg' }]);
    expect(photo.replaced[0]!.attachments).toEqual(stored.attachments);
  });

  test('a revision is looked up by its id, and by its legacy id prefix in its conversation when it names one', () => {
    expect(revisionTarget(removal('2026-03-02T10:00:00Z'))).toEqual({ externalId: 'c1' });
    expect(revisionTarget(edit('x', '2026-03-02T10:00:00Z'))).toEqual({ externalId: 'c1' });
    expect(revisionTarget(edit('x', '2026-03-02T10:00:00Z', { externalId: 'r1', legacyIdPrefix: 'r1@', conversationKey: 'gr:r1' }))).toEqual({
      externalId: 'r1',
      legacyIdPrefix: 'r1@',
      conversationKey: 'gr:r1',
    });
  });
});

describe('normalizeBatch: edits and removals', () => {
  const channel: ChannelContext = { id: 'ch', entityId: 'e', platform: 'x', account: {}, credentials: {} };
  const normalize = (item: RawItem): NormalizeOutcome => {
    const p = item.payload as { id: string; text?: string; edited?: string; removed?: string };
    if (p.removed) return { kind: 'ignored', reason: 'removed', removes: { externalId: p.id, at: new Date(p.removed) } };
    const message: InboundMessage = { externalId: p.id, conversationKey: 'k', kind: 'comment', author: { platformUserId: 'u' }, text: p.text ?? '', sentAt: at('2026-03-01T09:00:00Z'), raw: p };
    if (p.edited) message.editedAt = new Date(p.edited);
    return { kind: 'message', message };
  };

  test('stores the original of a message once and applies its edits and removal after it, in either order', () => {
    const batch = normalizeBatch(
      [
        { type: 'c', payload: { id: 'a', text: 'nieuw', edited: '2026-03-01T09:05:00Z' } },
        { type: 'c', payload: { id: 'a', text: 'oud' } },
        { type: 'c', payload: { id: 'a', removed: '2026-03-01T10:00:00Z' } },
        { type: 'c', payload: { id: 'b', text: 'alleen bewerkt gezien', edited: '2026-03-01T09:06:00Z' } },
      ],
      channel,
      normalize,
    );
    expect(batch.messages.map((m) => [m.externalId, m.text])).toEqual([
      ['a', 'oud'],
      ['b', 'alleen bewerkt gezien'],
    ]);
    expect(batch.revisions!.map((r) => (r.kind === 'edited' ? ['edited', r.message.externalId, r.message.text] : ['removed', r.removal.externalId]))).toEqual([
      ['edited', 'a', 'nieuw'],
      ['removed', 'a'],
      ['edited', 'b', 'alleen bewerkt gezien'],
    ]);
    expect(batch.ignored).toBe(1);
  });

  test('quarantines a removal or an edit without a valid date', () => {
    const batch = normalizeBatch(
      [
        { type: 'c', externalId: 'a', payload: { id: 'a', removed: 'gisteren' } },
        { type: 'c', externalId: 'b', payload: { id: 'b', text: 'x', edited: 'ooit' } },
      ],
      channel,
      normalize,
    );
    expect(batch.quarantined.map((q) => [q.externalId, q.reason])).toEqual([
      ['a', 'Error: the removal has no valid date'],
      ['b', 'Error: the message has no valid date'],
    ]);
    expect(batch.revisions).toEqual([]);
    expect(batch.ignored).toBe(0);
  });
});
