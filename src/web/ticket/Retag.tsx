import { useEffect, useState, type FormEvent } from 'react';
import { useApi, CATEGORIES, type Category, type Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';

/** Re-tag (feeds the classifier's corrections) and, in one step, escalate to a complaint with a reason. */
export function Retag({ ticket, onDone, announce }: { ticket: Ticket; onDone: (ticket: Ticket) => void; announce: Announce }) {
  const t = useT();
  const api = useApi();
  const [category, setCategory] = useState<Category>(ticket.category);
  const [reason, setReason] = useState('');
  const [escalation, setEscalation] = useState('');

  useEffect(() => setCategory(ticket.category), [ticket.id, ticket.category]);

  const { run } = useAnnouncedAction(announce);
  const retag = (to: Category, why: string, done: string) =>
    run(async () => {
      onDone(await api.retag(ticket.id, to, why.trim() || undefined));
      announce(done);
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await retag(category, reason, t.retagged)) setReason('');
  };

  const escalate = async (event: FormEvent) => {
    event.preventDefault();
    if (await retag('complaint', escalation, t.work.escalated)) setEscalation('');
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
        <button type="submit" disabled={category === ticket.category}>
          {t.retagSave}
        </button>
      </form>
      {ticket.category !== 'complaint' && (
        <form className="retag card escalate" onSubmit={escalate} aria-labelledby="escalate-title">
          <h2 id="escalate-title">{t.work.escalate}</h2>
          <label>
            <span>{t.work.escalateReason}</span>
            <input type="text" name="escalation" required maxLength={1000} value={escalation} onChange={(event) => setEscalation(event.target.value)} />
          </label>
          <button type="submit" disabled={!escalation.trim()}>
            {t.work.escalate}
          </button>
        </form>
      )}
    </div>
  );
}
