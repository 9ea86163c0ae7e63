import { useEffect, useState } from 'react';
import '../admin.css';
import { useApi, type ChannelHealth, type Entity } from '../api/index.js';
import { useT } from '../dictionary.js';
import { useLiveEvents } from '../live.js';
import { ChannelForm, type ChannelFormMode } from './ChannelForm.js';
import { ConnectPicker, ConnectRefused } from './ConnectAccount.js';
import { channelErrorKind } from './channel-errors.js';
import { formatDateTime, Outcome, TechnicalDetails, useSubmit } from './common.js';
import { usePlatforms } from '../platforms.js';
import { Quarantine } from './Quarantine.js';
import { Backfill } from './Backfill.js';
import { useResource } from '../useResource.js';
import { useNow } from '../HealthBanner.js';
import { durationWords, healthWords, minutesSince } from './health-words.js';
import { historyWords } from './history-words.js';
import { TOKEN_WARNING_DAYS, tokenDaysLeft, tokenWords } from './token-words.js';

/** A glyph per status, so the state never depends on colour alone. */
const STATUS_ICON: Record<string, string> = { ok: '●', idle: '○', error: '▲', rate_limited: '◐', auth_expired: '✖', disabled: '–' };

/**
 * Admins' health board: one card per channel with its status in words and colour, the last poll and
 * error, rate limit, backlog and quarantine; "reconnect" when the platform refused the token. Live:
 * it refetches on every channel event from /api/events.
 */
