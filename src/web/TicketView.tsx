import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, ClaimedError, type Ticket, type TicketPatch } from './api/index.js';
import { useT } from './dictionary.js';
import { fill, label } from './i18n.js';
import { useLiveEvents } from './live.js';
import { shortcutsBlocked } from './queue/keys.js';
import { SlaClock } from './queue/SlaClock.js';
import { useMe } from './session.js';
import { Activity } from './ticket/Activity.js';
import { CaseCard } from './ticket/CaseCard.js';
import { ClaimBanner } from './ticket/ClaimBanner.js';
import { useAnnouncedAction, useLiveStatus } from './ticket/LiveStatus.js';
import { MergeDialog } from './ticket/MergeDialog.js';
import { ReferDialog } from './ticket/ReferDialog.js';
import { ReferralCard, useTicketReferrals } from './ticket/ReferralCard.js';
import { referralWords } from './referrals/referral-words.js';
import { openTicket } from './ticket/navigate.js';
import { NoteBox } from './ticket/NoteBox.js';
import { OtherTickets } from './ticket/OtherTickets.js';
import { PresenceLine } from './ticket/Presence.js';
import { Properties } from './ticket/Properties.js';
import { ReplyBox } from './ticket/ReplyBox.js';
import { Retag } from './ticket/Retag.js';
import { Signals } from './ticket/Signals.js';
import { TagsEditor } from './ticket/TagsEditor.js';
import { Thread } from './ticket/Thread.js';
import { useResource } from './useResource.js';
import { CaseBanner } from './workspace/CaseBanner.js';
import { isSnoozed, presenceOf, summaryState } from './workspace/contract.js';
import { PlatformBadge } from './workspace/PlatformBadge.js';
import { useCan } from './workspace/permissions.js';
import { usePresence } from './workspace/presence.js';
import { SnoozeMenu, type SnoozeChoice } from './workspace/SnoozeMenu.js';
import { exactTime, shortMoment } from './workspace/time.js';

// Live events refetch the ticket (also when a reply is queued, sent or failed, and on a re-tag); this
// slow poll only covers a stream that is down without noticing.
const FALLBACK_POLL_MS = 60_000;
// A colleague's presence counts for 30 s after their last report.
const PRESENCE_REFRESH_MS = 30_000;

const isDone = (ticket: Ticket) => ticket.status === 'resolved' || ticket.status === 'closed' || ticket.mergedInto !== null;

export interface TicketViewProps {
  id: number;
  /** Leaves the conversation (Esc, the back button). */
  onBack: () => void;
  /** The back button's words: back to the list, or to the case. */
  backLabel: string;
  /** Whether the list is beside the conversation (then the back button is only needed on narrow screens). */
  besideList: boolean;
  /** Opens another ticket in this place. */
  onOpen: (id: number) => void;
  /** The ticket after this one in the list, for close-and-next; null when none. */
  nextAfter?: (id: number) => number | null;
  /** Told once the ticket is marked read for me. */
  onRead?: (id: number) => void;
}

/**
 * One conversation and its context, as two panes of the workspace: the conversation (header with
 * the actions the user may take, the thread as the platform shows it, the reply and note boxes) and
 * beside it the contact with all their conversations, the complaint case, properties, tags, the
 * classifier's reasons, re-tagging and history. Opening a ticket never claims it: it is marked read
 * for me and colleagues see I am on it.
 */
