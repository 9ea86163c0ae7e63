import type { ComplaintCaseDetail } from '../api/index.js';
import { formatDateTime } from '../admin/common.js';
import { useT } from '../dictionary.js';
import { fill, label } from '../i18n.js';
import { deliveryErrorKind } from '../workspace/delivery.js';
import { kindWord } from '../workspace/words.js';
import { exactTime } from '../workspace/time.js';
import { followUps, letterRouteOf } from './conversation.js';
import { otherSenders, ourSideLabel } from '../ticket/attribution.js';
import { useTicketReferrals } from '../ticket/ReferralCard.js';
import { referralWords } from '../referrals/referral-words.js';

/** The case's conversation with the citizen since the complaint, on the case page (the ticket's messages). */
export function CaseConversation({ detail }: { detail: ComplaintCaseDetail }) {
  const t = useT();
  const lang = t.admin.lang;
  const messages = followUps(detail.ticket?.messages ?? []);
  // A letter's text is in the letter's language; a citizen's message in the one it was detected in (WCAG 3.1.2).
  const letterLanguage = new Map(detail.letters.map((letter) => [letter.messageId, letter.language]));
  // a complaint referred here carries the referring entity's replies: named by that entity, not as ours
  const senders = otherSenders(messages, useTicketReferrals(detail.ticketId, detail.entity), detail.entity);
  const words = referralWords(lang);
  const contact = detail.ticket?.contact;
  const citizen = contact?.handle ? `@${contact.handle}` : contact?.name || t.work.fromCitizen;
  return (
    <section aria-labelledby="case-conversation-title" className="card case-conversation" data-testid="case-conversation">
      <h2 id="case-conversation-title">{t.work.caseConversationTitle}</h2>
      {messages.length === 0 ? (
        <p className="muted">{t.work.caseConversationNone}</p>
      ) : (
        <ol className="case-messages">
          {messages.map((message) => {
            const inbound = message.direction === 'inbound';
            const route = letterRouteOf(message);
            const delivery = message.deliveryStatus;
            const how = route
              ? t.work.letterRoutes[route]
              : !inbound && message.visibility
                ? label(t.visibilities, message.visibility)
                : kindWord(t, message.kind);
            return (
              <li key={message.id} className={`message ${message.direction}`} data-message-id={message.id} data-testid="case-conversation-message">
                <p className="meta">
                  <strong>{inbound ? citizen : ourSideLabel(senders.get(message.id), message.sentBy === 'system', words, t.work)}</strong>
                  {' · '}
                  {how}
                  {' · '}
                  <time dateTime={message.sentAt} title={exactTime(message.sentAt, lang)}>
                    {formatDateTime(message.sentAt, lang)}
                  </time>
                  {!inbound && delivery && (
                    <>
                      {' · '}
                      <span className={`delivery delivery-${delivery}`} data-testid="case-conversation-delivery">
                        {label(t.delivery, delivery)}
                      </span>
                    </>
                  )}
                </p>
                <p className="message-text" lang={message.lang ?? letterLanguage.get(message.id) ?? undefined}>
                  {message.text}
                </p>
                {!inbound && message.deliveryError && delivery !== 'sent' && delivery !== 'uncertain' && (
                  <p className="error">
                    {fill(t.work.deliveryFailedReason, { reason: t.work.deliveryErrors[deliveryErrorKind(message.deliveryError)] ?? t.work.deliveryErrors.unknown! })}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
