import type { Ticket } from '../api/index.js';
import { usePlatforms } from '../platforms.js';
import { useT } from '../dictionary.js';
import { age, label } from '../i18n.js';
import { openTicket } from './navigate.js';

/** Who wrote, and what else they asked this entity (newest first), each a link. */
export function OtherTickets({ ticket, onMerge }: { ticket: Ticket; onMerge: () => void }) {
  const { platformName } = usePlatforms();
  const t = useT();
  const { contact, otherTickets } = ticket;
  return (
    <section className="contact card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t.work.contact}</h2>
      <p className="contact-line">
        {contact.name && contact.name !== contact.handle && <span className="name-strong">{contact.name} </span>}
        {contact.handle && <span className="handle">@{contact.handle}</span>}
        <span className="muted"> · {platformName(contact.platform)}</span>
      </p>
      <h3 id="other-title">{t.work.otherTickets}</h3>
      {otherTickets.length === 0 ? (
        <p className="muted">{t.work.noOtherTickets}</p>
      ) : (
        <ul className="other-tickets" aria-labelledby="other-title" data-testid="other-tickets">
          {otherTickets.map((other) => (
            <li key={other.id}>
              <a
                href={`/tickets/${other.id}`}
                onClick={(event) => {
                  event.preventDefault();
                  openTicket(other.id);
                }}
              >
                #{other.number} {other.preview || '—'}
              </a>
              <span className="muted">
                {' '}
                · {label(t.categories, other.category)} · {label(t.statuses, other.status)} · {age(t, other.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {otherTickets.length > 0 && ticket.mergedInto === null && (
        <button type="button" className="secondary" onClick={onMerge}>
          {t.work.merge}…
        </button>
      )}
    </section>
  );
}
