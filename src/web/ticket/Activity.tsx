import type { Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill, label, type Dictionary } from '../i18n.js';
import { When } from '../workspace/When.js';
import { actorWord } from '../workspace/words.js';

/** What happened to the ticket, newest first: who changed status, priority, assignee, category, tags; notes and replies. */
export function Activity({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const entries = [...(ticket.activity ?? [])].reverse();
  return (
    <section aria-labelledby="activity-title" className="card">
      <details>
        <summary>
          <h2 id="activity-title" className="inline-heading">
            {t.work.activity} ({entries.length})
          </h2>
        </summary>
        {entries.length === 0 ? (
          <p>{t.work.noActivity}</p>
        ) : (
          <ol className="activity" data-testid="activity">
            {entries.map((entry, index) => (
              <li key={index}>
                <When iso={entry.at} /> <strong>{actorWord(t, entry.actor)}</strong> {describe(t, entry)}
                {entry.reason && <div className="muted">{t.work.activityReasons[entry.reason] ?? entry.reason}</div>}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}

type Entry = NonNullable<Ticket['activity']>[number];

function describe(t: Dictionary, entry: Entry): string {
  const what = t.work.activityActions[entry.action] ?? t.work.activityOther;
  const value = (code: string | null): string => {
    if (code === null) return t.work.nobody;
    if (entry.action === 'ticket.status_changed') return label(t.statuses, code);
    if (entry.action === 'ticket.priority_changed') return label(t.priorities, code);
    if (entry.action === 'ticket.retagged') return label(t.categories, code);
    return code;
  };
  if (entry.action === 'ticket.tagged') {
    return [what, ...entry.added.map((tag) => `+${tag}`), ...entry.removed.map((tag) => `−${tag}`)].join(' ');
  }
  if (entry.from !== null || entry.to !== null) return fill(t.work.activityChange, { what, from: value(entry.from), to: value(entry.to) });
  return what;
}
