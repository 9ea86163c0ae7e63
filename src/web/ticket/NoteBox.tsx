import { useState, type FormEvent, type RefObject } from 'react';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';

/** An internal note: stays in the inbox, never goes to the platform. */
export function NoteBox({
  ticketId,
  noteBox,
  onAdded,
  announce,
}: {
  ticketId: number;
  noteBox: RefObject<HTMLTextAreaElement | null>;
  onAdded: () => Promise<void>;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const [text, setText] = useState('');
  const { busy, run } = useAnnouncedAction(announce);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await api.addNote(ticketId, text.trim());
      setText('');
      announce(t.work.noteAdded);
      await onAdded();
    });
  };

  return (
    <form className="note-box card" onSubmit={submit} aria-labelledby="note-title">
      <h2 id="note-title">{t.work.internalNote}</h2>
      {/* The heading above says the same: the label is there for screen readers only. */}
      <label htmlFor="note-text" className="visually-hidden">
        {t.work.noteText}
      </label>
      <p className="hint" id="note-hint">
        {t.work.noteHint}
      </p>
      <textarea
        id="note-text"
        ref={noteBox}
        name="note"
        rows={2}
        maxLength={10_000}
        aria-describedby="note-hint"
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
      <button type="submit" disabled={busy || !text.trim()}>
        {t.work.addNote}
      </button>
    </form>
  );
}
