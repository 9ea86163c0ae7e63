import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useApi, type Ticket, type Visibility, messageOf } from '../api/index.js';
import { CannedPicker } from './CannedPicker.js';
import { useT } from '../dictionary.js';
import { insertAt } from './insert.js';
import type { Announce } from './LiveStatus.js';

const VISIBILITIES: readonly Visibility[] = ['public', 'private'];

/**
 * A public reply or a private message, as far as the platform allows it for the citizen's latest
 * message (the API's replyVisibilities); what is not allowed stays visible, disabled, with the reason.
 */
export function ReplyBox({
  ticket,
  replyBox,
  onSent,
  announce,
}: {
  ticket: Ticket;
  replyBox: RefObject<HTMLTextAreaElement | null>;
  onSent: () => Promise<void>;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const allowed = ticket.replyVisibilities;
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(allowed[0] ?? 'private');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per written reply: a retried click sends once.
  const key = useRef(crypto.randomUUID());

  useEffect(() => {
    if (allowed.length > 0 && !allowed.includes(visibility)) setVisibility(allowed[0]!);
  }, [allowed, visibility]);

  if (allowed.length === 0) {
    return (
      <p className="notice" data-testid="cannot-reply">
        {t.work.cannotReply}
      </p>
    );
  }

  const insert = (canned: string) => {
    const box = replyBox.current;
    const next = insertAt(text, canned, box?.selectionStart ?? null, box?.selectionEnd ?? null);
    setText(next.text);
    announce(t.work.cannedInserted);
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.reply(ticket.id, text, visibility, key.current);
      key.current = crypto.randomUUID();
      setText('');
      announce(t.sent);
      await onSent();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="reply card" onSubmit={submit} aria-labelledby="reply-title">
      <h2 id="reply-title">{t.reply}</h2>
      <fieldset>
        <legend>{t.visibility}</legend>
        {VISIBILITIES.map((option) => {
          const possible = allowed.includes(option);
          return (
            <label key={option} className="inline">
              <input
                type="radio"
                name="visibility"
                value={option}
                checked={visibility === option}
                disabled={!possible}
                aria-describedby={possible ? undefined : `why-not-${option}`}
                onChange={() => setVisibility(option)}
              />
              <span>{t.visibilities[option]}</span>
            </label>
          );
        })}
        {VISIBILITIES.filter((option) => !allowed.includes(option)).map((option) => (
          <p key={option} id={`why-not-${option}`} className="hint">
            {t.work.replyNotAllowed[option]}
          </p>
        ))}
      </fieldset>
      <CannedPicker ticketId={ticket.id} onPick={insert} />
      {/* A separate label: a wrapping one would make the typed text part of the box's accessible name. */}
      <label htmlFor="reply-text">{t.replyText}</label>
      <textarea
        id="reply-text"
        ref={replyBox}
        name="reply"
        rows={4}
        required
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {error && (
        <p role="alert" className="error" data-testid="reply-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !text.trim()}>
        {t.send}
      </button>
    </form>
  );
}
