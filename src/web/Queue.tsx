import { useCallback, useEffect, useRef, useState } from 'react';
import { api, CATEGORIES, STATUSES, type TicketSummary } from './api.js';
import { isTyping } from './App.js';
import { age, label, type Dictionary } from './i18n.js';

const POLL_MS = 5000;

export function Queue({ t, onOpen }: { t: Dictionary; onOpen: (id: number) => void }) {
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const searchBox = useRef<HTMLInputElement>(null);
  const rows = useRef<Array<HTMLTableRowElement | null>>([]);

  // The search box waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const load = useCallback(async () => {
    try {
      const page = await api.tickets({ category, status, q });
      setTickets(page.items);
      setTotal(page.total);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, [category, status, q]);

  // Live-ish: poll every 5 s (server-sent events come later).
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => setSelected(0), [category, status, q]);

  const count = tickets?.length ?? 0;
  useEffect(() => {
    if (selected >= count && count > 0) setSelected(count - 1);
  }, [count, selected]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target === searchBox.current) searchBox.current?.blur();
        return;
      }
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        setSelected((current) => {
          const next = Math.max(0, Math.min(count - 1, current + (event.key === 'j' ? 1 : -1)));
          rows.current[next]?.scrollIntoView({ block: 'nearest' });
          return next;
        });
      } else if (event.key === 'Enter' && tickets?.[selected]) {
        if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
        event.preventDefault();
        onOpen(tickets[selected].id);
      } else if (event.key === '/') {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, selected, tickets, onOpen]);

  return (
    <section aria-labelledby="queue-title">
      <div className="queue-head">
        <h1 id="queue-title">
          {t.queue} <span className="count">({total} {t.tickets})</span>
        </h1>
        <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
          <label>
            <span>{t.category}</span>
            <select name="category" value={category} onChange={(event) => setCategory(event.target.value)}>
              <option value="">{t.all}</option>
              {CATEGORIES.map((code) => (
                <option key={code} value={code}>
                  {t.categories[code]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t.status}</span>
            <select name="status" value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{t.all}</option>
              {STATUSES.map((code) => (
                <option key={code} value={code}>
                  {t.statuses[code]}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span>{t.search}</span>
            <input
              ref={searchBox}
              type="search"
              name="q"
              placeholder={t.searchPlaceholder}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </label>
        </form>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
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
              <th scope="col">#</th>
              <th scope="col">{t.platform}</th>
              <th scope="col">{t.author}</th>
              <th scope="col">{t.message}</th>
              <th scope="col">{t.category}</th>
              <th scope="col">{t.status}</th>
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
                className={index === selected ? 'selected' : undefined}
                aria-current={index === selected ? 'true' : undefined}
                data-ticket-id={ticket.id}
                onClick={() => setSelected(index)}
              >
                <td>{ticket.number}</td>
                <td>
                  <span className="platform">{ticket.platform}</span>
                </td>
                <td>
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
                </td>
                <td>
                  <span className={`tag cat-${ticket.category}`}>{label(t.categories, ticket.category)}</span>
                  {ticket.confidence !== null && <span className="confidence"> {Math.round(ticket.confidence * 100)}%</span>}
                </td>
                <td>
                  <span className={`tag status-${ticket.status}`}>{label(t.statuses, ticket.status)}</span>
                </td>
                <td>
                  <time dateTime={ticket.createdAt} title={new Date(ticket.createdAt).toLocaleString()}>
                    {age(t, ticket.createdAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
