import type { Note, Ticket, TicketMessage } from '../api/index.js';
import { usePlatforms } from '../platforms.js';
import { useT } from '../dictionary.js';
import { fill, label } from '../i18n.js';
import { Avatar } from '../workspace/Avatar.js';
import { messageDetails, type MessageAttachment } from '../workspace/contract.js';
import { deliveryErrorKind } from '../workspace/delivery.js';
import { exactTime } from '../workspace/time.js';
import { When } from '../workspace/When.js';
import { attachmentWord, contactNames, kindWord } from '../workspace/words.js';
import { DraftCard } from './DraftCard.js';
import { safeHttpUrl } from './links.js';
import { timeline } from './timeline.js';
import { otherSenders, ourSideLabel, type ReferralStep } from './attribution.js';
import { referralWords } from '../referrals/referral-words.js';
import type { Announce } from './LiveStatus.js';
import { UncertainReply } from './UncertainReply.js';
import { ModerationControls, useTicketModeration } from './Moderation.js';
import type { MessageModeration } from '../api/index.js';

/** What an uncertain reply's or a draft's decision needs: the ticket, a reload once decided, the live region, and whether I may decide. */
interface Decide {
  ticketId: number;
  onDecided: () => Promise<void>;
  announce: Announce;
  /** May approve or discard drafts (tickets.reply or cases.act). */
  drafts: boolean;
  /** May decide uncertain replies (tickets.reply). */
  replies: boolean;
}

const IMAGE_TYPES = new Set(['image', 'photo', 'sticker', 'animated_gif', 'gif']);

/** ★★★★☆ with "4 van 5 sterren" for screen readers. */
function Stars({ rating }: { rating: number }) {
  const t = useT();
  const text = fill(t.work.stars, { count: rating });
  return (
    <p className="stars" role="img" aria-label={text} title={text} data-testid="rating">
      <span aria-hidden="true">
        {'★'.repeat(rating)}
        <span className="stars-off">{'☆'.repeat(5 - rating)}</span>
      </span>
    </p>
  );
}

