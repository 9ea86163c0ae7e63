import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../dictionary.js';
import { Queue, type QueueMemory } from '../Queue.js';
import { TicketView } from '../TicketView.js';

/** Where one pane at a time is shown (the same width as styles.css's phone rules). */
const PHONE = '(max-width: 699px)';

/**
 * The agent's workspace: the conversation list, the open conversation and its context side by side
 * on a laptop (three panes); on a narrower screen the list and one of the other two; on a phone one
 * pane at a time, with a way back. Opening a conversation keeps the list where it was.
 * Without a list (a coordinator opening a ticket of a case) the conversation and its context alone.
 */
export function Workspace({
  ticketId,
  memory,
  onOpen,
  onClose,
  withList,
  backLabel,
}: {
  ticketId: number | null;
  memory: QueueMemory;
  onOpen: (id: number) => void;
  onClose: () => void;
  withList: boolean;
  backLabel: string;
}) {
  const t = useT();
  const items = useRef<number[]>([]);
  const [readAt, setReadAt] = useState<ReadonlyMap<number, number>>(new Map());

  const nextAfter = useCallback((id: number): number | null => {
    const list = items.current;
    const index = list.indexOf(id);
    if (index < 0) return list.find((other) => other !== id) ?? null;
    return list[index + 1] ?? list[index - 1] ?? null;
  }, []);

  const onRead = useCallback((id: number) => setReadAt((current) => new Map(current).set(id, Date.now())), []);

  // On a phone the page itself scrolls: a conversation opens at its top, and the list comes back
  // where it was left.
  const listScroll = useRef(0);
  const shown = useRef(ticketId);
  const open = useCallback(
    (id: number) => {
      if (shown.current === null) listScroll.current = window.scrollY;
      onOpen(id);
    },
    [onOpen],
  );
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = ticketId;
    if (before === ticketId || !window.matchMedia(PHONE).matches) return;
    window.scrollTo(0, ticketId === null ? listScroll.current : 0);
  }, [ticketId]);

  return (
    <div className={`workspace${withList ? ' with-list' : ' without-list'}${ticketId !== null ? ' has-ticket' : ''}`} data-testid="workspace">
      {withList && (
        <div className={`pane pane-list${ticketId !== null ? ' phone-hidden' : ''}`} data-testid="list-pane">
          <Queue memory={memory} onOpen={open} openId={ticketId} readAt={readAt} itemsRef={items} />
        </div>
      )}
      {ticketId !== null ? (
        <TicketView id={ticketId} onBack={onClose} backLabel={backLabel} besideList={withList} onOpen={open} nextAfter={withList ? nextAfter : undefined} onRead={onRead} />
      ) : (
        <section className="pane pane-empty" aria-label={t.work.conversationPane}>
          <div className="empty-state">
            <p>{t.work.pickConversation}</p>
            <p className="hint">{t.work.pickConversationHint}</p>
          </div>
        </section>
      )}
    </div>
  );
}
