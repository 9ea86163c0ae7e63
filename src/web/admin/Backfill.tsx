import { useCallback, useEffect, useState } from 'react';
import { ApiError, useApi, type Backfill as BackfillRow } from '../api/index.js';
import { useT } from '../dictionary.js';
import { errorText } from '../errors.js';
import { backfillWords } from './backfill-words.js';
import { formatDateTime } from './common.js';

/** How often a running backfill's progress is asked for. */
const REFRESH_MS = 2000;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** A window's end as the admin picked it: a day (the window is counted in UTC days). */
function formatDay(iso: string, lang: 'nl' | 'en'): string {
  return new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-BE', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * A channel's "fetch history": a period to read from the platform again (a backfill), run by the
 * workers; while one runs its progress line is refreshed every 2 s. The same period again resumes a
 * paused one; stopping keeps what was stored.
 */
export function Backfill({ channelId }: { channelId: string }) {
  const api = useApi();
  const t = useT();
  const lang = t.admin.lang;
  const w = backfillWords(lang);
  const [since, setSince] = useState(() => dayOf(new Date(Date.now() - 30 * 86_400_000)));
  const [until, setUntil] = useState(() => dayOf(new Date()));
  const [last, setLast] = useState<BackfillRow | null>(null);
  // False when the platform gives no history back (it only pushes): the card says so elsewhere.
  const [supported, setSupported] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});

  const load = useCallback(async () => {
    const list = await api.backfills(channelId);
    setSupported(list.supported);
    setLast(list.backfills[0] ?? null);
  }, [api, channelId]);

  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  const active = last?.status === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, load]);

  const act = async (work: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    setMessage({});
    try {
      await work();
      setMessage({ ok });
      await load();
    } catch (caught) {
      setMessage({ error: caught instanceof ApiError && caught.status === 409 && caught.url.endsWith('/backfills') ? w.conflict : errorText(t, caught) });
    } finally {
      setBusy(false);
    }
  };

  const start = (window: { since: string; until: string }) => {
    if (window.since > window.until) return setMessage({ error: w.sinceAfterUntil });
    void act(() => api.startBackfill(channelId, window), w.started);
  };

  if (!supported) return null;
  return (
    <div className="backfill" data-testid="backfill">
      {last && <ProgressLine backfill={last} lang={lang} />}
      <details>
        <summary>{w.title}</summary>
        <p className="muted">{w.intro}</p>
        <form
          className="button-row"
          onSubmit={(event) => {
            event.preventDefault();
            start({ since, until });
          }}
        >
          <label>
            {w.since} <input type="date" value={since} max={until} onChange={(e) => setSince(e.target.value)} required data-testid="backfill-since" />
          </label>
          <label>
            {w.until} <input type="date" value={until} min={since} max={dayOf(new Date())} onChange={(e) => setUntil(e.target.value)} required data-testid="backfill-until" />
          </label>
          <button type="submit" disabled={busy || active}>
            {w.start}
          </button>
        </form>
      </details>
      {last && (last.status === 'running' || last.status === 'paused') && (
        <div className="button-row">
          {last.status === 'paused' && (
            <button type="button" className="secondary" disabled={busy} onClick={() => start({ since: last.since, until: last.until })}>
              {w.resume}
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} onClick={() => void act(() => api.cancelBackfill(last.id), w.cancelled)}>
            {w.cancel}
          </button>
        </div>
      )}
      {message.error ? (
        <p role="alert" className="error">
          {message.error}
        </p>
      ) : (
        <p role="status" className="ok status-line">
          {message.ok ?? ''}
        </p>
      )}
    </div>
  );
}

function ProgressLine({ backfill: b, lang }: { backfill: BackfillRow; lang: 'nl' | 'en' }) {
  const w = backfillWords(lang);
  const percent = b.reached === null ? null : Math.round(b.reached * 100);
  const parts = [
    `${w.last} (${w.window(formatDay(b.since, lang), formatDay(new Date(Date.parse(b.until) - 1).toISOString(), lang))}): ${w.status[b.status] ?? b.status}`,
    w.progress(b.pages, b.fetched, b.inserted, b.duplicates),
  ];
  if (b.oldestAt) parts.push(w.reached(formatDateTime(b.oldestAt, lang), percent));
  if (b.status === 'running' && b.waitUntil) parts.push(w.waiting(formatDateTime(b.waitUntil, lang)));
  return (
    <p className="status-line" aria-live="polite" data-testid="backfill-progress" data-status={b.status}>
      {parts.join(' · ')}
      {b.error && b.status !== 'running' && <span className="muted"> — {b.error}</span>}
    </p>
  );
}
