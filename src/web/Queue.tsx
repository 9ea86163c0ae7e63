import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useApi, type SavedView, type TicketFilter, type TicketSummary } from './api/index.js';
import { useT } from './dictionary.js';
import { fill } from './i18n.js';
import { useLiveEvents } from './live.js';
import { plural } from './plural.js';
import { BulkBar } from './queue/BulkBar.js';
import { useAssignees } from './queue/assignees.js';
import { FiltersBar, SearchBox } from './queue/FiltersBar.js';
import { shortcutsBlocked } from './queue/keys.js';
import { PAGE_SIZE, pageOf, ticketCountText } from './queue/query.js';
import { QueueRow } from './queue/QueueRow.js';
import { SavedViews } from './queue/SavedViews.js';
import { useMe, useMyEntities } from './session.js';
import { useLiveStatus } from './ticket/LiveStatus.js';
import { useResource } from './useResource.js';
import { summaryState } from './workspace/contract.js';

// Live events do the work; this slow poll only covers a stream that is down without noticing.
const FALLBACK_POLL_MS = 60_000;
// Several events in a burst (a poll ingesting many messages) make one refetch.
const LIVE_DEBOUNCE_MS = 300;

/** The queue's filter and position, kept by the app so they survive opening a ticket and coming back (Esc), for the same user. */
export interface QueueMemory {
  userId: number | undefined;
  filter: TicketFilter;
  focused: number;
  filtersOpen?: boolean;
}

type Inbox = 'all' | 'mine' | 'unassigned' | 'toCheck' | 'snoozed';
const INBOXES: readonly Inbox[] = ['all', 'mine', 'unassigned', 'toCheck', 'snoozed'];

function inboxOf(filter: TicketFilter): Inbox {
  if (filter.snoozed) return 'snoozed';
  if (filter.toCheck) return 'toCheck';
  if (filter.mine) return 'mine';
  if (filter.unassigned) return 'unassigned';
  return 'all';
}

function withInbox(filter: TicketFilter, inbox: Inbox): TicketFilter {
  const rest = { ...filter };
  delete rest.snoozed;
  delete rest.mine;
  delete rest.unassigned;
  delete rest.toCheck;
  delete rest.assignee;
  if (inbox === 'all') return rest;
  return { ...rest, [inbox]: true };
}

/** Filters of the "more filters" panel in use: its toggle says how many. */
function activeFilters(filter: TicketFilter): number {
  return (['entity', 'platform', 'category', 'status', 'assignee', 'tag', 'overdue'] as const).filter((key) => filter[key]).length;
}

export interface QueueProps {
  memory: QueueMemory;
  onOpen: (id: number) => void;
  /** The ticket open beside the list, if any: its row is marked. */
  openId?: number | null;
  /** When tickets were read in this session (id → ms): they are no longer shown unread. */
  readAt?: ReadonlyMap<number, number>;
  /** Receives the ids in the list's order, for close-and-next. */
  itemsRef?: MutableRefObject<number[]>;
}

/**
 * The conversation list: search, the inbox choice (all, mine, unassigned, snoozed), more filters and
 * saved views on demand, bulk actions on a selection, and dense two-line rows. j/k move, Enter opens,
 * x selects, / searches. Live events keep it current.
 */