export function TicketView({ id, onBack, backLabel, besideList, onOpen, nextAfter, onRead }: TicketViewProps) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const can = useCan();
  const resource = useResource(() => api.ticket(id), [id], { resetOnChange: true });
  const { data: ticket, error: loadError, reload: load, set } = resource;
  const referrals = useTicketReferrals(id, ticket?.id === id ? ticket.entity : undefined);
  const [merging, setMerging] = useState(false);
  const [referring, setReferring] = useState(false);
  const [pane, setPane] = useState<'conversation' | 'context'>('conversation');
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const snoozeToggle = useRef<HTMLButtonElement>(null);
  const claimButton = useRef<HTMLButtonElement>(null);
  const { announce, region } = useLiveStatus();
  const { busy, run } = useAnnouncedAction(announce);
  const { typing } = usePresence(id);

  const mayWork = can('tickets.work');
  const mayAssign = can('tickets.assign');
  const mayReply = can('tickets.reply');
  const mayNote = can('tickets.note');
  const mayRetag = can('tickets.retag');
  const mayDecideDrafts = mayReply || can('cases.act');

  useEffect(() => {
    setPane('conversation');
    setSnoozeOpen(false);
    setMerging(false);
  }, [id]);

  // A route answering with a ticket may send the list shape: keep what it does not carry.
  const apply = useCallback((next: Partial<Ticket>) => set((current) => (current ? { ...current, ...next } : (next as Ticket))), [set]);

  useEffect(() => {
    const timer = setInterval(() => void load(), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  useLiveEvents(['tickets'], (event) => {
    if (!event || event.ids.includes(id)) void load();
  });

  // Colleagues who leave send nothing: while someone is shown here, look again every 30 s.
  const someoneElse = ticket && ticket.id === id ? presenceOf(ticket, me.id).length > 0 : false;
  useEffect(() => {
    if (!someoneElse) return;
    const timer = setInterval(() => void load(), PRESENCE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [someoneElse, load]);

  // Read for me: when opened, and again when the citizen writes while it is open.
  const loaded = ticket && ticket.id === id ? ticket : undefined;
  const latestInbound = loaded ? [...loaded.messages].reverse().find((message) => message.direction === 'inbound')?.id : undefined;
  useEffect(() => {
    if (!loaded) return;
    api.markRead(id).then(
      () => onRead?.(id),
      () => undefined,
    );
    // once per ticket and per new citizen message (not on every refetch)
  }, [api, id, loaded !== undefined, latestInbound]);

  const update = useCallback(
    (patch: TicketPatch, done: string) =>
      run(async () => {
        apply(await api.updateTicket(id, patch));
        announce(done);
      }),
    [api, id, apply, announce, run],
  );

  const claim = useCallback(
    () =>
      run(async () => {
        try {
          apply(await api.claim(id));
          announce(t.work.claimed);
        } catch (error) {
          if (error instanceof ClaimedError) apply({ assignee: error.assignee });
          throw error;
        }
      }),
    [api, id, apply, announce, run, t],
  );

  const closeAndNext = useCallback(
    () =>
      run(async () => {
        // the next one is chosen before closing: a closed ticket may leave the list
        const next = nextAfter?.(id) ?? null;
        apply(await api.updateTicket(id, { status: 'closed' }));
        if (next !== null) {
          onOpen(next);
          announce(t.work.closedNext);
        } else {
          announce(t.work.closedNoNext);
        }
      }),
    [api, id, apply, announce, run, nextAfter, onOpen, t],
  );

  const snooze = useCallback(
    (choice: SnoozeChoice) =>
      run(async () => {
        apply(await api.snooze(id, choice.request));
        announce(choice.done);
      }),
    [api, id, apply, announce, run],
  );

  const wake = useCallback(
    () =>
      run(async () => {
        apply(await api.unsnooze(id));
        announce(t.work.unsnoozed);
      }),
    [api, id, apply, announce, run, t],
  );

  const open = loaded && !isDone(loaded);
  const claimable = Boolean(open && mayAssign && !loaded?.assignee);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || shortcutsBlocked(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (event.key === 'r' && replyBox.current) {
        event.preventDefault();
        replyBox.current.focus();
      } else if (event.key === 'n' && noteBox.current) {
        event.preventDefault();
        noteBox.current.focus();
      } else if (event.key === 'e' && !event.shiftKey && loaded && loaded.status !== 'closed' && mayWork) {
        event.preventDefault();
        void update({ status: 'closed' }, t.work.closed);
      } else if (event.key === 'E' && event.shiftKey && loaded && loaded.status !== 'closed' && mayWork) {
        event.preventDefault();
        void closeAndNext();
      } else if (event.key === 's' && open && mayWork) {
        event.preventDefault();
        setSnoozeOpen(true);
      } else if (event.key === 'c' && claimable) {
        event.preventDefault();
        void claim();
      } else if (event.key === 'Escape' && !snoozeOpen && !document.querySelector('.app-menu.open')) {
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack, loaded, open, update, closeAndNext, claim, claimable, mayWork, snoozeOpen, t]);

  if (!loaded) {
    return (
      <section className="pane pane-conversation" aria-label={t.work.conversationPane}>
        {loadError ? (
          <p role="alert" className="error">
            {loadError}
          </p>
        ) : (
          <p className="loading">{t.work.loadingTicket}</p>
        )}
      </section>
    );
  }

  const state = summaryState(loaded);
  const snoozed = isSnoozed(state);
  const others = presenceOf(loaded, me.id);
  const holder = loaded.assignee && loaded.assignee.id !== me.id && !isDone(loaded) ? loaded.assignee : null;
  const lang = t.admin.lang;
  const handle = loaded.contact.handle ? `@${loaded.contact.handle}` : loaded.contact.name;
  const contextId = `ticket-context-${loaded.id}`;

  return (
    <>
      <article className={`pane pane-conversation${pane === 'context' ? ' narrow-hidden' : ''}`} aria-labelledby="ticket-title" data-testid="conversation-pane">
        <header className="ticket-head">
          <div className="pane-nav">
            <button type="button" className={`link back${besideList ? ' narrow-only' : ''}`} onClick={onBack}>
              <span aria-hidden="true">← </span>
              {backLabel}
            </button>
            <button type="button" className="secondary narrow-only" aria-expanded={false} aria-controls={contextId} onClick={() => setPane('context')}>
              {t.work.showDetails}
            </button>
          </div>
          <h1 id="ticket-title">
            {fill(t.work.ticketTitle, { number: loaded.number })} · <PlatformBadge platform={loaded.platform} withName /> · <span className="handle">{handle}</span>
          </h1>
          <dl className="facts">
            <div>
              <dt>{t.category}</dt>
              <dd data-testid="ticket-category">
                <span className={`tag cat-${loaded.category}`}>{label(t.categories, loaded.category)}</span>
                {loaded.confidence !== null && loaded.categorySource === 'auto' && (
                  <span className="confidence">
                    {' '}
                    {Math.round(loaded.confidence * 100)}% {t.confidence}
                  </span>
                )}
                {loaded.categorySource === 'manual' && <span className="confidence"> ({t.manual})</span>}
                {loaded.toCheck && (
                  <span className="tag to-check" data-testid="ticket-to-check">
                    {' '}
                    {t.work.toCheck}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t.status}</dt>
              <dd data-testid="ticket-status">
                <span className={`tag status-${loaded.status}`}>{label(t.statuses, loaded.status)}</span>
              </dd>
            </div>
            <div>
              <dt>{t.priority}</dt>
              <dd>{label(t.priorities, loaded.priority)}</dd>
            </div>
            <div>
              <dt>{t.work.assignee}</dt>
              <dd data-testid="ticket-assignee">
                {loaded.assignee ? (loaded.assignee.id === me.id ? `${loaded.assignee.name} (${t.work.you})` : loaded.assignee.name) : t.work.nobody}
              </dd>
            </div>
            <div>
              <dt>{t.work.sla}</dt>
              <dd>
                <SlaClock sla={loaded.sla} now={Date.now()} />
              </dd>
            </div>
          </dl>
          {(claimable || (mayWork && (open || loaded.status === 'closed'))) && (
            <div className="toolbar" role="group" aria-label={t.work.actions}>
              {claimable && (
                <button type="button" ref={claimButton} disabled={busy} onClick={() => void claim()} data-testid="claim">
                  {t.work.claim}
                </button>
              )}
              {mayWork && open && !snoozed && <SnoozeMenu open={snoozeOpen} onOpenChange={setSnoozeOpen} onChoose={(choice) => void snooze(choice)} busy={busy} toggle={snoozeToggle} />}
              {mayWork && loaded.status !== 'closed' && loaded.mergedInto === null && (
                <>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void update({ status: 'closed' }, t.work.closed)}>
                    {t.work.closeTicket}
                  </button>
                  {nextAfter && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => void closeAndNext()} data-testid="close-next">
                      {t.work.closeAndNext}
                    </button>
                  )}
                </>
              )}
              {mayWork && loaded.status !== 'closed' && loaded.mergedInto === null && (
                <button type="button" className="secondary" disabled={busy} onClick={() => setReferring(true)} data-testid="refer">
                  {referralWords(lang).refer}
                </button>
              )}
              {mayWork && loaded.status === 'closed' && loaded.mergedInto === null && (
                <button type="button" className="secondary" disabled={busy} onClick={() => void update({ status: 'open' }, t.work.reopened)}>
                  {t.work.reopen}
                </button>
              )}
            </div>
          )}
          {claimable && <p className="hint">{t.work.unclaimedHint}</p>}
          {holder && mayAssign && <ClaimBanner holder={holder} busy={busy} onTakeOver={() => void update({ assigneeId: me.id }, t.work.tookOver)} />}
          {others.length > 0 && <PresenceLine others={others} />}
          {snoozed && (
            <div className="banner snoozed-banner" data-testid="snoozed">
              <span>
                {state.snoozedUntil && new Date(state.snoozedUntil).getTime() > Date.now() ? (
                  <span title={exactTime(state.snoozedUntil, lang)}>{fill(t.work.snoozedNotice, { when: shortMoment(new Date(state.snoozedUntil), lang) })}</span>
                ) : (
                  t.work.snoozedNoticeReply
                )}
              </span>
              {mayWork && (
                <button type="button" className="secondary" disabled={busy} onClick={() => void wake()}>
                  {t.work.unsnooze}
                </button>
              )}
            </div>
          )}
          {loaded.mergedInto !== null && (
            <p className="notice">
              <a
                href={`/tickets/${loaded.mergedInto}`}
                onClick={(event) => {
                  event.preventDefault();
                  openTicket(loaded.mergedInto!);
                }}
              >
                {fill(t.work.mergedInto, { number: loaded.mergedInto })}
              </a>
            </p>
          )}
          {loaded.complaint && (
            <p className="notice" data-testid="complaint-record">
              {t.complaintRecord}
            </p>
          )}
          <CaseBanner ticket={loaded} />
          {region}
        </header>

        <section aria-labelledby="conversation-title" className="conversation">
          <h2 id="conversation-title" className="visually-hidden">
            {t.conversation}
          </h2>
          <Thread
            ticket={loaded}
            referrals={referrals}
            decide={{ ticketId: loaded.id, onDecided: load, announce, drafts: mayDecideDrafts, replies: mayReply }}
          />
          {mayReply && <ReplyBox ticket={loaded} replyBox={replyBox} onSent={load} announce={announce} onTyping={typing} />}
          {mayNote && <NoteBox ticketId={loaded.id} noteBox={noteBox} onAdded={load} announce={announce} />}
        </section>
      </article>

      <aside id={contextId} className={`pane pane-context${pane === 'conversation' ? ' narrow-hidden' : ''}`} aria-label={t.work.contextPane} data-testid="context-pane">
        <div className="pane-nav narrow-only">
          <button type="button" className="secondary" aria-expanded={true} aria-controls={contextId} onClick={() => setPane('conversation')}>
            <span aria-hidden="true">← </span>
            {t.work.showConversation}
          </button>
        </div>
        <CaseCard ticket={loaded} />
        <ReferralCard ticket={loaded} referrals={referrals} />
        <OtherTickets ticket={loaded} onMerge={() => setMerging(true)} />
        <Properties ticket={loaded} onChanged={apply} announce={announce} />
        <TagsEditor ticket={loaded} onChanged={apply} announce={announce} />
        <Signals ticket={loaded} />
        {mayRetag && <Retag ticket={loaded} onDone={apply} announce={announce} />}
        <Activity ticket={loaded} />
      </aside>
      {referring && (
        <ReferDialog
          ticket={loaded}
          mayReply={mayReply}
          announce={announce}
          onClose={() => setReferring(false)}
          onReferred={() => {
            // the ticket is the other entity's now: back to the list
            setReferring(false);
            onBack();
          }}
        />
      )}
      {merging && (
        <MergeDialog
          ticket={loaded}
          announce={announce}
          onClose={() => setMerging(false)}
          onMerged={(merged) => {
            apply(merged);
            void load();
          }}
        />
      )}
    </>
  );
}
