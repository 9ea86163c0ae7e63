import type { OtherTicket, Ticket } from '../api/index.js';
import { useT } from '../dictionary.js';
import { label } from '../i18n.js';
import { Avatar } from '../workspace/Avatar.js';
import { PlatformBadge } from '../workspace/PlatformBadge.js';
import { useCan } from '../workspace/permissions.js';
import { When } from '../workspace/When.js';
import { contactNames } from '../workspace/words.js';
import { openPath, openTicket } from './navigate.js';
import { contactWords } from '../contacts/contact-words.js';

/** Who wrote, and every other conversation of the same person with this entity (newest first), each a link. */
export function OtherTickets({ ticket, onMerge }: { ticket: Ticket; onMerge: () => void }) {
  const t = useT();
  const can = useCan();
  const { contact, otherTickets } = ticket;
  const { name } = contactNames(contact, t.work.fromCitizen);
  return (
    <section className="contact card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t.work.contact}</h2>
      <div className="contact-line">
        <Avatar name={name} size="large" />
        <div>
          {contact.name && contact.name !== contact.handle && <div className="name-strong">{contact.name}</div>}
          {contact.handle && <div className="handle">@{contact.handle}</div>}
          <PlatformBadge platform={contact.platform} withName />
          <div>
            <a
              href={`/contacts/${encodeURIComponent(ticket.entity)}/${contact.id}`}
              onClick={(event) => {
                event.preventDefault();
                openPath(`/contacts/${encodeURIComponent(ticket.entity)}/${contact.id}`);
              }}
            >
              {contactWords(t.admin.lang).open}
            </a>
          </div>
        </div>
      </div>
      <h3 id="other-title">{t.work.contactTickets}</h3>
      {otherTickets.length === 0 ? (
        <p className="muted">{t.work.noOtherTickets}</p>
      ) : (
        <ul className="other-tickets" aria-labelledby="other-title" data-testid="other-tickets">
          {otherTickets.map((other) => {
            const platform = (other as OtherTicket & { platform?: unknown }).platform;
            return (
              <li key={other.id}>
                {typeof platform === 'string' && <PlatformBadge platform={platform} />}
                <a
                  href={`/tickets/${other.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    openTicket(other.id);
                  }}
                >
                  #{other.number} {other.preview || t.work.noPreview}
                </a>
                <span className="muted">
                  {' '}
                  · <span className={`cat-${other.category}`}>{label(t.categories, other.category)}</span> · {label(t.statuses, other.status)} · <When iso={other.createdAt} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {otherTickets.length > 0 && ticket.mergedInto === null && can('tickets.work') && (
        <button type="button" className="secondary" onClick={onMerge}>
          {t.work.merge}…
        </button>
      )}
    </section>
  );
}
