import { useEffect, useRef, useState } from 'react';
import { useApi, type Ticket } from '../api/index.js';
import { useErrorText } from '../errors.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import type { Announce } from './LiveStatus.js';

/** Pick another ticket of the same person and confirm: it moves into this one and is closed. */
export function MergeDialog({
  ticket,
  onClose,
  onMerged,
  announce,
}: {
  ticket: Ticket;
  onClose: () => void;
  onMerged: (ticket: Ticket) => void;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const [sourceId, setSourceId] = useState(String(ticket.otherTickets[0]?.id ?? ''));
  const [busy, setBusy] = useState(false);
  const errorText = useErrorText();
  const [error, setError] = useState<{ caught: unknown } | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  const source = ticket.otherTickets.find((other) => String(other.id) === sourceId);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      opener?.focus();
    };
  }, [onClose]);

  const confirm = async () => {
    if (!source) return;
    setBusy(true);
    setError(null);
    try {
      const merged = await api.merge(ticket.id, source.id);
      announce(fill(t.work.merged, { source: source.number }));
      onMerged(merged);
      onClose();
    } catch (caught) {
      setError({ caught });
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="merge-title" aria-describedby="merge-explain" className="dialog" onClick={(event) => event.stopPropagation()}>
        <h2 id="merge-title">{t.work.mergeTitle}</h2>
        <label>
          <span>{t.work.mergePick}</span>
          <select ref={first} name="mergeSource" value={sourceId} onChange={(event) => setSourceId(event.target.value)}>
            {ticket.otherTickets.map((other) => (
              <option key={other.id} value={String(other.id)}>
                #{other.number} {other.preview.slice(0, 60)}
              </option>
            ))}
          </select>
        </label>
        <p id="merge-explain">{source ? fill(t.work.mergeExplain, { source: source.number, target: ticket.number }) : ''}</p>
        {error && (
          <p role="alert" className="error">
            {errorText(error.caught)}
          </p>
        )}
        <div className="buttons">
          <button type="button" disabled={busy || !source} onClick={() => void confirm()}>
            {t.work.mergeConfirm}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t.work.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
