import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useApi, type Ticket, type Visibility } from '../api/index.js';
import { CannedPicker } from './CannedPicker.js';
import { useT } from '../dictionary.js';
import { useErrorText } from '../errors.js';
import { fill } from '../i18n.js';
import { usePlatforms } from '../platforms.js';
import { useMe } from '../session.js';
import { replyLength, replyLimit } from '../workspace/limits.js';
import { localeOf } from '../workspace/time.js';
import { insertAt } from './insert.js';
import type { Announce } from './LiveStatus.js';
import { kindWord } from '../workspace/words.js';

const VISIBILITIES: readonly Visibility[] = ['public', 'private'];

/**
 * A public reply or a private message, as far as the platform allows it for the citizen's latest
 * message (the API's replyVisibilities); what is not allowed stays visible, disabled, with the reason.
 * The platform's rules are spelled out, and its length limit is counted as one types: a reply over
 * it is refused here, with the reason, before it reaches the API (which refuses it too).
 */
export function ReplyBox({
  ticket,
  replyBox,
  onSent,
  announce,
  onTyping,
}: {
  ticket: Ticket;
  replyBox: RefObject<HTMLTextAreaElement | null>;
  onSent: () => Promise<void>;
  announce: Announce;
  /** Tells colleagues I am typing (presence). */
  onTyping?: () => void;
}) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const errorText = useErrorText();
  const { platformName, list } = usePlatforms();
  const platform = platformName(ticket.platform);
  const allowed = ticket.replyVisibilities;
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(allowed[0] ?? 'private');
  const limit = replyLimit(list, ticket.platform, visibility);
  const [error, setError] = useState<{ caught: unknown } | { tooLong: number } | null>(null);
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

  const length = replyLength(text);
  const over = limit !== undefined && length > limit;
  const lastInbound = [...ticket.messages].reverse().find((message) => message.direction === 'inbound');

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
    if (over) {
      setError({ tooLong: length });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.reply(ticket.id, text, visibility, key.current);
      key.current = crypto.randomUUID();
      setText('');
      announce(t.sent);
      await onSent();
    } catch (caught) {
      setError({ caught });
    } finally {
      setBusy(false);
    }
  };

  const number = (value: number) => value.toLocaleString(localeOf(t.admin.lang));
  const tooLongText = (count: number) => fill(t.work.tooLong, { platform, limit: number(limit ?? 0), count: number(count) });

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
                aria-describedby={possible ? `rule-${option}` : `why-not-${option}`}
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
      <details className="reply-rules">
        <summary>{fill(t.work.replyRules, { platform })}</summary>
        <ul>
          {lastInbound && <li>{fill(t.work.replyingTo, { kind: kindWord(t, lastInbound.kind), platform })}</li>}
          <li id="rule-public">{fill(t.work.rulePublic, { platform })}</li>
          <li id="rule-private">{t.work.rulePrivate}</li>
          {limit !== undefined && <li>{fill(t.work.ruleLimit, { platform, limit: number(limit) })}</li>}
        </ul>
      </details>
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
        aria-describedby="reply-counter"
        aria-invalid={over || undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (error && 'tooLong' in error) setError(null);
          onTyping?.();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <p id="reply-counter" className={`counter${over ? ' over' : ''}`} data-testid="reply-counter">
        {limit !== undefined ? fill(t.work.counter, { count: number(length), limit: number(limit) }) : fill(t.work.counterNoLimit, { count: number(length) })}
        {over && <span className="visually-hidden"> {tooLongText(length)}</span>}
      </p>
      {over && !error && (
        <p className="error" aria-hidden="true">
          {tooLongText(length)}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="reply-error">
          {'tooLong' in error ? tooLongText(error.tooLong) : errorText(error.caught)}
        </p>
      )}
      {!ticket.assignee && <p className="hint">{t.work.replyClaims}</p>}
      {ticket.assignee && ticket.assignee.id !== me.id && <p className="hint">{fill(t.work.claimedBy, { name: ticket.assignee.name })}</p>}
      <button type="submit" disabled={busy || !text.trim()}>
        {t.send}
      </button>
    </form>
  );
}
