import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { SnoozeRequest } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { shortMoment, snoozeMoments } from './time.js';

export interface SnoozeChoice {
  request: SnoozeRequest;
  /** What the live region says once done. */
  done: string;
}

/**
 * The snooze button and its four choices (in an hour, tomorrow 9:00, next Monday 9:00, until the
 * citizen writes again), each with the moment it means. `s` opens it on the first choice; arrows
 * move, Esc closes and gives the focus back to the button.
 */
export function SnoozeMenu({
  open,
  onOpenChange,
  onChoose,
  busy,
  toggle,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onChoose: (choice: SnoozeChoice) => void;
  busy: boolean;
  toggle: RefObject<HTMLButtonElement | null>;
}) {
  const t = useT();
  const lang = t.admin.lang;
  const list = useRef<HTMLUListElement>(null);
  const now = new Date();
  const moments = snoozeMoments(now);
  const at = (date: Date) => shortMoment(date, lang, now);
  const choices: Array<{ key: string; label: string; when?: string; choice: SnoozeChoice }> = [
    { key: 'hour', label: t.work.snoozeHour, when: at(moments.hour), choice: { request: { until: moments.hour.toISOString() }, done: fill(t.work.snoozeDone, { when: at(moments.hour) }) } },
    { key: 'tomorrow', label: t.work.snoozeTomorrow, when: at(moments.tomorrow), choice: { request: { until: moments.tomorrow.toISOString() }, done: fill(t.work.snoozeDone, { when: at(moments.tomorrow) }) } },
    { key: 'monday', label: t.work.snoozeMonday, when: at(moments.monday), choice: { request: { until: moments.monday.toISOString() }, done: fill(t.work.snoozeDone, { when: at(moments.monday) }) } },
    { key: 'reply', label: t.work.snoozeReply, choice: { request: { untilReply: true }, done: t.work.snoozeDoneReply } },
  ];

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector('button')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!list.current?.contains(target) && !toggle.current?.contains(target)) onOpenChange(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, onOpenChange, toggle]);

  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onOpenChange(false);
      toggle.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length;
      buttons[next]?.focus();
    }
  };

  return (
    <div className="snooze">
      <button
        ref={toggle}
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls="snooze-choices"
        disabled={busy}
        onClick={() => onOpenChange(!open)}
        data-testid="snooze"
      >
        {t.work.snooze} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id="snooze-choices" ref={list} className="snooze-choices" aria-label={t.work.snoozeOptions} onKeyDown={onKeyDown}>
          {choices.map(({ key, label, when, choice }) => (
            <li key={key}>
              <button
                type="button"
                className="menu-item"
                data-snooze={key}
                onClick={() => {
                  onOpenChange(false);
                  onChoose(choice);
                }}
              >
                <span>{label}</span>
                {when && <span className="muted"> {fill(t.work.snoozeWhen, { when })}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
