import { useCallback, useEffect, useRef, useState } from 'react';
import { usePlatforms } from './platforms.js';
import { useApi, type SavedView, type TicketFilter } from './api/index.js';
import { useT } from './dictionary.js';
import { age, fill, label } from './i18n.js';
import { useLiveEvents } from './live.js';
import { BulkBar } from './queue/BulkBar.js';
import { useAssignees } from './queue/assignees.js';
import { FiltersBar, SearchBox } from './queue/FiltersBar.js';
import { SavedViews } from './queue/SavedViews.js';
import { shortcutsBlocked } from './queue/keys.js';
import { SlaClock } from './queue/SlaClock.js';
import { useMe, useMyEntities } from './session.js';
import { useLiveStatus } from './ticket/LiveStatus.js';
import { PAGE_SIZE, pageOf } from './queue/query.js';
import { useResource } from './useResource.js';

// Live events do the work; this slow poll only covers a stream that is down without noticing.
const FALLBACK_POLL_MS = 60_000;
// Several events in a burst (a poll ingesting many messages) make one refetch.
const LIVE_DEBOUNCE_MS = 300;

/** The queue's filter and position, kept by the app so they survive opening a ticket and coming back (Esc), for the same user. */
export interface QueueMemory {
  userId: number | undefined;
  filter: TicketFilter;
  focused: number;
}

