import { useEffect, useState } from 'react';
import { api, call, currentUser, PRIORITIES, STATUSES, type Person, type Priority, type Status, type Ticket, type TicketPatch } from '../api.js';
import { label, type Dictionary } from '../i18n.js';
import type { Announce } from './LiveStatus.js';

interface ListedUser {
  id: number;
  name: string;
  entities?: string[];
  disabled?: boolean;
}

/**
 * Who a ticket can be given to. Agents cannot list users (users.manage), so for them the choice is
 * themselves and whoever has it now; an admin gets every active user of the ticket's entity.
 */
function useAssignees(ticket: Ticket): Person[] {
  const [listed, setListed] = useState<Person[]>([]);
  const me = currentUser();
  useEffect(() => {
    if (me?.role !== 'admin') return;
    let current = true;
    call<{ items: ListedUser[] }>('GET', '/api/users').then(
      (result) => {
        if (!current) return;
        setListed(result.items.filter((user) => !user.disabled && (user.entities ?? [ticket.entity]).includes(ticket.entity)).map(({ id, name }) => ({ id, name })));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [me?.role, ticket.entity]);
  const people = new Map<number, Person>();
  if (me) people.set(me.id, { id: me.id, name: me.name });
  if (ticket.assignee) people.set(ticket.assignee.id, ticket.assignee);
  for (const person of listed) people.set(person.id, person);
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Status, priority and assignee, each saved as soon as it is changed. */
export function Properties({ t, ticket, onChanged, announce }: { t: Dictionary; ticket: Ticket; onChanged: (ticket: Ticket) => void; announce: Announce }) {
  const me = currentUser();
  const people = useAssignees(ticket);
  const [busy, setBusy] = useState(false);

  const save = async (patch: TicketPatch, done = t.work.saved) => {
    setBusy(true);
    try {
      onChanged(await api.updateTicket(ticket.id, patch));
      announce(done);
    } catch (caught) {
      announce(caught instanceof Error ? caught.message : String(caught), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="properties card" aria-labelledby="properties-title">
      <h2 id="properties-title">{t.work.properties}</h2>
      <label>
        <span>{t.status}</span>
        <select name="status" value={ticket.status} disabled={busy} onChange={(event) => void save({ status: event.target.value as Status })}>
          {STATUSES.map((code) => (
            <option key={code} value={code}>
              {t.statuses[code]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.priority}</span>
        <select name="priority" value={ticket.priority} disabled={busy} onChange={(event) => void save({ priority: event.target.value as Priority })}>
          {PRIORITIES.map((code) => (
            <option key={code} value={code}>
              {label(t.priorities, code)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.work.assignee}</span>
        <select
          name="assignee"
          value={ticket.assignee ? String(ticket.assignee.id) : ''}
          disabled={busy}
          onChange={(event) => void save({ assigneeId: event.target.value ? Number(event.target.value) : null })}
        >
          <option value="">{t.work.nobody}</option>
          {people.map((person) => (
            <option key={person.id} value={String(person.id)}>
              {person.id === me?.id ? `${person.name} (${t.work.you})` : person.name}
            </option>
          ))}
        </select>
      </label>
      <div className="buttons">
        {me && ticket.assignee?.id !== me.id && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void save({ assigneeId: me.id })}>
            {t.work.assignToMe}
          </button>
        )}
        {ticket.status !== 'closed' && (
          <button type="button" disabled={busy} onClick={() => void save({ status: 'closed' }, t.work.closed)}>
            {t.work.closeTicket}
          </button>
        )}
      </div>
    </section>
  );
}
