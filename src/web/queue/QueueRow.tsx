import type { TicketSummary } from '../api/index.js';
import { useT } from '../dictionary.js';
import { fill, label } from '../i18n.js';
import { useMe } from '../session.js';
import { Avatar } from '../workspace/Avatar.js';
import { contactNames } from '../workspace/words.js';
import { isSnoozed, summaryState } from '../workspace/contract.js';
import { PlatformBadge } from '../workspace/PlatformBadge.js';
import { exactTime, shortMoment } from '../workspace/time.js';
import { When } from '../workspace/When.js';
import { SlaClock } from './SlaClock.js';

/**
 * One conversation in the list, two calm lines: who (initials, name, platform, number; the handle on hover) and
 * when; then the category, the start of the latest message, and what needs attention (snoozed, the
 * SLA clock, who has it). Unread conversations are bold with a dot. The whole row is one link.
 */
export function QueueRow({
  ticket,
  now,
  read,
  focused,
  open,
  picked,
  onPick,
  onFocus,
  onOpen,
  rowRef,
}: {
  ticket: TicketSummary;
  now: number;
  /** Read for me in this session (after the list was loaded): not bold any more. */
  read: boolean;
  focused: boolean;
  open: boolean;
  picked: boolean;
  onPick: () => void;
  onFocus: () => void;
  onOpen: () => void;
  rowRef: (row: HTMLTableRowElement | null) => void;
}) {
  const t = useT();
  const me = useMe();
  const lang = t.admin.lang;
  const state = summaryState(ticket);
  const unread = state.unread && !read;
  const snoozed = isSnoozed(state, now);
  const { name, handle } = contactNames(ticket.contact, t.work.fromCitizen);
  const when = state.lastInboundAt ?? ticket.createdAt;
  const quiet = ticket.status === 'new' || ticket.status === 'open';
  const classes = ['row', focused ? 'selected' : '', open ? 'open' : '', picked ? 'picked' : '', unread ? 'unread' : ''].filter(Boolean).join(' ');

  return (
    <tr ref={rowRef} className={classes} aria-current={open ? 'true' : undefined} data-ticket-id={ticket.id} data-unread={unread || undefined} onClick={onFocus}>
      <td className="pick">
        <input type="checkbox" aria-label={fill(t.work.selectTicket, { number: ticket.number })} checked={picked} onChange={onPick} />
      </td>
      <td className="conv">
        <a
          href={`/tickets/${ticket.id}`}
          className="row-link"
          onClick={(event) => {
            event.preventDefault();
            onOpen();
          }}
        >
          <Avatar name={name} />
          <span className="row-top">
            {unread && (
              <span className="unread-dot" data-testid="unread">
                <span className="visually-hidden">{t.work.unread}: </span>
              </span>
            )}
            <span className="who" title={handle ?? undefined}>
              {name}
              {/* the handle on hover and for screen readers: the name is what a busy list needs */}
              {handle && <span className="visually-hidden"> {handle}</span>}
            </span>
            <PlatformBadge platform={ticket.platform} />
            <span className="number">#{ticket.number}</span>
            <span className="row-time">
              <When iso={when} now={now} label={(exact) => fill(state.lastInboundAt ? t.work.lastMessageAt : t.work.createdAt, { when: exact })} />
            </span>
          </span>
          <span className="row-bottom">
            <span className={`tag cat-${ticket.category}`}>{label(t.categories, ticket.category)}</span>
            {!quiet && <span className={`tag status-${ticket.status}`}>{label(t.statuses, ticket.status)}</span>}
            {ticket.toCheck && (
              <span className="to-check-mark" data-testid="to-check-mark">
                {t.work.toCheck}
              </span>
            )}
            <span className="preview">{ticket.preview || t.work.noPreview}</span>
            {snoozed && (
              <span className="snoozed-mark" title={state.snoozedUntil ? exactTime(state.snoozedUntil, lang) : undefined} data-testid="snoozed-mark">
                {state.snoozedUntil && new Date(state.snoozedUntil).getTime() > now ? fill(t.work.snoozedUntil, { when: shortMoment(new Date(state.snoozedUntil), lang) }) : t.work.snoozedShort}
              </span>
            )}
            <SlaClock sla={ticket.sla} now={now} />
            {ticket.assignee && (
              <span className="assignee-mark" title={`${t.work.assignee}: ${ticket.assignee.name}`}>
                <Avatar name={ticket.assignee.name} size="small" />
                <span className="visually-hidden">
                  {t.work.assignee}: {ticket.assignee.id === me.id ? `${ticket.assignee.name} (${t.work.you})` : ticket.assignee.name}
                </span>
              </span>
            )}
          </span>
        </a>
      </td>
    </tr>
  );
}
