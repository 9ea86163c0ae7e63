import { useApi, type TicketMessage } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';

/**
 * A reply that may or may not be on the platform (an earlier attempt may have posted it and the
 * platform cannot tell): the reason, and the agent's two decisions. "Send again" may post it a
 * second time, so it says so; "Mark as sent" sends nothing.
 */
export function UncertainReply({
  ticketId,
  message,
  platform,
  onDecided,
  announce,
}: {
  ticketId: number;
  message: TicketMessage;
  platform: string;
  onDecided: () => Promise<void>;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const { busy, run } = useAnnouncedAction(announce);
  const decide = (action: 'resend' | 'mark-sent', done: string) =>
    run(async () => {
      await api.decideReply(ticketId, message.id, action);
      announce(done);
      await onDecided();
    });
  const hintId = `uncertain-hint-${message.id}`;
  return (
    <div className="notice uncertain-reply" role="group" aria-describedby={hintId} data-testid="uncertain-reply">
      <p>
        <strong>{fill(t.work.uncertainTitle, { platform })}</strong>
      </p>
      <p className="hint" id={hintId}>
        {t.work.uncertainHint}
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void decide('mark-sent', t.work.markedSent)} data-testid="mark-sent">
          {t.work.markSent}
        </button>{' '}
        <button type="button" disabled={busy} onClick={() => void decide('resend', t.work.resent)} data-testid="send-again">
          {t.work.sendAgain}
        </button>
      </div>
    </div>
  );
}
