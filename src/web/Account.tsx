import { useState, type FormEvent } from 'react';
import { useApi } from './api/index.js';
import { useT } from './dictionary.js';
import { errorText } from './errors.js';
import { label } from './i18n.js';
import { useMe, useMyEntities } from './session.js';

const MIN_PASSWORD_LENGTH = 12;

/** Who I am and a password change (local accounts; identity-provider accounts get the API's reason). */
export function Account() {
  const t = useT();
  const user = useMe();
  const entities = useMyEntities();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next.length < MIN_PASSWORD_LENGTH) return setOutcome({ ok: false, text: t.account.tooShort });
    if (next !== repeat) return setOutcome({ ok: false, text: t.account.mismatch });
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setOutcome({ ok: true, text: t.account.changed });
    } catch (caught) {
      setOutcome({ ok: false, text: errorText(t, caught) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="account-title" className="account-page">
      <h1 id="account-title">{t.account.title}</h1>
      <dl className="facts">
        <div>
          <dt>{t.email}</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>{t.account.role}</dt>
          <dd>{label(t.account.roles, user.role)}</dd>
        </div>
        <div>
          <dt>{t.account.entities}</dt>
          <dd>{user.entities.map((id) => entities.find((entity) => entity.id === id)?.name ?? id).join(', ')}</dd>
        </div>
      </dl>
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="password-title">
        <h2 id="password-title">{t.account.changePassword}</h2>
        <p className="hint" id="password-rule">
          {t.account.passwordRule}
        </p>
        <label>
          <span>{t.account.currentPassword}</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          <span>{t.account.newPassword}</span>
          <input type="password" autoComplete="new-password" aria-describedby="password-rule" value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>
          <span>{t.account.repeatPassword}</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {t.account.changePassword}
        </button>
        {outcome && (
          <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'error'}>
            {outcome.text}
          </p>
        )}
      </form>
    </section>
  );
}