export function Queue({ memory, onOpen, openId = null, readAt, itemsRef }: QueueProps) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const lang = t.admin.lang;
  if (memory.userId !== me.id) Object.assign(memory, { userId: me.id, filter: {}, focused: 0, filtersOpen: false });
  const [filter, setFilter] = useState<TicketFilter>(memory.filter);
  const [search, setSearch] = useState(memory.filter.q ?? '');
  const [filtersOpen, setFiltersOpen] = useState(memory.filtersOpen ?? false);
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
    const timer = setTimeout(() => setFilter((current) => ((current.q ?? '') === search.trim() ? current : { ...current, q: search.trim() || undefined })), 250);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    Object.assign(memory, { filter, focused, filtersOpen });
  }, [memory, filter, focused, filtersOpen]);

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
  const tickets: TicketSummary[] | null = page.data?.items ?? null;
  // How many tickets wait for a person to check their category (the "to check" view's count).
  const toCheck = useResource(() => api.toCheckCount(), []);
  const total = page.data?.total ?? 0;
  const reload = page.reload;

  useEffect(() => {
    if (itemsRef) itemsRef.current = tickets?.map((ticket) => ticket.id) ?? [];
  }, [itemsRef, tickets]);

  useEffect(() => {
    const timer = setInterval(() => {
      void reload();
      void toCheck.reload();
    }, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [reload, toCheck.reload]);

  const liveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents(['tickets'], () => {
    clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(() => {
      liveLoad.current = true;
      void reload();
      void toCheck.reload();
    }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => clearTimeout(liveTimer.current), []);

  // SLA clocks and relative times move on between refetches.
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

  // The ticket opened beside the list (a click, close-and-next, a deep link) becomes the list's position.
  const syncedOpen = useRef<number | null>(null);
  useEffect(() => {
    if (openId === null || !tickets || syncedOpen.current === openId) return;
    const index = tickets.findIndex((ticket) => ticket.id === openId);
    if (index >= 0) {
      setFocused(index);
      // a deep link or close-and-next may open a row below the fold: bring it into view
      rows.current[index]?.scrollIntoView?.({ block: 'nearest' });
    }
    syncedOpen.current = openId;
  }, [openId, tickets]);

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
  const inbox = inboxOf(filter);
  const active = activeFilters(filter);
  const inboxWords: Record<Inbox, string> = {
    all: t.work.quickAll,
    mine: t.work.quickMine,
    unassigned: t.work.quickUnassigned,
    toCheck: t.work.quickToCheck,
    snoozed: t.work.quickSnoozed,
  };

  const isRead = (ticket: TicketSummary): boolean => {
    const at = readAt?.get(ticket.id);
    if (at === undefined) return false;
    const last = summaryState(ticket).lastInboundAt;
    return last === null || new Date(last).getTime() <= at;
  };

  return (
    <section aria-labelledby="queue-title" className="queue-page">
      <div className="queue-head">
        <h1 id="queue-title">
          {t.queue} <span className="count">{ticketCountText(lang, total, page.data?.totalCapped ?? false, t.work.ticketCount, page.data?.totalEstimated ?? false)}</span>
        </h1>
        <SearchBox search={search} onSearch={setSearch} searchBox={searchBox} />
        <button type="button" className="secondary filters-toggle" aria-expanded={filtersOpen} aria-controls="queue-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
          {t.work.moreFilters}
          {active > 0 && <span className="badge"> {plural(lang, active, t.work.filtersActive)}</span>}
        </button>
      </div>
      <div className="quick">
        <input
          type="checkbox"
          className="select-all"
          aria-label={t.work.selectAll}
          checked={allSelected}
          disabled={count === 0}
          onChange={() => setSelection(allSelected ? new Set() : new Set((tickets ?? []).map((ticket) => ticket.id)))}
        />
        <div className="inboxes" role="group" aria-label={t.work.quickFilters}>
          {INBOXES.map((choice) => (
            <button key={choice} type="button" className="inbox" aria-pressed={inbox === choice} onClick={() => applyFilter(withInbox(filter, choice))} data-inbox={choice}>
              {inboxWords[choice]}
              {choice === 'toCheck' && toCheck.data !== undefined && (
                <span className="count" data-testid="to-check-count">
                  {' '}
                  {toCheck.data}
                </span>
              )}
            </button>
          ))}
        </div>
      </div>
      {filtersOpen && (
        <div id="queue-filters" className="queue-filters">
          <FiltersBar filter={filter} onChange={applyFilter} entities={entities} tags={tags.data?.items.map((item) => item.tag) ?? []} assignees={assignees} />
          <SavedViews views={views.data?.items ?? []} filter={filter} onApply={applyFilter} onChanged={views.reload} announce={announce} />
        </div>
      )}
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
      <div className="queue-scroll">
        {region}
        {page.error && (
          <p role="alert" className="error">
            {page.error}
          </p>
        )}
        {tickets === null ? (
          <p className="loading">{t.loading}</p>
        ) : tickets.length === 0 ? (
          <p className="empty">{t.noTickets}</p>
        ) : (
          <table className="queue" aria-labelledby="queue-title">
            <colgroup>
              <col className="col-pick" />
              <col />
            </colgroup>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">{t.work.select}</th>
                <th scope="col">{t.work.conversations}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket, index) => (
                <QueueRow
                  key={ticket.id}
                  ticket={ticket}
                  now={now}
                  read={isRead(ticket)}
                  focused={index === focused}
                  open={ticket.id === openId}
                  picked={selection.has(ticket.id)}
                  onPick={() => toggle(ticket.id)}
                  onFocus={() => setFocused(index)}
                  onOpen={() => {
                    setFocused(index);
                    onOpen(ticket.id);
                  }}
                  rowRef={(row) => {
                    rows.current[index] = row;
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
        {tickets && total > PAGE_SIZE && (
          <Pager
            offset={offset}
            shown={tickets.length}
            total={total}
            onGo={(next) => {
              setPaging({ filter, offset: next });
              setFocused(0);
            }}
          />
        )}
      </div>
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
