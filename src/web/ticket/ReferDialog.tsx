import '../referrals/referrals.css';
import { useEffect, useRef, useState } from 'react';
import { useApi, type ReferralPreview, type Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useErrorText } from '../errors.js';
import { referralWords } from '../referrals/referral-words.js';
import { useResource } from '../useResource.js';
import type { Announce } from './LiveStatus.js';

/**
 * Refer the ticket to the competent entity: pick it, write a note, and read, edit and approve the
 * reply the citizen gets ("we hebben uw vraag doorgegeven aan …"). Nothing goes to the citizen
 * without that approval; the reply leaves through the normal outbound path when the referral is made.
 */
export function ReferDialog({
  ticket,
  mayReply,
  onClose,
  onReferred,
  announce,
}: {
  ticket: Ticket;
  mayReply: boolean;
  onClose: () => void;
  onReferred: () => void;
  announce: Announce;
}) {
  const t = useT();
  const words = referralWords(t.admin.lang);
  const api = useApi();
  const errorText = useErrorText();
  const targets = useResource(() => api.referralTargets(), [api]);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [withReply, setWithReply] = useState(mayReply);
  const [preview, setPreview] = useState<ReferralPreview | null>(null);
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [approved, setApproved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ caught: unknown } | null>(null);
  const first = useRef<HTMLSelectElement>(null);

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

  // A new entity: a new proposal, to be read and approved again.
  useEffect(() => {
    setPreview(null);
    setApproved(false);
    if (!to) return;
    let current = true;
    api.referralPreview(ticket.id, to).then(
      (next) => {
        if (!current) return;
        setPreview(next);
        setText(next.text);
        setVisibility(next.visibilities[0] ?? 'public');
      },
      (caught: unknown) => current && setError({ caught }),
    );
    return () => {
      current = false;
    };
  }, [api, ticket.id, to]);

  const choices = (targets.data?.items ?? []).filter((target) => target.id !== ticket.entity);
  const toName = choices.find((target) => target.id === to)?.name ?? to;
  const canReply = preview !== null && preview.visibilities.length > 0;
  const replying = withReply && mayReply && canReply;
  const limit = preview?.limits[visibility];
  const tooLong = limit !== undefined && text.trim().length > limit;
  const ready = to !== '' && note.trim() !== '' && preview !== null && (!replying || (approved && text.trim() !== '' && !tooLong));

  const confirm = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await api.referTicket(ticket.id, { to, note: note.trim(), reply: replying ? { text: text.trim(), visibility } : null });
      announce(words.referred(toName));
      onReferred();
    } catch (caught) {
      setError({ caught });
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="refer-title" aria-describedby="refer-explain" className="dialog refer-dialog" onClick={(event) => event.stopPropagation()} data-testid="refer-dialog">
        <h2 id="refer-title">{words.dialogTitle}</h2>
        <p id="refer-explain" className="hint">
          {words.dialogExplain}
        </p>
        <label>
          <span>{words.target}</span>
          <select ref={first} name="referTo" value={to} onChange={(event) => setTo(event.target.value)}>
            <option value="">{words.pickTarget}</option>
            {choices.map((target) => (
              <option key={target.id} value={target.id}>
                {target.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{words.note}</span>
          <textarea name="referNote" rows={3} maxLength={4000} value={note} placeholder={words.notePlaceholder} onChange={(event) => setNote(event.target.value)} />
        </label>
        {to && !preview && <p className="loading">{words.loadingPreview}</p>}
        {preview && !canReply && <p className="notice">{words.noReplyPossible}</p>}
        {preview && canReply && mayReply && (
          <fieldset className="refer-reply">
            <legend>{words.replyText}</legend>
            <label className="inline">
              <input type="checkbox" name="referWithReply" checked={withReply} onChange={(event) => setWithReply(event.target.checked)} />
              <span>{words.sendReply}</span>
            </label>
            {withReply && (
              <>
                <p className="hint">{words.replyExplain}</p>
                <textarea
                  name="referReply"
                  rows={4}
                  value={text}
                  aria-label={words.replyText}
                  aria-invalid={tooLong}
                  onChange={(event) => {
                    setText(event.target.value);
                    setApproved(false);
                  }}
                  data-testid="refer-reply"
                />
                {limit !== undefined && <p className={tooLong ? 'error' : 'hint'}>{tooLong ? words.tooLong(limit) : words.characters(text.trim().length, limit)}</p>}
                {preview.visibilities.length > 1 && (
                  <label>
                    <span>{words.visibility}</span>
                    <select name="referVisibility" value={visibility} onChange={(event) => setVisibility(event.target.value as 'public' | 'private')}>
                      {preview.visibilities.map((option) => (
                        <option key={option} value={option}>
                          {words.visibilities[option] ?? option}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <label className="inline">
                  <input type="checkbox" name="referApprove" checked={approved} onChange={(event) => setApproved(event.target.checked)} data-testid="refer-approve" />
                  <span>{words.approve}</span>
                </label>
              </>
            )}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="error">
            {errorText(error.caught)}
          </p>
        )}
        <div className="buttons">
          <button type="button" disabled={busy || !ready} onClick={() => void confirm()} data-testid="refer-confirm">
            {replying ? words.confirmWithReply : words.confirm}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {words.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
