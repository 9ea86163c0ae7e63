import { useCallback, useEffect, useState } from 'react';
import { api, type User } from './api.js';
import { Help } from './Help.js';
import { DICTIONARIES, type Lang } from './i18n.js';
import { Login } from './Login.js';
import { Queue } from './Queue.js';
import { TicketView } from './TicketView.js';

type Route = { page: 'queue' } | { page: 'ticket'; id: number };

function parseRoute(path: string): Route {
  const match = /^\/tickets\/(\d+)\/?$/.exec(path);
  return match ? { page: 'ticket', id: Number(match[1]) } : { page: 'queue' };
}

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [lang, setLang] = useState<Lang>('nl');
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  const [helpOpen, setHelpOpen] = useState(false);
  const t = DICTIONARIES[lang];

  useEffect(() => {
    api.me().then(
      (me) => {
        setUser(me);
        if (me) setLang(me.language);
      },
      () => setUser(null),
    );
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appName;
  }, [lang, t]);

  const navigate = useCallback((next: Route) => {
    const path = next.page === 'ticket' ? `/tickets/${next.id}` : '/';
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setRoute(next);
  }, []);

  // ? opens the help anywhere but in a text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && helpOpen) {
        setHelpOpen(false);
        return;
      }
      if (event.key === '?' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen]);

  const switchLanguage = (next: Lang) => {
    setLang(next);
    if (user) api.setLanguage(next).catch(() => undefined);
  };

  if (user === undefined) return <p className="loading">{t.loading}</p>;

  return (
    <div className="app">
      <header className="topbar">
        <a
          className="brand"
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'queue' });
          }}
        >
          {t.appName}
        </a>
        <div className="topbar-actions">
          <label className="inline">
            <span>{t.language}</span>
            <select value={lang} onChange={(event) => switchLanguage(event.target.value as Lang)} data-testid="language">
              <option value="nl">Nederlands</option>
              <option value="en">English</option>
            </select>
          </label>
          {user && (
            <>
              <button type="button" className="secondary" onClick={() => setHelpOpen(true)} aria-label={t.showHelp}>
                ?
              </button>
              <span className="who">{user.name}</span>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  void api.logout().finally(() => setUser(null));
                }}
              >
                {t.logout}
              </button>
            </>
          )}
        </div>
      </header>
      <main>
        {!user ? (
          <Login
            t={t}
            onLogin={(me) => {
              setUser(me);
              setLang(me.language);
            }}
          />
        ) : route.page === 'ticket' ? (
          <TicketView t={t} id={route.id} onBack={() => navigate({ page: 'queue' })} />
        ) : (
          <Queue t={t} onOpen={(id) => navigate({ page: 'ticket', id })} />
        )}
      </main>
      {helpOpen && <Help t={t} onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

/** Single-letter shortcuts do nothing while someone types. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
