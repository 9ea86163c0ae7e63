import { useEffect, useState } from 'react';
import { useApi, type TicketMessage } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useErrorText } from '../errors.js';
import { fill, label } from '../i18n.js';
import { When } from '../workspace/When.js';
import type { Announce } from './LiveStatus.js';

interface DraftDecision {
  onDecided: () => Promise<void>;
  announce: Announce;
}

/**
 * A message the system prepared (the intake question, the public invitation after a complaint is
 * routed): nothing went out. Who may decide sees the text editable, "Approve and send" (sends the
 * text as shown) and "Discard"; others see the draft as it stands.
 */
export function DraftCard({ message, ticketId, platform, decide }: { message: TicketMessage; ticketId: number; platform: string; decide: DraftDecision | undefined }) {
  const t = useT();
  const api = useApi();
  const errorText = useErrorText();
  const [text, setText] = useState(message.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ caught: unknown } | null>(null);
  // a colleague's edit arriving (or another draft in this place) replaces an untouched text
  useEffect(() => setText(message.text), [message.id, message.text]);

  const textId = `draft-text-${message.id}`;
  const hintId = `draft-hint-${message.id}`;
  const visibility = message.visibility ? label(t.visibilities, message.visibility) : '';

  const act = async (action: () => Promise<void>, done: string) => {
    if (!decide) return;
    setBusy(true);
    setError(null);
    try {
      await action();
      decide.announce(done);
      await decide.onDecided();
    } catch (caught) {
      setError({ caught });
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="message outbound draft" data-message-id={message.id} data-visibility={message.visibility ?? undefined} data-testid="draft">
      <div className="meta">
        <strong>{t.work.draftTitle}</strong>
        {' · '}
        <When iso={message.sentAt} />
      </div>
      <p className="hint" id={hintId}>
        {t.work.draftHint} {visibility && fill(t.work.draftVisibility, { visibility, platform })}
      </p>
      {decide ? (
        <>
          <label htmlFor={textId} className="visually-hidden">
            {t.work.draftText}
          </label>
          <textarea id={textId} name="draft" rows={Math.min(8, Math.max(3, Math.ceil(text.length / 70)))} value={text} aria-describedby={hintId} onChange={(event) => setText(event.target.value)} />
          {error && (
            <p role="alert" className="error">
              {errorText(error.caught)}
            </p>
          )}
          <div className="buttons">
            <button
              type="button"
              disabled={busy || !text.trim()}
              onClick={() => void act(() => api.approveDraft(ticketId, message.id, text.trim() === message.text.trim() ? undefined : text.trim()).then(() => undefined), t.work.draftApproved)}
            >
              {t.work.approveSend}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void act(() => api.discardDraft(ticketId, message.id), t.work.draftDiscarded)}>
              {t.work.discard}
            </button>
          </div>
        </>
      ) : (
        <p className="text">{message.text}</p>
      )}
    </li>
  );
}
