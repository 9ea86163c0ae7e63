import { useEffect, useState, type FormEvent } from 'react';
import { useApi, PRIORITIES, STATUSES, type Person, type Priority, type Status, type Ticket, type TicketPatch } from '../api/index.js';
import { useT } from '../dictionary.js';
import { label } from '../i18n.js';
import { useAssignees } from '../queue/assignees.js';
import { useAnnouncedAction, type Announce } from './LiveStatus.js';
import { useMe } from '../session.js';
import { useCan } from '../workspace/permissions.js';

/** The entity's colleagues from the API, plus me and whoever has the ticket now (even if no longer listed). */
function usePeople(ticket: Ticket): Person[] {
  const listed = useAssignees(ticket.entity);
  const me = useMe();
  const people = new Map<number, Person>();
  if (me.entities.includes(ticket.entity)) people.set(me.id, { id: me.id, name: me.name });
  if (ticket.assignee) people.set(ticket.assignee.id, ticket.assignee);
  for (const { id, name } of listed) people.set(id, { id, name });
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Status, priority and assignee, saved together with one button: a select changes its value on every
 * arrow key, so saving on change would send each step. Only what the user may change is offered
 * (status and priority: tickets.work; assignee: tickets.assign); closing and claiming are in the
 * conversation's toolbar.
 */
export function Properties({ ticket, onChanged, announce }: { ticket: Ticket; onChanged: (ticket: Ticket) => void; announce: Announce }) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const can = useCan();
  const work = can('tickets.work');
  const assign = can('tickets.assign');
  const people = usePeople(ticket);
  const { busy, run } = useAnnouncedAction(announce);
  const saved = { status: ticket.status, priority: ticket.priority as Priority, assignee: ticket.assignee ? String(ticket.assignee.id) : '' };
  const [draft, setDraft] = useState(saved);
  // What someone else saved (a live refetch) replaces the form's values.
  useEffect(
    () => setDraft({ status: ticket.status, priority: ticket.priority as Priority, assignee: ticket.assignee ? String(ticket.assignee.id) : '' }),
    [ticket.id, ticket.status, ticket.priority, ticket.assignee?.id],
  );

  const save = (patch: TicketPatch, done = t.work.saved) =>
    run(async () => {
      onChanged(await api.updateTicket(ticket.id, patch));
      announce(done);
    });

  const changes: TicketPatch = {
    ...(draft.status !== saved.status ? { status: draft.status } : {}),
    ...(draft.priority !== saved.priority ? { priority: draft.priority } : {}),
    ...(draft.assignee !== saved.assignee ? { assigneeId: draft.assignee ? Number(draft.assignee) : null } : {}),
  };
  const changed = Object.keys(changes).length > 0;
  if (!work && !assign) return null;

  return (
    <form
      className="properties card"
      aria-labelledby="properties-title"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (changed) void save(changes);
      }}
    >
      <h2 id="properties-title">{t.work.properties}</h2>
      {work && (
        <>
          <label>
            <span>{t.status}</span>
            <select name="status" value={draft.status} onChange={(event) => setDraft({ ...draft, status: event.target.value as Status })}>
              {STATUSES.map((code) => (
                <option key={code} value={code}>
                  {t.statuses[code]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t.priority}</span>
            <select name="priority" value={draft.priority} onChange={(event) => setDraft({ ...draft, priority: event.target.value as Priority })}>
              {PRIORITIES.map((code) => (
                <option key={code} value={code}>
                  {label(t.priorities, code)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {assign && (
        <label>
          <span>{t.work.assignee}</span>
          <select name="assignee" value={draft.assignee} onChange={(event) => setDraft({ ...draft, assignee: event.target.value })}>
            <option value="">{t.work.nobody}</option>
            {people.map((person) => (
              <option key={person.id} value={String(person.id)}>
                {person.id === me.id ? `${person.name} (${t.work.you})` : person.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="buttons">
        <button type="submit" disabled={busy || !changed}>
          {t.work.save}
        </button>
      </div>
    </form>
  );
}