/** Images as thumbnails through the API (the channel's credentials; cached by the server), documents and video as links. */
function Attachments({ attachments, author }: { attachments: MessageAttachment[]; author: string }) {
  const t = useT();
  const counts = new Map<string, number>();
  const items = attachments.map((attachment, index) => {
    const type = attachment.type || 'file';
    const number = (counts.get(type) ?? 0) + 1;
    counts.set(type, number);
    // the API's own path first; a server without it still gives the platform's address
    const href = typeof attachment.href === 'string' && attachment.href.startsWith('/api/') ? attachment.href : safeHttpUrl(attachment.url);
    const image = IMAGE_TYPES.has(type) || (attachment.mimeType?.startsWith('image/') ?? false);
    return { key: `${index}`, number, href, image, word: attachmentWord(t, type, attachment.mimeType), filename: attachment.filename };
  });
  if (items.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t.work.attachments}>
      {items.map(({ key, number, href, image, word, filename }) =>
        !href ? (
          <li key={key} className="muted">
            {fill(t.work.attachmentUnavailable, { type: word, number })}
          </li>
        ) : image && href.startsWith('/api/') ? (
          <li key={key} className="attachment-image">
            <a href={href} target="_blank" rel="noopener noreferrer">
              <img src={href} alt={fill(t.work.imageAlt, { type: word, number, author })} loading="lazy" />
              <span className="visually-hidden"> {t.work.opensNewWindow}</span>
            </a>
          </li>
        ) : (
          <li key={key}>
            <a href={href} target="_blank" rel="noopener noreferrer" className="attachment-link">
              {word} {number}
              {filename && <>: {filename}</>}
              <span className="visually-hidden"> {t.work.opensNewWindow}</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

function MessageItem({
  message,
  ticket,
  platform,
  decide,
  moderation,
  sender,
}: {
  message: TicketMessage;
  ticket: Ticket;
  platform: string;
  decide: Decide | undefined;
  moderation?: { item: MessageModeration; reload: () => Promise<void> } | undefined;
  /** The entity that sent this message before the ticket was referred here; undefined when it is ours. */
  sender?: { name: string } | undefined;
}) {
  const t = useT();
  const details = messageDetails(message);
  const permalink = safeHttpUrl(message.permalink);
  const inbound = message.direction === 'inbound';
  const author = contactNames(ticket.contact, t.work.fromCitizen).name;
  const words = referralWords(t.admin.lang);
  const system = details.sentBy === 'system';
  const who = inbound ? t.work.fromCitizen : ourSideLabel(sender, system, words, t.work);
  const delivery = message.deliveryStatus;
  return (
    <li className={`message ${message.direction}${details.sentBy === 'system' ? ' system' : ''}`} data-message-id={message.id}>
      <div className="meta">
        {inbound && <Avatar name={author} size="small" />}
        <strong>{inbound ? author : who}</strong>
        {' · '}
        {/* ours: how it went out (public or private); the citizen's: what kind of message it is */}
        {!inbound && message.visibility ? label(t.visibilities, message.visibility) : kindWord(t, message.kind)}
        {' · '}
        <When iso={message.sentAt} />
        {!inbound && delivery && (
          <>
            {' · '}
            <span className={`delivery delivery-${delivery}`} data-testid="delivery">
              {delivery === 'draft' ? t.work.deliveryDraft : label(t.delivery, delivery)}
            </span>
          </>
        )}
        {details.editedAt && (
          <>
            {' · '}
            <span className="marker" title={fill(t.work.editedAt, { when: exactTime(details.editedAt, t.admin.lang) })} data-testid="edited">
              {t.work.edited}
            </span>
          </>
        )}
        {details.deletedAt && (
          <>
            {' · '}
            <span className="marker marker-deleted" title={fill(t.work.deletedAt, { when: exactTime(details.deletedAt, t.admin.lang) })} data-testid="deleted">
              {fill(t.work.deleted, { platform })}
            </span>
          </>
        )}
        {permalink && (
          <>
            {' · '}
            <a href={permalink} target="_blank" rel="noopener noreferrer" className="permalink">
              {fill(t.work.viewOnPlatform, { platform })}
              <span className="visually-hidden"> {t.work.opensNewWindow}</span>
            </a>
          </>
        )}
      </div>
      {details.rating !== null && <Stars rating={details.rating} />}
      {/* Social content is text: React escapes it; never render it as HTML. */}
      {message.text ? <p className="text">{message.text}</p> : details.rating !== null ? <p className="text muted">{t.work.ratingOnly}</p> : <p className="text muted">{t.work.noPreview}</p>}
      <Attachments attachments={details.attachments} author={author} />
      {message.deliveryError && delivery !== 'sent' && (
        <div className="delivery-error">
          {delivery !== 'uncertain' && <p className="error">{fill(t.work.deliveryFailedReason, { reason: t.work.deliveryErrors[deliveryErrorKind(message.deliveryError)] ?? t.work.deliveryErrors.unknown! })}</p>}
          <details>
            <summary>{t.work.technicalDetails}</summary>
            <code lang="en">{message.deliveryError}</code>
          </details>
        </div>
      )}
      {!inbound && delivery === 'uncertain' && decide?.replies && (
        <UncertainReply ticketId={decide.ticketId} message={message} platform={platform} onDecided={decide.onDecided} announce={decide.announce} />
      )}
      {moderation && (
        <ModerationControls
          ticketId={ticket.id}
          item={moderation.item}
          platform={platform}
          canAct={decide?.replies === true}
          announce={decide?.announce ?? (() => undefined)}
          onChanged={moderation.reload}
        />
      )}
    </li>
  );
}

function NoteItem({ note }: { note: Note }) {
  const t = useT();
  return (
    <li className="message note" data-note-id={note.id}>
      <div className="meta">
        <strong className="note-label">{t.work.internalNote}</strong>
        {' · '}
        {note.author.name}
        {' · '}
        <When iso={note.createdAt} />
      </div>
      <p className="text">{note.text}</p>
    </li>
  );
}

export function Thread({ ticket, decide, referrals = [] }: { ticket: Ticket; decide?: Decide; referrals?: readonly ReferralStep[] }) {
  const { platformName } = usePlatforms();
  const senders = otherSenders(ticket.messages, referrals, ticket.entity);
  const platform = platformName(ticket.platform);
  const moderation = useTicketModeration(ticket);
  const moderationOf = (id: number) => {
    const item = moderation.byMessage.get(id);
    return item ? { item, reload: moderation.reload } : undefined;
  };
  return (
    <ol className="thread" data-testid="thread">
      {timeline(ticket).map((entry) =>
        entry.kind === 'note' ? (
          <NoteItem key={`n${entry.note.id}`} note={entry.note} />
        ) : messageDetails(entry.message).isDraft ? (
          <DraftCard key={`d${entry.message.id}`} message={entry.message} ticketId={ticket.id} platform={platform} decide={decide?.drafts ? decide : undefined} />
        ) : (
          <MessageItem key={`m${entry.message.id}`} message={entry.message} ticket={ticket} platform={platform} decide={decide} moderation={moderationOf(entry.message.id)} sender={senders.get(entry.message.id)} />
        ),
      )}
    </ol>
  );
}
