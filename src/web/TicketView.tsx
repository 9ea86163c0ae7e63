import { useCallback, useEffect, useRef, useState } from 'react';
import { usePlatforms } from './platforms.js';
import { useApi, ClaimedError, messageOf, type Ticket, type TicketPatch } from './api/index.js';
import { useT } from './dictionary.js';
import { fill, label } from './i18n.js';
import { useLiveEvents } from './live.js';
import { shortcutsBlocked } from './queue/keys.js';
import { SlaClock } from './queue/SlaClock.js';
import { useMe } from './session.js';
import { ClaimBanner } from './ticket/ClaimBanner.js';
import { useAnnouncedAction, useLiveStatus } from './ticket/LiveStatus.js';
import { MergeDialog } from './ticket/MergeDialog.js';
import { NoteBox } from './ticket/NoteBox.js';
import { OtherTickets } from './ticket/OtherTickets.js';
import { Activity } from './ticket/Activity.js';
import { Properties } from './ticket/Properties.js';
import { ReplyBox } from './ticket/ReplyBox.js';
import { Retag } from './ticket/Retag.js';
import { TagsEditor } from './ticket/TagsEditor.js';
import { Thread } from './ticket/Thread.js';
import { openTicket } from './ticket/navigate.js';
import { useResource } from './useResource.js';

// Live events refetch the ticket (also when a reply is queued, sent or failed, and on a re-tag); this
// slow poll only covers a stream that is down without noticing.
const FALLBACK_POLL_MS = 60_000;

const isDone = (ticket: Ticket) => ticket.status === 'resolved' || ticket.status === 'closed' || ticket.mergedInto !== null;

