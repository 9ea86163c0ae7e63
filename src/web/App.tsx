import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Accessibility } from './Accessibility.js';
import { Channels } from './admin/Channels.js';
import { Entities } from './admin/Entities.js';
import { Users } from './admin/Users.js';
import { ApiContext, createApi, type Api, type PlatformView, type User } from './api/index.js';
import { Cases } from './Cases.js';
import { CaseView } from './CaseView.js';
import { Account } from './Account.js';
import { CannedResponses } from './CannedResponses.js';
import { Dashboard } from './Dashboard.js';
import { DictionaryContext, useT } from './dictionary.js';
import { Help } from './Help.js';
import { HealthBanner } from './HealthBanner.js';
import { SignalBanner } from './signals/SignalBanner.js';
import { DICTIONARIES, type Dictionary, type Lang } from './i18n.js';
import { LiveEvents, LiveEventsContext } from './live.js';
import { Login } from './Login.js';
import { Report } from './Report.js';
import { plural } from './plural.js';
import type { QueueMemory } from './Queue.js';
import { isTyping } from './queue/keys.js';
import { useMyOpenCount } from './queue/mine.js';
import { ContactPage } from './contacts/ContactPage.js';
import { parseRoute, routePath, type Route } from './routes.js';
import { SessionContext } from './session.js';
import { platformsIn, PlatformsContext, type Platforms } from './platforms.js';
import { Workspace } from './workspace/Workspace.js';

/** The menu a role sees; the API decides access anyway, this only hides what would be refused. */
function navItems(t: Dictionary, user: User): Array<{ route: Route; label: string }> {
  const items: Array<{ route: Route; label: string }> = [];
  if (user.role !== 'coordinator') items.push({ route: { page: 'queue' }, label: t.queue });
  if (user.role !== 'agent') items.push({ route: { page: 'cases' }, label: t.admin.cases });
  items.push({ route: { page: 'dashboard' }, label: t.admin.dashboard });
  if (user.permissions.includes('reports.read')) items.push({ route: { page: 'report' }, label: t.admin.report.nav });
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
  const [platforms, setPlatforms] = useState<PlatformView[] | undefined>(undefined);
  const platformsShown = useMemo(() => platformsIn(platforms ?? [], lang), [platforms, lang]);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  const [helpOpen, setHelpOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const t = DICTIONARIES[lang];
  const [live] = useState(() => new LiveEvents());
  // Any 401 from the API (session expired, logged out elsewhere): back to the login, saying why.
  const [api] = useState(() =>
    createApi({
      onUnauthorized: () => {
        live.close();
        setUser((current) => {
          if (current) setSessionEnded(true);
          return null;
        });
      },
    }),
  );
  // The queue's filter and position survive opening a ticket and coming back (Esc), for the same user.
  const [queueMemory] = useState<QueueMemory>(() => ({ userId: undefined, filter: {}, focused: 0 }));

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
  }, [api]);

  // The platforms' names and channel fields come from the server, once per login.
  useEffect(() => {
    if (!user) return;
    api.platforms().then(
      (answer) => setPlatforms(answer.items),
      () => setPlatforms([]),
    );
  }, [api, user]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appName;
  }, [lang, t]);

  const navigate = useCallback((next: Route) => {
    const path = routePath(next);
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setRoute(next);
    setMenuOpen(false);
  }, []);

  // ? opens the help anywhere but in a text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && helpOpen) {
        setHelpOpen(false);
        return;
      }
      if (event.key === 'Escape' && menuOpen) {
        setMenuOpen(false);
        menuButton.current?.focus();
        return;
      }
      if (event.key === '?' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen, menuOpen]);

  const switchLanguage = (next: Lang) => {
    setLang(next);
    if (user) api.setLanguage(next).catch(() => undefined);
  };

  if (user === undefined || (user && platforms === undefined)) return <p className="loading">{t.loading}</p>;

  // The workspace fills the window (its panes scroll); other pages scroll as a whole.
  const workspace = Boolean(user) && (route.page === 'ticket' || (route.page === 'queue' && user?.role !== 'coordinator'));

  return (
    <Providers api={api} dictionary={t} user={user} live={live} platforms={platformsShown}>
      <div className={`app${workspace ? ' app-workspace' : ''}`}>
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
          <button
            ref={menuButton}
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="app-menu"
            onClick={() => setMenuOpen(!menuOpen)}
            data-testid="menu-toggle"
          >
            <span aria-hidden="true">☰ </span>
            {t.work.menu}
          </button>
          <div id="app-menu" className={`app-menu${menuOpen ? ' open' : ''}`}>
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
                    {item.route.page === 'queue' && user.role !== 'coordinator' && <MineBadge />}
                  </a>
                ))}
              </nav>
            )}
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
                      live.close();
                      setMenuOpen(false);
                      void api.logout().finally(() => setUser(null));
                    }}
                  >
                    {t.logout}
                  </button>
                </>
              )}
            </div>
          </div>
        </header>
        {user && route.page !== 'accessibility' && <HealthBanner navigate={navigate} />}
        {user && route.page !== 'accessibility' && <SignalBanner navigate={navigate} />}
        <main>
          {route.page === 'accessibility' ? (
            <Accessibility />
          ) : !user ? (
            <>
              {sessionEnded && (
                <p role="alert" className="notice">
                  {t.sessionEnded}
                </p>
              )}
              <Login
                onLogin={(me) => {
                  setSessionEnded(false);
                  setUser(me);
                  setLang(me.language);
                }}
              />
            </>
          ) : (
            <Page route={route} user={user} navigate={navigate} queueMemory={queueMemory} />
          )}
        </main>
        <footer className="footer" aria-label={t.work.footer}>
          <a
            href={routePath({ page: 'accessibility' })}
            onClick={(event) => {
              event.preventDefault();
              navigate({ page: 'accessibility' });
            }}
          >
            {t.work.accessibility}
          </a>
        </footer>
        {helpOpen && <Help onClose={() => setHelpOpen(false)} />}
      </div>
    </Providers>
  );
}

