import type { Note, Ticket, TicketMessage } from '../api/index.js';
import { usePlatforms } from '../platforms.js';
import { useT } from '../dictionary.js';
import { age, fill, label } from '../i18n.js';
import { attachmentLinks, safeHttpUrl } from './links.js';
import { timeline } from './timeline.js';
import type { Announce } from './LiveStatus.js';
import { UncertainReply } from './UncertainReply.js';


function When({ iso }: { iso: string }) {
  const t = useT();
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {age(t, iso)}
    </time>
  );
}

/** What an uncertain reply's decision needs: the ticket, a reload once decided, and the live region. */
interface Decide {
  ticketId: number;
  onDecided: () => Promise<void>;
  announce: Announce;
}

function MessageItem({ message, platform, decide }: { message: TicketMessage; platform: string; decide: Decide | undefined }) {
  const t = useT();
  const permalink = safeHttpUrl(message.permalink);
  const attachments = attachmentLinks(message.attachments);
  return (
    <li className={`message ${message.direction}`} data-message-id={message.id}>
      <div className="meta">
        <strong>{message.direction === 'inbound' ? t.inbound : t.outbound}</strong>
        {' · '}
        {message.kind}
        {message.direction === 'outbound' && message.visibility && <> · {label(t.visibilities, message.visibility)}</>}
        {' · '}
        <When iso={message.sentAt} />
        {message.direction === 'outbound' && message.deliveryStatus && (
          <>
            {' · '}
            <span className={`delivery delivery-${message.deliveryStatus}`} data-testid="delivery">
              {label(t.delivery, message.deliveryStatus)}
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
      {/* Social content is text: React escapes it; never render it as HTML. */}
      <p className="text">{message.text}</p>
      {attachments.length > 0 && (
        <ul className="attachments" aria-label={t.work.attachments}>
          {attachments.map((attachment) => (
            <li key={attachment.href}>
              <a href={attachment.href} target="_blank" rel="noopener noreferrer">
                {label(t.work.attachmentTypes, attachment.type)} {attachment.number}
                <span className="visually-hidden"> {t.work.opensNewWindow}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {message.deliveryError && <p className="error">{fill(t.work.deliveryFailedReason, { reason: message.deliveryError })}</p>}
      {message.direction === 'outbound' && message.deliveryStatus === 'uncertain' && decide && (
        <UncertainReply ticketId={decide.ticketId} message={message} platform={platform} onDecided={decide.onDecided} announce={decide.announce} />
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

export function Thread({ ticket, onChanged, announce }: { ticket: Ticket; onChanged?: () => Promise<void>; announce?: Announce }) {
  const { platformName } = usePlatforms();
  const decide = onChanged && announce ? { ticketId: ticket.id, onDecided: onChanged, announce } : undefined;
  return (
    <ol className="thread" data-testid="thread">
      {timeline(ticket).map((entry) =>
        entry.kind === 'message' ? (
          <MessageItem key={`m${entry.message.id}`} message={entry.message} platform={platformName(ticket.platform)} decide={decide} />
        ) : (
          <NoteItem key={`n${entry.note.id}`} note={entry.note} />
        ),
      )}
    </ol>
  );
}