export function TicketView({ id, onBack }: { id: number; onBack: () => void }) {
  const { platformName } = usePlatforms();
  const t = useT();
  const api = useApi();
  const me = useMe();
  const resource = useResource(() => api.ticket(id), [id], { resetOnChange: true });
  const { data: ticket, error: loadError, reload: load, set } = resource;
  const [merging, setMerging] = useState(false);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const claimedId = useRef<number | null>(null);
  const { announce, region } = useLiveStatus();
  const { busy, run } = useAnnouncedAction(announce);

  // A route answering with a ticket may send the list shape: keep what it does not carry.
  const apply = useCallback((next: Partial<Ticket>) => set((current) => (current ? { ...current, ...next } : (next as Ticket))), [set]);

  useEffect(() => {
    const timer = setInterval(() => void load(), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  useLiveEvents(['tickets'], (event) => {
    if (!event || event.ids.includes(id)) void load();
  });

  // Claim on open, so two agents do not answer the same citizen; a 409 shows who has it.
  useEffect(() => {
    if (!ticket || ticket.id !== id || claimedId.current === id) return;
    claimedId.current = id;
    if (isDone(ticket) || ticket.assignee?.id === me.id) return;
    api.claim(id).then(
      (claimed) => apply(claimed),
      (error: unknown) => {
        if (error instanceof ClaimedError) apply({ assignee: error.assignee });
        else announce(messageOf(error), true);
      },
    );
  }, [ticket, id, me, apply, announce]);

  const update = useCallback(
    (patch: TicketPatch, done: string) =>
      run(async () => {
        apply(await api.updateTicket(id, patch));
        announce(done);
      }),
    [api, id, apply, announce, run],
  );

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
      } else if (event.key === 'e' && ticket && ticket.status !== 'closed') {
        event.preventDefault();
        void update({ status: 'closed' }, t.work.closed);
      } else if (event.key === 'Escape') {
        onBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack, ticket, update, t]);

  if (!ticket || ticket.id !== id) {
    return loadError ? (
      <p role="alert" className="error">
        {loadError}
      </p>
    ) : (
      <p>{t.loading}</p>
    );
  }

  const lastInbound = [...ticket.messages].reverse().find((m) => m.direction === 'inbound');
  const signals = lastInbound && lastInbound.signals.length > 0 ? lastInbound.signals : ticket.signals;
  const holder = ticket.assignee && ticket.assignee.id !== me.id && !isDone(ticket) ? ticket.assignee : null;
  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <p>
        <button type="button" className="link" onClick={onBack}>
          ← {t.back}
        </button>
      </p>
      <header className="ticket-head">
        <h1 id="ticket-title">
          Ticket #{ticket.number} · <span className="platform-name">{platformName(ticket.platform)}</span> ·{' '}
          <span className="handle">{ticket.contact.handle ? `@${ticket.contact.handle}` : ticket.contact.name}</span>
        </h1>
        <dl className="facts">
          <div>
            <dt>{t.category}</dt>
            <dd data-testid="ticket-category">
              <span className={`tag cat-${ticket.category}`}>{label(t.categories, ticket.category)}</span>
              {ticket.confidence !== null && ticket.categorySource === 'auto' && (
                <span className="confidence">
                  {' '}
                  {Math.round(ticket.confidence * 100)}% {t.confidence}
                </span>
              )}
              {ticket.categorySource === 'manual' && <span className="confidence"> ({t.manual})</span>}
            </dd>
          </div>
          <div>
            <dt>{t.status}</dt>
            <dd data-testid="ticket-status">
              <span className={`tag status-${ticket.status}`}>{label(t.statuses, ticket.status)}</span>
            </dd>
          </div>
          <div>
            <dt>{t.priority}</dt>
            <dd>{label(t.priorities, ticket.priority)}</dd>
          </div>
          <div>
            <dt>{t.work.assignee}</dt>
            <dd data-testid="ticket-assignee">{ticket.assignee ? (ticket.assignee.id === me.id ? `${ticket.assignee.name} (${t.work.you})` : ticket.assignee.name) : t.work.nobody}</dd>
          </div>
          <div>
            <dt>{t.work.sla}</dt>
            <dd>
              <SlaClock sla={ticket.sla} now={Date.now()} />
            </dd>
          </div>
        </dl>
        {holder && <ClaimBanner holder={holder} busy={busy} onTakeOver={() => void update({ assigneeId: me.id }, t.work.tookOver)} />}
        {ticket.mergedInto !== null && (
          <p className="notice">
            <a
              href={`/tickets/${ticket.mergedInto}`}
              onClick={(event) => {
                event.preventDefault();
                openTicket(ticket.mergedInto!);
              }}
            >
              {fill(t.work.mergedInto, { number: ticket.mergedInto })}
            </a>
          </p>
        )}
        {ticket.complaint && (
          <p className="notice" data-testid="complaint-record">
            {t.complaintRecord}
          </p>
        )}
        {region}
      </header>

      <div className="ticket-body">
        <section aria-labelledby="conversation-title" className="conversation">
          <h2 id="conversation-title">{t.conversation}</h2>
          <Thread ticket={ticket} onChanged={load} announce={announce} />
          <ReplyBox ticket={ticket} replyBox={replyBox} onSent={load} announce={announce} />
          <NoteBox ticketId={ticket.id} noteBox={noteBox} onAdded={load} announce={announce} />
        </section>

        <aside className="side" aria-label={t.work.properties}>
          <Properties ticket={ticket} onChanged={apply} announce={announce} />
          <TagsEditor ticket={ticket} onChanged={apply} announce={announce} />
          <OtherTickets ticket={ticket} onMerge={() => setMerging(true)} />
          <section aria-labelledby="signals-title" className="card">
            <h2 id="signals-title">{t.signals}</h2>
            {signals.length > 0 ? (
              <ul className="signals">
                {signals.map((signal, index) => (
                  <li key={index}>{signal}</li>
                ))}
              </ul>
            ) : (
              <p>{t.noSignals}</p>
            )}
          </section>
          <Retag ticket={ticket} onDone={apply} announce={announce} />
          <Activity ticket={ticket} />
        </aside>
      </div>
      {merging && (
        <MergeDialog
          ticket={ticket}
          announce={announce}
          onClose={() => setMerging(false)}
          onMerged={(merged) => {
            apply(merged);
            void load();
          }}
        />
      )}
    </article>
  );
}
