import './signals.css';
import { useEffect } from 'react';
import { actorLabel } from '../actors.js';
import { useApi, type Signal } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useLiveEvents } from '../live.js';
import { useMe } from '../session.js';
import { useResource } from '../useResource.js';
import { signalWords, windowMinutes } from './signal-words.js';

function localTime(iso: string, lang: 'nl' | 'en', timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/**
 * The dashboard's signals of one entity over the last 7 days, each with its explanation: the window,
 * how many messages against which baseline, and the tickets (links). Agents acknowledge or dismiss.
 */
export function SignalsCard({ entity, timeZone }: { entity: string; timeZone: string | undefined }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const lang = t.admin.lang;
  const words = signalWords(lang);
  const signals = useResource(() => api.signals({ days: 7 }), [api]);
  useLiveEvents(['tickets'], () => void signals.reload());
  const items = (signals.data?.items ?? []).filter((signal) => signal.entity === entity);
  const canWork = me.permissions.includes('tickets.work');
  // The banner's and the mail's link (/dashboard#signal-12) lands on the signal once it is shown.
  const shown = items.length;
  useEffect(() => {
    if (shown > 0 && window.location.hash.startsWith('#signal-')) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [shown]);
  const handle = async (signal: Signal, action: 'acknowledge' | 'dismiss') => {
    await (action === 'acknowledge' ? api.acknowledgeSignal(signal.id) : api.dismissSignal(signal.id)).catch(() => undefined);
    await signals.reload();
  };

  return (
    <section className="card signals-card" aria-labelledby="signals-title" data-testid="signals-card">
      <h2 id="signals-title">{words.cardTitle}</h2>
      <p className="hint">{words.cardHint}</p>
      {items.length === 0 ? (
        <p className="muted">{words.cardEmpty}</p>
      ) : (
        <ul className="signals-list">
          {items.map((signal) => (
            <li key={signal.id} id={`signal-${signal.id}`} data-testid={`signal-card-${signal.id}`}>
              <strong>“{signal.phrase}”</strong> · {words.status[signal.status] ?? signal.status}
              {signal.endedAt ? ` · ${words.ended}` : ''}
              {signal.handledBy ? ` ${words.handledBy(actorLabel(t, signal.handledBy))}` : ''}
              <div>
                {words.window}: {localTime(signal.windowStart, lang, timeZone)} – {localTime(signal.windowEnd, lang, timeZone)}
              </div>
              <div>{words.explanation(signal.messageCount, windowMinutes(signal), signal.baselineCount, signal.baselineDays, signal.expected, signal.ratio)}</div>
              {signal.related.length > 0 && (
                <div className="muted">
                  {words.related}: {signal.related.join(', ')}
                </div>
              )}
              <details>
                <summary>{words.tickets(signal.tickets.length)}</summary>
                <ul className="signals-tickets">
                  {signal.tickets.map((ticket) => (
                    <li key={ticket.id}>
                      <a href={`/tickets/${ticket.id}`}>#{ticket.number}</a>
                    </li>
                  ))}
                </ul>
              </details>
              {canWork && signal.status === 'open' && !signal.endedAt && (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => void handle(signal, 'acknowledge')}>
                    {words.acknowledge}
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => void handle(signal, 'dismiss')}>
                    {words.dismiss}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