export function Queue({ memory, onOpen }: { memory: QueueMemory; onOpen: (id: number) => void }) {
  const { platformName } = usePlatforms();
  const t = useT();
  const api = useApi();
  const me = useMe();
  if (memory.userId !== me.id) Object.assign(memory, { userId: me.id, filter: {}, focused: 0 });
  const [filter, setFilter] = useState<TicketFilter>(memory.filter);
  const [search, setSearch] = useState(memory.filter.q ?? '');
  // The page shown; another filter starts at the first page again.
  const [paging, setPaging] = useState<{ filter: TicketFilter; offset: number }>({ filter, offset: 0 });
  const offset = paging.filter === filter ? paging.offset : 0;
  const [focused, setFocused] = useState(memory.focused);
  const [selection, setSelection] = useState<ReadonlySet<number>>(new Set());
  const [now, setNow] = useState(Date.now());
  const { announce, region } = useLiveStatus();
  const searchBox = useRef<HTMLInputElement>(null);
  const rows = useRef<Array<HTMLTableRowElement | null>>([]);

  // The search box waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setFilter((current) => (current.q ?? '') === search.trim() ? current : { ...current, q: search.trim() || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    Object.assign(memory, { filter, focused });
  }, [memory, filter, focused]);

  // What the last load showed, to announce tickets that a live event brought in.
  const shown = useRef<{ filter: TicketFilter; offset: number; ids: Set<number> } | null>(null);
  const liveLoad = useRef(false);
  const page = useResource(async () => {
    const result = await api.tickets(filter, offset);
    const before = shown.current?.filter === filter && shown.current.offset === offset ? shown.current.ids : null;
    shown.current = { filter, offset, ids: new Set(result.items.map((ticket) => ticket.id)) };
    if (liveLoad.current && before && result.items.some((ticket) => !before.has(ticket.id))) announce(t.work.newTickets);
    liveLoad.current = false;
    setNow(Date.now());
    return result;
  }, [filter, offset]);
  const tickets = page.data?.items ?? null;
  const total = page.data?.total ?? 0;
  const reload = page.reload;

  useEffect(() => {
    const timer = setInterval(() => void reload(), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const liveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents(['tickets'], () => {
    clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(() => {
      liveLoad.current = true;
      void reload();
    }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => clearTimeout(liveTimer.current), []);

  // SLA clocks move on between refetches.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const views = useResource(() => api.views().catch(() => ({ items: [] as SavedView[] })), []);
  const tags = useResource(() => api.tags(), []);
  const entities = useMyEntities();

  const applyFilter = useCallback((next: TicketFilter) => {
    setFilter(next);
    setSearch(next.q ?? '');
    setFocused(0);
    setSelection(new Set());
  }, []);

  const count = tickets?.length ?? 0;
  useEffect(() => {
    if (focused >= count && count > 0) setFocused(count - 1);
  }, [count, focused]);

  // Selected ids that left the list (closed by someone, filtered out) are dropped.
  useEffect(() => {
    if (!tickets) return;
    setSelection((current) => {
      const present = new Set(tickets.map((ticket) => ticket.id));
      const kept = [...current].filter((id) => present.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [tickets]);

  const toggle = useCallback((id: number) => {
    setSelection((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (shortcutsBlocked(event.target)) {
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      if (document.querySelector('[role="dialog"]')) return;
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        if (count === 0) return;
        const next = Math.max(0, Math.min(count - 1, focused + (event.key === 'j' ? 1 : -1)));
        setFocused(next);
        // The row's link takes the focus, so a screen reader reads the ticket and Enter opens it.
        rows.current[next]?.querySelector('a')?.focus();
      } else if (event.key === 'Enter' && tickets?.[focused]) {
        if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
        event.preventDefault();
        onOpen(tickets[focused].id);
      } else if (event.key === 'x' && tickets?.[focused]) {
        event.preventDefault();
        toggle(tickets[focused].id);
      } else if (event.key === '/') {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, focused, tickets, onOpen, toggle]);

  // Everyone the user's entities (or the filtered one) can assign to, not only who has a ticket in the list.
  const assignees = useAssignees(filter.entity);
  const selected = tickets?.filter((ticket) => selection.has(ticket.id)) ?? [];
  const selectedIds = selected.map((ticket) => ticket.id);
  const allSelected = count > 0 && selectedIds.length === count;

  return (
    <section aria-labelledby="queue-title" className="queue-page">
      <div className="queue-head">
        <h1 id="queue-title">
          {t.queue} <span className="count">({total} {t.tickets})</span>
        </h1>
        <SearchBox search={search} onSearch={setSearch} searchBox={searchBox} />
        <SavedViews views={views.data?.items ?? []} filter={filter} onApply={applyFilter} onChanged={views.reload} announce={announce} />
      </div>
      <FiltersBar
        filter={filter}
        onChange={applyFilter}
        entities={entities}
        tags={tags.data?.items.map((item) => item.tag) ?? []}
        assignees={assignees}
      />
      {selectedIds.length > 0 && (
        <BulkBar
          ids={selectedIds}
          entities={[...new Set(selected.map((ticket) => ticket.entity))]}
          assignees={assignees}
          announce={announce}
          onClear={() => setSelection(new Set())}
          onDone={() => {
            setSelection(new Set());
            void reload();
          }}
        />
      )}
      {region}
      {page.error && (
        <p role="alert" className="error">
          {page.error}
        </p>
      )}
      {tickets === null ? (
        <p>{t.loading}</p>
      ) : tickets.length === 0 ? (
        <p className="empty">{t.noTickets}</p>
      ) : (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col" className="pick">
                <input
                  type="checkbox"
                  aria-label={t.work.selectAll}
                  checked={allSelected}
                  onChange={() => setSelection(allSelected ? new Set() : new Set(tickets.map((ticket) => ticket.id)))}
                />
              </th>
              <th scope="col">#</th>
              <th scope="col">{t.platform}</th>
              <th scope="col">{t.author}</th>
              <th scope="col">{t.message}</th>
              <th scope="col">{t.category}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.work.sla}</th>
              <th scope="col">{t.work.assignee}</th>
              <th scope="col">{t.age}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket, index) => (
              <tr
                key={ticket.id}
                ref={(row) => {
                  rows.current[index] = row;
                }}
                className={[index === focused ? 'selected' : '', selection.has(ticket.id) ? 'picked' : ''].join(' ').trim() || undefined}
                aria-current={index === focused ? 'true' : undefined}
                data-ticket-id={ticket.id}
                onClick={() => setFocused(index)}
              >
                <td className="pick">
                  <input
                    type="checkbox"
                    aria-label={fill(t.work.selectTicket, { number: ticket.number })}
                    checked={selection.has(ticket.id)}
                    onChange={() => toggle(ticket.id)}
                  />
                </td>
                <td>{ticket.number}</td>
                <td>
                  <span className="platform-name">{platformName(ticket.platform)}</span>
                </td>
                <td className="author">
                  <span className="handle">{ticket.contact.handle ? `@${ticket.contact.handle}` : ''}</span>
                  {ticket.contact.name && ticket.contact.name !== ticket.contact.handle && <span className="name"> {ticket.contact.name}</span>}
                </td>
                <td className="preview">
                  <a
                    href={`/tickets/${ticket.id}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpen(ticket.id);
                    }}
                  >
                    {ticket.preview || '—'}
                  </a>
                  {ticket.tags.length > 0 && (
                    <ul className="chips" aria-label={t.work.tags}>
                      {ticket.tags.map((tag) => (
                        <li key={tag} className="chip">
                          {tag}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="category">
                  <span className={`tag cat-${ticket.category}`}>{label(t.categories, ticket.category)}</span>
                  {ticket.confidence !== null && <span className="confidence"> {Math.round(ticket.confidence * 100)}%</span>}
                </td>
                <td>
                  <span className={`tag status-${ticket.status}`}>{label(t.statuses, ticket.status)}</span>
                </td>
                <td className="sla-cell">
                  <SlaClock sla={ticket.sla} now={now} />
                </td>
                <td className="assignee">
                  {ticket.assignee ? (
                    ticket.assignee.id === me.id ? `${ticket.assignee.name} (${t.work.you})` : ticket.assignee.name
                  ) : (
                    <span className="muted">
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">{t.work.nobody}</span>
                    </span>
                  )}
                </td>
                <td>
                  <time dateTime={ticket.createdAt} title={new Date(ticket.createdAt).toLocaleString()}>
                    {age(t, ticket.createdAt, now)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tickets && total > PAGE_SIZE && (
        <Pager offset={offset} shown={tickets.length} total={total} onGo={(next) => {
          setPaging({ filter, offset: next });
          setFocused(0);
        }} />
      )}
    </section>
  );
}

function Pager({ offset, shown, total, onGo }: { offset: number; shown: number; total: number; onGo: (offset: number) => void }) {
  const t = useT();
  const page = pageOf(offset, shown, total);
  return (
    <nav className="pager" aria-label={t.work.pages}>
      <button type="button" className="secondary" disabled={page.previous === null} onClick={() => page.previous !== null && onGo(page.previous)}>
        {t.work.previousPage}
      </button>
      <span aria-live="polite">{fill(t.work.pageRange, { from: page.from, to: page.to, total })}</span>
      <button type="button" className="secondary" disabled={page.next === null} onClick={() => page.next !== null && onGo(page.next)}>
        {t.work.nextPage}
      </button>
    </nav>
  );
}
