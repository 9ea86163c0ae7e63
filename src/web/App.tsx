import { useCallback, useEffect, useState } from 'react';
import { Channels } from './admin/Channels.js';
import { Entities } from './admin/Entities.js';
import { Users } from './admin/Users.js';
import { api, UNAUTHORIZED_EVENT, type User } from './api.js';
import { Cases } from './Cases.js';
import { CaseView } from './CaseView.js';
import { Account } from './Account.js';
import { CannedResponses } from './CannedResponses.js';
import { Dashboard } from './Dashboard.js';
import { Help } from './Help.js';
import { DICTIONARIES, fill, type Dictionary, type Lang } from './i18n.js';
import { closeLiveEvents } from './live.js';
import { Login } from './Login.js';
import { Queue } from './Queue.js';
import { useMyOpenCount } from './queue/mine.js';
import { parseRoute, routePath, type Route } from './routes.js';
import { TicketView } from './TicketView.js';

/** The menu a role sees; the API decides access anyway, this only hides what would be refused. */
function navItems(t: Dictionary, user: User): Array<{ route: Route; label: string }> {
  const items: Array<{ route: Route; label: string }> = [];
  if (user.role !== 'coordinator') items.push({ route: { page: 'queue' }, label: t.queue });
  if (user.role !== 'agent') items.push({ route: { page: 'cases' }, label: t.admin.cases });
  items.push({ route: { page: 'dashboard' }, label: t.admin.dashboard });
  if (user.role !== 'coordinator') items.push({ route: { page: 'canned' }, label: t.admin.cannedResponses });
  if (user.role === 'admin') {
    items.push({ route: { page: 'admin-channels' }, label: t.admin.channels });
    items.push({ route: { page: 'admin-entities' }, label: t.admin.entities });
    items.push({ route: { page: 'admin-users' }, label: t.admin.users });
  }
  return items;
}

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [lang, setLang] = useState<Lang>('nl');
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  const [helpOpen, setHelpOpen] = useState(false);
  const [sessionEnded, setSessionEnded] = useState(false);
  const t = DICTIONARIES[lang];

  // Any 401 from the API (session expired, logged out elsewhere): back to the login, saying why.
  useEffect(() => {
    const onUnauthorized = () => {
      closeLiveEvents();
      setUser((current) => {
        if (current) setSessionEnded(true);
        return null;
      });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

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
    const path = routePath(next);
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
              <a
                className="who"
                href={routePath({ page: 'account' })}
                title={t.account.title}
                onClick={(event) => {
                  event.preventDefault();
                  navigate({ page: 'account' });
                }}
              >
                {user.name}
              </a>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  closeLiveEvents();
                  void api.logout().finally(() => setUser(null));
                }}
              >
                {t.logout}
              </button>
            </>
          )}
        </div>
      </header>
      {user && (
        <nav className="mainnav" aria-label={t.mainNav}>
          {navItems(t, user).map((item) => (
            <a
              key={item.route.page}
              href={routePath(item.route)}
              aria-current={isCurrent(item.route, route, user) ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(item.route);
              }}
            >
              {item.label}
              {item.route.page === 'queue' && user.role !== 'coordinator' && <MineBadge t={t} />}
            </a>
          ))}
        </nav>
      )}
      <main>
        {!user ? (
          <>
            {sessionEnded && (
              <p role="alert" className="notice">
                {t.sessionEnded}
              </p>
            )}
            <Login
              t={t}
              onLogin={(me) => {
                setSessionEnded(false);
                setUser(me);
                setLang(me.language);
              }}
            />
          </>
        ) : (
          <Page route={route} t={t} user={user} navigate={navigate} />
        )}
      </main>
      {helpOpen && <Help t={t} onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

/** How many open tickets are assigned to me, beside "Queue" in the menu. */
function MineBadge({ t }: { t: Dictionary }) {
  const count = useMyOpenCount();
  if (!count) return null;
  return (
    <span className="badge" data-testid="mine-count">
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{fill(t.work.assignedToYou, { count })}</span>
    </span>
  );
}

/** The menu item of the page shown: a ticket belongs to the queue, a case to the cases, a coordinator's home is the cases. */
function isCurrent(item: Route, route: Route, user: User): boolean {
  const shown = route.page === 'queue' && user.role === 'coordinator' ? 'cases' : route.page === 'ticket' ? 'queue' : route.page === 'case' ? 'cases' : route.page;
  return item.page === shown;
}

function Page({ route, t, user, navigate }: { route: Route; t: Dictionary; user: User; navigate: (route: Route) => void }) {
  switch (route.page) {
    case 'ticket':
      return <TicketView t={t} id={route.id} onBack={() => navigate({ page: 'queue' })} />;
    case 'cases':
      return <Cases t={t} navigate={navigate} />;
    case 'case':
      return <CaseView t={t} id={route.id} navigate={navigate} />;
    case 'dashboard':
      return <Dashboard t={t} navigate={navigate} />;
    case 'canned':
      return <CannedResponses t={t} user={user} />;
    case 'account':
      return <Account t={t} user={user} />;
    case 'admin-channels':
      return <Channels t={t} navigate={navigate} />;
    case 'admin-entities':
      return <Entities t={t} navigate={navigate} />;
    case 'admin-users':
      return <Users t={t} navigate={navigate} />;
    case 'queue':
      return user.role === 'coordinator' ? <Cases t={t} navigate={navigate} /> : <Queue t={t} onOpen={(id) => navigate({ page: 'ticket', id })} />;
  }
}

/** Single-letter shortcuts do nothing while someone types. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
