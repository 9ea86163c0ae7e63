import { useState, type FormEvent } from 'react';
import { useApi, type Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';
import { useResource } from '../useResource.js';
import { useCan } from '../workspace/permissions.js';

/** The API's own rule, so the form refuses what the API would: trimmed, lower-case, 1–40 characters. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

export function TagsEditor({ ticket, onChanged, announce }: { ticket: Ticket; onChanged: (ticket: Ticket) => void; announce: Announce }) {
  const t = useT();
  const api = useApi();
  const editable = useCan()('tickets.work');
  const [draft, setDraft] = useState('');
  const tags = useResource(() => (editable ? api.tags(ticket.entity) : Promise.resolve({ items: [] })), [ticket.entity, editable]);
  const known = tags.data?.items.map((item) => item.tag) ?? [];

  const { busy, run } = useAnnouncedAction(announce);

  const save = (tags: string[]) =>
    run(async () => {
      onChanged(await api.setTags(ticket.id, tags));
      announce(t.work.tagsSaved);
    });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const tag = normalizeTag(draft);
    if (!tag || ticket.tags.includes(tag)) return setDraft('');
    if (await save([...ticket.tags, tag])) setDraft('');
  };

  return (
    <section className="tags-editor card" aria-labelledby="tags-title">
      <h2 id="tags-title">{t.work.tagsEditor}</h2>
      {ticket.tags.length === 0 ? (
        <p className="muted">{t.work.noTags}</p>
      ) : (
        <ul className="chips" data-testid="ticket-tags">
          {ticket.tags.map((tag) => (
            <li key={tag} className="chip">
              {tag}
              {editable && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={fill(t.work.removeTag, { tag })}
                  disabled={busy}
                  onClick={() => void save(ticket.tags.filter((other) => other !== tag))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={add}>
          <label>
            <span>{t.work.newTag}</span>
            <input type="text" name="tag" list="known-tags" maxLength={40} value={draft} onChange={(event) => setDraft(event.target.value)} />
          </label>
          <datalist id="known-tags">
            {known.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <button type="submit" className="secondary" disabled={busy || !normalizeTag(draft)}>
            {t.work.addTag}
          </button>
        </form>
      )}
    </section>
  );
}
