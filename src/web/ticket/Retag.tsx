import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApi, CATEGORIES, type Category, type Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { useResource } from '../useResource.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';

interface Pending {
  reason: string;
  done: string;
  clear: () => void;
}

/** The ticket's entity as GET /api/entities gives it: its name and whether it sends the intake by itself. */
function useEntity(entityId: string): { name: string; autoSend: { enabled: boolean; minConfidence: number } | null } {
  const api = useApi();
  const entities = useResource(() => api.entities().catch(() => ({ items: [] })), []);
  const entity = entities.data?.items.find((item) => item.id === entityId) as ({ name: string; autoSend?: unknown } | undefined);
  const autoSend = entity?.autoSend as { enabled?: unknown; minConfidence?: unknown } | undefined;
  return {
    name: entity?.name ?? entityId,
    autoSend: autoSend && typeof autoSend.enabled === 'boolean' && typeof autoSend.minConfidence === 'number' ? { enabled: autoSend.enabled, minConfidence: autoSend.minConfidence } : null,
  };
}

/**
 * Re-tag (feeds the classifier's corrections) and, in one step, escalate to a complaint with a reason.
 * Making a ticket a complaint writes to people: before it is done, the screen says what follows (the
 * coordinator is notified; the intake messages to the citizen are prepared as drafts, or sent by
 * themselves only when the entity chose so) and asks to confirm.
 */
export function Retag({ ticket, onDone, announce }: { ticket: Ticket; onDone: (ticket: Ticket) => void; announce: Announce }) {
  const t = useT();
  const api = useApi();
  const entity = useEntity(ticket.entity);
  const [category, setCategory] = useState<Category>(ticket.category);
  const [reason, setReason] = useState('');
  const [escalation, setEscalation] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => setCategory(ticket.category), [ticket.id, ticket.category]);
  useEffect(() => setPending(null), [ticket.id]);
  useEffect(() => {
    if (pending) confirmButton.current?.focus();
  }, [pending]);

  const { busy, run } = useAnnouncedAction(announce);
  const retag = (to: Category, why: string, done: string) =>
    run(async () => {
      onDone(await api.retag(ticket.id, to, why.trim() || undefined));
      announce(done);
    });

  // "Categorie klopt": the classifier was right; the ticket leaves "to check" and later messages no longer change it.
  const confirmCategory = () =>
    run(async () => {
      onDone(await api.confirmCategory(ticket.id));
      announce(t.work.categoryConfirmed);
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (category === 'complaint' && ticket.category !== 'complaint') {
      setPending({ reason, done: t.retagged, clear: () => setReason('') });
      return;
    }
    if (await retag(category, reason, t.retagged)) setReason('');
  };

  const escalate = (event: FormEvent) => {
    event.preventDefault();
    setPending({ reason: escalation, done: t.work.escalated, clear: () => setEscalation('') });
  };

  const confirm = async () => {
    if (!pending) return;
    if (await retag('complaint', pending.reason, pending.done)) {
      pending.clear();
      setPending(null);
    }
  };

  return (
    <div className="retag-group">
      <form className="retag card" onSubmit={submit} aria-labelledby="retag-title">
        <h2 id="retag-title">{t.retag}</h2>
        <label>
          <span>{t.category}</span>
          <select name="category" value={category} onChange={(event) => setCategory(event.target.value as Category)}>
            {CATEGORIES.map((code) => (
              <option key={code} value={code}>
                {t.categories[code]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.retagReason}</span>
          <input type="text" name="reason" maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" disabled={busy || category === ticket.category || pending !== null}>
          {t.retagSave}
        </button>
        {ticket.categorySource === 'auto' && (
          <button type="button" className="secondary" disabled={busy || pending !== null} onClick={() => void confirmCategory()} data-testid="confirm-category">
            {t.work.confirmCategory}
          </button>
        )}
      </form>
      {ticket.category !== 'complaint' && (
        <form className="retag card escalate" onSubmit={escalate} aria-labelledby="escalate-title">
          <h2 id="escalate-title">{t.work.escalate}</h2>
          <label>
            <span>{t.work.escalateReason}</span>
            <input type="text" name="escalation" required maxLength={1000} value={escalation} onChange={(event) => setEscalation(event.target.value)} />
          </label>
          <button type="submit" disabled={busy || !escalation.trim() || pending !== null}>
            {t.work.escalate}
          </button>
        </form>
      )}
      {pending && (
        <section className="card complaint-preview" aria-labelledby="retag-preview-title" data-testid="complaint-preview">
          <h2 id="retag-preview-title">{t.work.retagPreviewTitle}</h2>
          <ul>
            <li>{fill(t.work.retagPreviewCoordinator, { entity: entity.name })}</li>
            {entity.autoSend?.enabled ? (
              <li>{fill(t.work.retagPreviewAuto, { entity: entity.name, percent: Math.round(entity.autoSend.minConfidence * 100) })}</li>
            ) : (
              <li>{t.work.retagPreviewDrafts}</li>
            )}
          </ul>
          <div className="buttons">
            <button type="button" ref={confirmButton} disabled={busy} onClick={() => void confirm()}>
              {t.work.retagConfirm}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setPending(null)}>
              {t.work.cancel}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
