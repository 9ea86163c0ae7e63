import { useEffect, useState } from 'react';
import './health-banner.css';
import { useApi } from './api/index.js';
import { useT } from './dictionary.js';
import { useLiveEvents } from './live.js';
import { usePlatforms } from './platforms.js';
import type { Route } from './routes.js';
import { useMe } from './session.js';
import { useResource } from './useResource.js';
import { durationWords, healthWords, minutesSince } from './admin/health-words.js';

const MINUTE_MS = 60_000;

/** The current time, renewed every `everyMs`: for "unhealthy for 23 min" that keeps counting. */
export function useNow(everyMs = MINUTE_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The banner every user of an entity sees while one of its channels has been unhealthy longer than
 * the alert threshold (GET /api/channels/alerts). Checked every minute and on every channel event;
 * admins get a link to the channel on the health board.
 */
export function HealthBanner({ navigate }: { navigate: (route: Route) => void }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const words = healthWords(t.admin.lang);
  const { platformName } = usePlatforms();
  const now = useNow();
  const alerts = useResource(() => api.channelAlerts(), [api]);
  const reload = alerts.reload;
  useLiveEvents(['channels'], () => void reload());
  useEffect(() => {
    const timer = setInterval(() => void reload(), MINUTE_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const items = alerts.data?.items ?? [];
  if (items.length === 0) return null;
  const admin = me.permissions.includes('channels.manage');
  return (
    <section className="banner banner-health" role="status" aria-label={words.bannerLabel} data-testid="health-banner">
      <strong>{words.bannerTitle(items.length)}</strong>
      <ul className="banner-health-list">
        {items.map((alert) => (
          <li key={alert.channelId} data-testid={`health-alert-${alert.channelId}`}>
            {alert.channelName ?? alert.channelId} ({platformName(alert.platform)}
            {me.entities.length > 1 ? ` · ${alert.entity}` : ''}): {words.reasons[alert.reason] ?? alert.reason}, {words.since(durationWords(minutesSince(alert.since, now)))}
            {admin && (
              <>
                {' '}
                <a
                  href={`/admin/channels#channel-${encodeURIComponent(alert.channelId)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate({ page: 'admin-channels' });
                    window.history.replaceState(null, '', `/admin/channels#channel-${encodeURIComponent(alert.channelId)}`);
                  }}
                >
                  {words.openChannel}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
      <span className="muted">{words.bannerHint}</span>
    </section>
  );
}