/** What every screen reads from the app: the API, the words, the signed-in user and the live events. */
function Providers({
  api,
  dictionary,
  user,
  live,
  platforms,
  children,
}: {
  api: Api;
  dictionary: Dictionary;
  user: User | null;
  live: LiveEvents;
  platforms: Platforms;
  children: ReactNode;
}) {
  return (
    <ApiContext value={api}>
      <DictionaryContext value={dictionary}>
        <SessionContext value={user}>
          <PlatformsContext value={platforms}>
            <LiveEventsContext value={live}>{children}</LiveEventsContext>
          </PlatformsContext>
        </SessionContext>
      </DictionaryContext>
    </ApiContext>
  );
}

/** How many open tickets are assigned to me, beside "Queue" in the menu. */
function MineBadge() {
  const t = useT();
  const count = useMyOpenCount();
  if (!count) return null;
  return (
    <span className="badge" data-testid="mine-count">
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{plural(t.admin.lang, count, t.work.assignedToYou)}</span>
    </span>
  );
}

/** The menu item of the page shown: a ticket belongs to the queue, a case to the cases, a coordinator's home is the cases. */
function isCurrent(item: Route, route: Route, user: User): boolean {
  const shown =
    route.page === 'queue' && user.role === 'coordinator' ? 'cases' : route.page === 'ticket' ? (user.role === 'coordinator' ? 'cases' : 'queue') : route.page === 'case' ? 'cases' : route.page;
  return item.page === shown;
}

function Page({ route, user, navigate, queueMemory }: { route: Route; user: User; navigate: (route: Route) => void; queueMemory: QueueMemory }) {
  const t = useT();
  const open = (id: number) => navigate({ page: 'ticket', id });
  switch (route.page) {
    case 'ticket':
      // A coordinator reads the conversation beside its case, without the agents' list.
      return user.role === 'coordinator' ? (
        <Workspace ticketId={route.id} memory={queueMemory} onOpen={open} onClose={() => navigate({ page: 'cases' })} withList={false} backLabel={t.admin.backToCases} />
      ) : (
        <Workspace ticketId={route.id} memory={queueMemory} onOpen={open} onClose={() => navigate({ page: 'queue' })} withList backLabel={t.work.backToList} />
      );
    case 'cases':
      return <Cases navigate={navigate} />;
    case 'case':
      return <CaseView id={route.id} navigate={navigate} />;
    case 'contact':
      return <ContactPage entityId={route.entity} contactId={route.id} />;
    case 'dashboard':
      return <Dashboard />;
    case 'report':
      return <Report />;
    case 'canned':
      return <CannedResponses />;
    case 'account':
      return <Account />;
    case 'admin-channels':
      return <Channels />;
    case 'admin-entities':
      return <Entities />;
    case 'admin-users':
      return <Users />;
    case 'accessibility':
      return <Accessibility />;
    case 'queue':
      return user.role === 'coordinator' ? (
        <Cases navigate={navigate} />
      ) : (
        <Workspace ticketId={null} memory={queueMemory} onOpen={open} onClose={() => navigate({ page: 'queue' })} withList backLabel={t.work.backToList} />
      );
  }
}
