import { useEffect } from 'react';
import './signals.css';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import type { Route } from '../routes.js';
import { useMe } from '../session.js';
import { useResource } from '../useResource.js';
import { signalWords, windowMinutes } from './signal-words.js';

const MINUTE_MS = 60_000;

/**
 * The banner every user of an entity sees while one of its topics spikes and nobody has acknowledged
 * or dismissed it yet (GET /api/signals?active=true). Checked every minute: signals change at most every few minutes, not with every ticket.
 */
export function SignalBanner({ navigate }: { navigate: (route: Route) => void }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const words = signalWords(t.admin.lang);
  const signals = useResource(() => api.signals({ active: true }), [api]);
  const reload = signals.reload;
  useEffect(() => {
    const timer = setInterval(() => void reload(), MINUTE_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const items = signals.data?.items ?? [];
  if (items.length === 0) return null;
  const canWork = me.permissions.includes('tickets.work');
  const handle = async (id: number, action: 'acknowledge' | 'dismiss') => {
    await (action === 'acknowledge' ? api.acknowledgeSignal(id) : api.dismissSignal(id)).catch(() => undefined);
    await reload();
  };
  return (
    <section className="banner banner-signals" role="status" aria-label={words.bannerLabel} data-testid="signal-banner">
      <strong>{words.bannerTitle(items.length)}</strong>
      <ul>
        {items.map((signal) => (
          <li key={signal.id} data-testid={`signal-${signal.id}`}>
            {words.bannerLine(signal.phrase, signal.messageCount, windowMinutes(signal), signal.expected)}
            {me.entities.length > 1 ? ` (${signal.entityName})` : ''}{' '}
            <a
              href={`/dashboard#signal-${signal.id}`}
              onClick={(event) => {
                event.preventDefault();
                navigate({ page: 'dashboard' });
                window.history.replaceState(null, '', `/dashboard#signal-${signal.id}`);
              }}
            >
              {words.open}
            </a>
            {canWork && (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => void handle(signal.id, 'acknowledge')}>
                  {words.acknowledge}
                </button>{' '}
                <button type="button" className="secondary" onClick={() => void handle(signal.id, 'dismiss')}>
                  {words.dismiss}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
