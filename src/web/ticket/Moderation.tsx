import { useEffect, useState } from 'react';
import { useApi, type MessageModeration, type ModerationAction, type Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { usePlatforms } from '../platforms.js';
import { useResource } from '../useResource.js';
import { exactTime } from '../workspace/time.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';
import { moderationWords } from './moderation-words.js';

/**
 * The ticket's messages' moderation on their platform (issue 17), loaded only when the platform
 * offers any (GET /api/platforms says which actions). While a request is on its way it is read
 * again every two seconds, until the worker has carried it out.
 */
export function useTicketModeration(ticket: Ticket): { byMessage: Map<number, MessageModeration>; reload: () => Promise<void> } {
  const api = useApi();
  const { list } = usePlatforms();
  const offered = Object.keys(list.find((p) => p.id === ticket.platform)?.moderation ?? {}).length > 0;
  const resource = useResource(async () => (offered ? (await api.ticketModeration(ticket.id)).items : []), [ticket.id, ticket.messages.length, offered]);
  const items = resource.data ?? [];
  const pending = items.some((item) => item.last?.status === 'queued');
  const { reload } = resource;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(() => void reload(), 2_000);
    return () => clearTimeout(timer);
  }, [pending, items, reload]);
  return { byMessage: new Map(items.map((item) => [item.messageId, item])), reload };
}

/** Under a citizen's message: what happened to it on the platform, and the actions with a confirmation saying what they do there. */
export function ModerationControls({
  ticketId,
  item,
  platform,
  canAct,
  announce,
  onChanged,
}: {
  ticketId: number;
  item: MessageModeration;
  platform: string;
  canAct: boolean;
  announce: Announce;
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const lang = t.admin.lang;
  const w = moderationWords(lang);
  const api = useApi();
  const { busy, run } = useAnnouncedAction(announce);
  const [asking, setAsking] = useState<ModerationAction | null>(null);
  const last = item.last;
  const confirmId = `moderation-confirm-${item.messageId}`;
  const act = (action: ModerationAction) =>
    run(async () => {
      await api.moderateMessage(ticketId, item.messageId, action);
      setAsking(null);
      announce(w.requested(w.actions[action], platform));
      await onChanged();
    });
  return (
    <div className="moderation" role="group" aria-label={w.group} data-testid="moderation">
      {last?.status === 'done' && last.doneAt && (
        <p className={`moderation-state moderation-${item.state}`} data-testid="moderation-state">
          {w.done(w.states[item.state], platform, last.byPolicy ? w.byPolicy(last.flag) : last.by, exactTime(last.doneAt, lang))}
        </p>
      )}
      {last?.status === 'queued' && (
        <p className="moderation-state muted" data-testid="moderation-pending">
          {w.pending(w.actions[last.action], platform)}
        </p>
      )}
      {last?.status === 'failed' && (
        <div className="delivery-error" data-testid="moderation-failed">
          <p className="error">
            {w.failed(w.actions[last.action], platform)} {last.error?.includes('reconnect needed') ? w.reconnect : w.refused}
          </p>
          {last.error && (
            <details>
              <summary>{w.technicalDetails}</summary>
              <code lang="en">{last.error}</code>
            </details>
          )}
        </div>
      )}
      {canAct && item.actions.length > 0 && !asking && (
        <div className="actions">
          {item.actions.map((action) => (
            <button key={action} type="button" disabled={busy} onClick={() => setAsking(action)} data-testid={`moderate-${action}`}>
              {w.actions[action]}
            </button>
          ))}
        </div>
      )}
      {asking && (
        <div className="notice" role="group" aria-describedby={confirmId} data-testid="moderation-confirm">
          <p id={confirmId}>{w.consequences[asking].replace('{platform}', platform)}</p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void act(asking)} data-testid="moderation-confirm-button">
              {w.confirm}: {w.actions[asking].toLowerCase()}
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => setAsking(null)}>
              {w.cancel}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