export function Channels() {
  const t = useT();
  const api = useApi();
  const health = useResource(() => api.channels(), []);
  const entities = useResource(() => api.entities(), []);
  const [form, setForm] = useState<ChannelFormMode | null>(null);
  const [quarantineOf, setQuarantineOf] = useState<string | null>(null);
  const poll = useSubmit();
  // Back from the platform's authorize page: ?connection=<id> (the picker) or ?connectError=denied|failed&platform=….
  const [connect, setConnect] = useState(() => new URLSearchParams(window.location.search));
  const endConnect = () => {
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
    setConnect(new URLSearchParams());
  };
  useLiveEvents(['channels'], () => health.reload());
  const now = useNow();
  // A link from the banner or an alert mail (#channel-<id>) shows that channel's card.
  const loaded = Boolean(health.data);
  useEffect(() => {
    if (loaded && window.location.hash) document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();
  }, [loaded]);

  const channels = health.data?.items ?? [];
  const needReconnect = channels.filter((c) => c.reconnectNeeded);
  const entityList: Entity[] = entities.data?.items ?? [...new Set(channels.map((c) => c.entity))].map((id) => ({ id, name: id }) as Entity);
  const entityName = (id: string) => entityList.find((e) => e.id === id)?.name ?? id;

  return (
    <section aria-labelledby="channels-title" className="admin-page">
      <div className="queue-head">
        <h1 id="channels-title">{t.admin.channelsTitle}</h1>
        <div className="button-row">
          <button type="button" onClick={() => setForm({ kind: 'add' })}>
            {t.admin.addChannel}
          </button>
          <a className="button-link secondary" href="/admin/queues">
            {t.admin.queueBoard}
          </a>
        </div>
      </div>
      {needReconnect.length > 0 && (
        <div className="banner-danger" role="alert" data-testid="reconnect-banner">
          <strong>{t.admin.reconnectNeeded(needReconnect.length)}</strong>{' '}
          {needReconnect.map((channel) => (
            <button key={channel.id} type="button" className="danger" onClick={() => setForm({ kind: 'reconnect', id: channel.id })}>
              {t.admin.reconnect}: {channel.name ?? channel.id}
            </button>
          ))}
        </div>
      )}
      {health.error && (
        <p role="alert" className="error">
          {health.error}
        </p>
      )}
      {connect.get('connection') && (
        <ConnectPicker
          connectionId={connect.get('connection')!}
          onDone={() => {
            endConnect();
            void health.reload();
          }}
          onCancel={endConnect}
        />
      )}
      {connect.get('connectError') && <ConnectRefused reason={connect.get('connectError')!} platform={connect.get('platform') ?? ''} onClose={endConnect} />}
      {form && (
        <ChannelForm
          key={form.kind + ('id' in form ? form.id : '')}
          mode={form}
          entities={entityList}
          onSaved={(id) => {
            void health.reload();
            // After new credentials, check them at once.
            if (form.kind !== 'edit') void api.pollNow(id).catch(() => undefined);
            setForm(null);
          }}
          onCancel={() => setForm(null)}
        />
      )}
      {quarantineOf && <Quarantine channelId={quarantineOf} onChange={health.reload} onClose={() => setQuarantineOf(null)} />}
      <Outcome ok={poll.ok} error={poll.error} />
      {!health.data ? (
        !health.error && <p className="loading">{t.loading}</p>
      ) : channels.length === 0 ? (
        <p className="empty">{t.admin.noChannels}</p>
      ) : (
        <ul className="health-board" aria-label={t.admin.channels}>
          {channels.map((channel) => (
            <ChannelCard
              key={channel.id}
              channel={channel}
              entityName={entityName(channel.entity)}
              now={now}
              busy={poll.busy}
              onPoll={() => void poll.run(() => api.pollNow(channel.id), t.admin.pollQueued)}
              onEdit={() => setForm({ kind: channel.reconnectNeeded ? 'reconnect' : 'edit', id: channel.id })}
              onQuarantine={() => setQuarantineOf(channel.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The last error happened before the last successful poll: it is history, not the current state. */
function errorResolved(channel: ChannelHealth): boolean {
  return Boolean(channel.lastErrorAt && channel.lastSuccessAt && channel.lastSuccessAt > channel.lastErrorAt);
}

function ChannelCard({
  channel,
  entityName,
  now,
  busy,
  onPoll,
  onEdit,
  onQuarantine,
}: {
  channel: ChannelHealth;
  entityName: string;
  now: number;
  busy: boolean;
  onPoll: () => void;
  onEdit: () => void;
  onQuarantine: () => void;
}) {
  const { platformName, list: platforms } = usePlatforms();
  const t = useT();
  const lang = t.admin.lang;
  const titleId = `channel-${channel.id}-title`;
  const noHistory = platforms.find((p) => p.id === channel.platform)?.history === false;
  const hw = healthWords(lang);
  return (
    <li id={`channel-${channel.id}`} className={`channel-card status-card-${channel.status}`} aria-labelledby={titleId} data-testid={`channel-${channel.id}`}>
      <div className="channel-card-head">
        <h2 id={titleId}>
          {channel.name ?? channel.id}
          <span className="sub">
            {platformName(channel.platform)} · {channel.id} · {entityName}
          </span>
        </h2>
        <span className={`health health-${channel.status}`} data-testid="channel-status">
          <span aria-hidden="true">{STATUS_ICON[channel.status] ?? '?'} </span>
          {t.admin.channelStatus[channel.status] ?? channel.status}
        </span>
      </div>
      {channel.reconnectNeeded && (
        <button type="button" className="danger reconnect" onClick={onEdit}>
          {t.admin.reconnect}
        </button>
      )}
      <dl className="pairs compact">
        <div>
          <dt>{t.admin.lastPoll}</dt>
          <dd>{channel.lastPolledAt ? formatDateTime(channel.lastPolledAt, lang, true) : t.admin.never}</dd>
        </div>
        <div>
          <dt>{t.admin.lastError}</dt>
          <dd className={`message-text${errorResolved(channel) ? ' muted' : ''}`} data-testid="channel-last-error">
            {channel.lastError ? (
              <>
                {errorResolved(channel) && `${t.admin.errorResolved}: `}
                {t.admin.channelErrors[channelErrorKind(channel.lastError)]}
                {channel.lastErrorAt && <span className="muted"> ({formatDateTime(channel.lastErrorAt, lang)})</span>}
                <TechnicalDetails text={channel.lastError} />
              </>
            ) : (
              t.admin.none
            )}
          </dd>
        </div>
        {channel.unhealthySince && (
          <div>
            <dt>{hw.unhealthyLabel}</dt>
            <dd data-testid="channel-unhealthy">{hw.unhealthyFor(durationWords(minutesSince(channel.unhealthySince, now)))}</dd>
          </div>
        )}
        {channel.lastOutage && (
          <div>
            <dt>{hw.lastOutageLabel}</dt>
            <dd data-testid="channel-last-outage">
              {hw.lastOutage(durationWords(minutesSince(channel.lastOutage.startedAt, Date.parse(channel.lastOutage.endedAt))), channel.lastOutage.caughtUp)}{' '}
              <span className="muted">({formatDateTime(channel.lastOutage.endedAt, lang)})</span>
            </dd>
          </div>
        )}
        {noHistory && (
          <div>
            <dt>{historyWords(lang).noHistoryLabel}</dt>
            <dd data-testid="channel-no-history">{historyWords(lang).noHistory}</dd>
          </div>
        )}
        {(channel.tokenRefreshes || channel.tokenExpiresAt) && (
          <div>
            <dt>{tokenWords(lang).tokenLabel}</dt>
            {channel.tokenRefreshes || !channel.tokenExpiresAt ? (
              <dd data-testid="channel-token">{tokenWords(lang).refreshes}</dd>
            ) : (
              <dd data-testid="channel-token" className={tokenDaysLeft(channel.tokenExpiresAt, now) <= TOKEN_WARNING_DAYS ? 'warning' : undefined}>
                {tokenWords(lang).expiresIn(tokenDaysLeft(channel.tokenExpiresAt, now))} —{' '}
                <button type="button" className="link" onClick={onEdit}>
                  {tokenWords(lang).reconnect}
                </button>{' '}
                <span className="muted">({formatDateTime(channel.tokenExpiresAt, lang)})</span>
              </dd>
            )}
          </div>
        )}
        {channel.rateLimitedUntil && (
          <div>
            <dt>{t.admin.rateLimitedUntil}</dt>
            <dd>{formatDateTime(channel.rateLimitedUntil, lang)}</dd>
          </div>
        )}
        <div>
          <dt>{t.admin.backlog}</dt>
          <dd title={t.admin.backlogDetail(channel.openTickets, channel.queuedReplies)}>
            {channel.backlog} <span className="muted">({t.admin.backlogDetail(channel.openTickets, channel.queuedReplies)})</span>
          </dd>
        </div>
        <div>
          <dt>{t.admin.quarantined}</dt>
          <dd>
            {channel.quarantined > 0 ? (
              <button type="button" className="link" onClick={onQuarantine}>
                {t.admin.showQuarantine(channel.quarantined)}
              </button>
            ) : (
              0
            )}
          </dd>
        </div>
      </dl>
      <Backfill channelId={channel.id} />
      <div className="button-row">
        <button type="button" className="secondary" disabled={busy || !channel.enabled} onClick={onPoll} aria-label={`${t.admin.pollNow}: ${channel.name ?? channel.id}`}>
          {t.admin.pollNow}
        </button>
        <button type="button" className="secondary" onClick={onEdit} aria-label={`${t.admin.edit}: ${channel.name ?? channel.id}`}>
          {t.admin.edit}
        </button>
      </div>
    </li>
  );
}
