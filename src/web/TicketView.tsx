import { useCallback, useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, CATEGORIES, type Category, type Ticket, type Visibility } from './api.js';
import { isTyping } from './App.js';
import { age, label, type Dictionary } from './i18n.js';

const POLL_MS = 3000;

/**
 * The visibilities a reply may have, from the message it answers: a direct message or an e-mail only
 * privately, a post or comment publicly or privately. The API decides (422 with its reason); this
 * only keeps the obvious impossible choice out of the form.
 */
function replyVisibilities(ticket: Ticket): Visibility[] {
  const last = [...ticket.messages].reverse().find((m) => m.direction === 'inbound');
  if (!last) return [];
  if (last.kind === 'dm' || last.kind === 'email') return ['private'];
  return ['public', 'private'];
}

export function TicketView({ t, id, onBack }: { t: Dictionary; id: number; onBack: () => void }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(async () => {
    try {
      setTicket(await api.ticket(id));
      setLoadError(null);
    } catch (caught) {
      setLoadError(caught instanceof Error ? caught.message : String(caught));
    }
  }, [id]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === 'r') {
        event.preventDefault();
        replyBox.current?.focus();
      } else if (event.key === 'Escape' && !document.querySelector('[role="dialog"]')) {
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  if (!ticket) {
    return loadError ? (
      <p role="alert" className="error">
        {loadError}
      </p>
    ) : (
      <p>{t.loading}</p>
    );
  }

  const lastInbound = [...ticket.messages].reverse().find((m) => m.direction === 'inbound');
  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <p>
        <button type="button" className="link" onClick={onBack}>
          ← {t.back}
        </button>
      </p>
      <header className="ticket-head">
        <h1 id="ticket-title">
          Ticket #{ticket.number} · <span className="platform">{ticket.platform}</span> ·{' '}
          <span className="handle">{ticket.contact.handle ? `@${ticket.contact.handle}` : ticket.contact.name}</span>
        </h1>
        <dl className="facts">
          <div>
            <dt>{t.category}</dt>
            <dd data-testid="ticket-category">
              <span className={`tag cat-${ticket.category}`}>{label(t.categories, ticket.category)}</span>
              {ticket.confidence !== null && ticket.categorySource === 'auto' && (
                <span className="confidence">
                  {' '}
                  {Math.round(ticket.confidence * 100)}% {t.confidence}
                </span>
              )}
              {ticket.categorySource === 'manual' && <span className="confidence"> ({t.manual})</span>}
            </dd>
          </div>
          <div>
            <dt>{t.status}</dt>
            <dd data-testid="ticket-status">
              <span className={`tag status-${ticket.status}`}>{label(t.statuses, ticket.status)}</span>
            </dd>
          </div>
          <div>
            <dt>{t.priority}</dt>
            <dd>{label(t.priorities, ticket.priority)}</dd>
          </div>
        </dl>
        {ticket.complaint && (
          <p className="notice" data-testid="complaint-record">
            {t.complaintRecord}
          </p>
        )}
      </header>

      <div className="ticket-body">
        <section aria-labelledby="conversation-title" className="conversation">
          <h2 id="conversation-title">{t.conversation}</h2>
          <ol>
            {ticket.messages.map((message) => (
              <li key={message.id} className={`message ${message.direction}`} data-message-id={message.id}>
                <div className="meta">
                  <strong>{message.direction === 'inbound' ? t.inbound : t.outbound}</strong>
                  {' · '}
                  {message.kind}
                  {message.direction === 'outbound' && message.visibility && <> · {label(t.visibilities, message.visibility)}</>}
                  {' · '}
                  <time dateTime={message.sentAt} title={new Date(message.sentAt).toLocaleString()}>
                    {age(t, message.sentAt)}
                  </time>
                  {message.direction === 'outbound' && message.deliveryStatus && (
                    <>
                      {' · '}
                      <span className={`delivery delivery-${message.deliveryStatus}`} data-testid="delivery">
                        {label(t.delivery, message.deliveryStatus)}
                      </span>
                    </>
                  )}
                </div>
                {/* Social content is text: React escapes it; never render it as HTML. */}
                <p className="text">{message.text}</p>
                {message.deliveryError && <p className="error">{message.deliveryError}</p>}
              </li>
            ))}
          </ol>
          <ReplyForm t={t} ticket={ticket} replyBox={replyBox} onSent={load} />
        </section>

        <aside className="side">
          <section aria-labelledby="signals-title">
            <h2 id="signals-title">{t.signals}</h2>
            {lastInbound && lastInbound.signals.length > 0 ? (
              <ul className="signals">
                {lastInbound.signals.map((signal, index) => (
                  <li key={index}>{signal}</li>
                ))}
              </ul>
            ) : ticket.signals.length > 0 ? (
              <ul className="signals">
                {ticket.signals.map((signal, index) => (
                  <li key={index}>{signal}</li>
                ))}
              </ul>
            ) : (
              <p>{t.noSignals}</p>
            )}
          </section>
          <RetagForm t={t} ticket={ticket} onDone={setTicket} />
        </aside>
      </div>
    </article>
  );
}

function ReplyForm({
  t,
  ticket,
  replyBox,
  onSent,
}: {
  t: Dictionary;
  ticket: Ticket;
  replyBox: RefObject<HTMLTextAreaElement | null>;
  onSent: () => Promise<void>;
}) {
  const allowed = replyVisibilities(ticket);
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(allowed[0] ?? 'private');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  // One key per written reply: a retried click sends once.
  const key = useRef(crypto.randomUUID());

  useEffect(() => {
    if (allowed.length > 0 && !allowed.includes(visibility)) setVisibility(allowed[0]!);
  }, [allowed, visibility]);

  if (allowed.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.reply(ticket.id, text, visibility, key.current);
      key.current = crypto.randomUUID();
      setText('');
      setDone(true);
      await onSent();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="reply card" onSubmit={submit} aria-labelledby="reply-title">
      <h2 id="reply-title">{t.reply}</h2>
      <fieldset>
        <legend>{t.visibility}</legend>
        {allowed.map((option) => (
          <label key={option} className="inline">
            <input type="radio" name="visibility" value={option} checked={visibility === option} onChange={() => setVisibility(option)} />
            <span>{t.visibilities[option]}</span>
          </label>
        ))}
      </fieldset>
      {/* A separate label: a wrapping one would make the typed text part of the box's accessible name. */}
      <label htmlFor="reply-text">{t.replyText}</label>
      <textarea id="reply-text" ref={replyBox} name="reply" rows={4} required value={text} onChange={(event) => setText(event.target.value)} />
      {error && (
        <p role="alert" className="error" data-testid="reply-error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="ok">
          {t.sent}
        </p>
      )}
      <button type="submit" disabled={busy || !text.trim()}>
        {t.send}
      </button>
    </form>
  );
}

function RetagForm({ t, ticket, onDone }: { t: Dictionary; ticket: Ticket; onDone: (ticket: Ticket) => void }) {
  const [category, setCategory] = useState<Category>(ticket.category);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => setCategory(ticket.category), [ticket.id, ticket.category]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      onDone(await api.retag(ticket.id, category, reason.trim() || undefined));
      setReason('');
      setDone(true);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="ok">
          {t.retagged}
        </p>
      )}
      <button type="submit" disabled={category === ticket.category}>
        {t.retagSave}
      </button>
    </form>
  );
}
