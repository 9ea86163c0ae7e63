import { useState } from 'react';
import { useApi, type Assignee, type BulkAction } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill, label } from '../i18n.js';
import { plural } from '../plural.js';
import { useMe } from '../session.js';
import { useAnnouncedAction, type Announce } from '../ticket/LiveStatus.js';

/**
 * Assign, tag or close the selected tickets in one request; the API says which ones it skipped and why.
 * "Assign to" offers the colleagues of every selected ticket's entity (GET /api/assignees).
 */
export function BulkBar({
  ids,
  entities,
  assignees,
  onDone,
  onClear,
  announce,
}: {
  ids: number[];
  /** The entities of the selected tickets. */
  entities: string[];
  assignees: Assignee[];
  onDone: () => void;
  onClear: () => void;
  announce: Announce;
}) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const [assigneeId, setAssigneeId] = useState('');
  const [tag, setTag] = useState('');
  const { busy, run: announced } = useAnnouncedAction(announce);
  const candidates = assignees.filter((person) => entities.every((entity) => person.entities.includes(entity)));

  const run = (action: BulkAction) =>
    announced(async () => {
      const result = await api.bulk(ids, action);
      const skipped = result.skipped.map((item) => `#${item.id} (${label(t.work.skipReasons, item.reason)})`).join(', ');
      announce(`${plural(t.admin.lang, result.updated.length, t.work.bulkDone)}${skipped ? ` ${fill(t.work.bulkSkipped, { list: skipped })}` : ''}`, result.skipped.length > 0);
      onDone();
    });

  return (
    <div className="bulkbar" role="region" aria-label={t.work.bulkActions} data-testid="bulkbar">
      <strong>{fill(t.work.selected, { count: ids.length })}</strong>
      <button type="button" disabled={busy} onClick={() => void run({ type: 'assign', assigneeId: me.id })}>
        {t.work.assignToMe}
      </button>
      {candidates.length > 0 && (
        <span className="group">
          <label className="inline">
            <span>{t.work.assignTo}</span>
            <select name="bulkAssignee" value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
              <option value="">—</option>
              {candidates.map((person) => (
                <option key={person.id} value={String(person.id)}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" disabled={busy || !candidates.some((person) => String(person.id) === assigneeId)} onClick={() => void run({ type: 'assign', assigneeId: Number(assigneeId) })}>
            {t.work.assign}
          </button>
        </span>
      )}
      <button type="button" className="secondary" disabled={busy} onClick={() => void run({ type: 'assign', assigneeId: null })}>
        {t.work.unassign}
      </button>
      <span className="group">
        <label className="inline">
          <span>{t.work.newTag}</span>
          <input type="text" name="bulkTag" maxLength={40} value={tag} onChange={(event) => setTag(event.target.value)} />
        </label>
        <button
          type="button"
          className="secondary"
          disabled={busy || !tag.trim()}
          onClick={() => {
            void run({ type: 'tag', tags: [tag.trim()] });
            setTag('');
          }}
        >
          {t.work.addTag}
        </button>
      </span>
      <button type="button" disabled={busy} onClick={() => void run({ type: 'close' })}>
        {t.work.closeTickets}
      </button>
      <button type="button" className="link" onClick={onClear}>
        {t.work.clearSelection}
      </button>
    </div>
  );
}
