import { useState, type FormEvent } from 'react';
import { useApi, type User } from './api/index.js';
import { useT } from './dictionary.js';
import { errorText } from './errors.js';

export function Login({ onLogin }: { onLogin: (user: User) => void }) {
  const t = useT();
  const api = useApi();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // the refusal itself, translated when shown (the language may change meanwhile)
  const [error, setError] = useState<{ caught: unknown } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await api.login(email, password));
    } catch (caught) {
      setError({ caught });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login card" onSubmit={submit}>
      <h1>{t.loginTitle}</h1>
      <label>
        <span>{t.email}</span>
        <input type="email" name="email" autoComplete="username" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        <span>{t.password}</span>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {errorText(t, error.caught)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t.login}
      </button>
    </form>
  );
}
