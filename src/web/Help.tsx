import { useEffect, useRef } from 'react';
import { useT } from './dictionary.js';

export function Help({ onClose }: { onClose: () => void }) {
  const t = useT();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const rows: Array<[string, string]> = [
    ['j', t.keys.j],
    ['k', t.keys.k],
    ['Enter', t.keys.enter],
    ['x', t.keys.x],
    ['/', t.keys.slash],
    ['r', t.keys.r],
    ['n', t.keys.n],
    ['e', t.keys.e],
    ['Shift+E', t.keys.closeNext],
    ['s', t.keys.snooze],
    ['c', t.keys.claim],
    ['Ctrl+Enter', t.keys.send],
    ['Esc', t.keys.escape],
    ['?', t.keys.question],
  ];
  return (
    <div className="overlay" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="help-title" className="dialog" onClick={(event) => event.stopPropagation()}>
        <h2 id="help-title">{t.help}</h2>
        <dl className="keys">
          {rows.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{t.keys.typing}</p>
        <button type="button" ref={closeButton} onClick={onClose}>
          {t.close}
        </button>
      </div>
    </div>
  );
}
