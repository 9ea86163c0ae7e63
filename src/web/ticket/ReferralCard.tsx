import type { Referral, Ticket } from '../api/index.js';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import { referralWords } from '../referrals/referral-words.js';
import { useResource } from '../useResource.js';
import { When } from '../workspace/When.js';

/** The ticket's referrals, oldest first: for this card and for whose replies the thread shows (none while loading). */
export function useTicketReferrals(ticketId: number, entity: string | undefined): Referral[] {
  const api = useApi();
  // refetched when the ticket changes hands (its entity); another ticket's never shown meanwhile
  const referrals = useResource(() => api.ticketReferrals(ticketId), [api, ticketId, entity], { resetOnChange: true });
  return referrals.data?.items ?? [];
}

/** The referrals that brought this ticket here: from which entity, by whom, when, with which note. */
export function ReferralCard({ ticket, referrals: items }: { ticket: Ticket; referrals: Referral[] }) {
  const t = useT();
  const words = referralWords(t.admin.lang);
  if (items.length === 0) return null;
  return (
    <section className="card referral-card" aria-labelledby="referral-card-title" data-testid="referral-card">
      <h2 id="referral-card-title">{words.cardTitle}</h2>
      <ol className="referral-steps">
        {items.map((referral) => (
          <li key={referral.id}>
            <strong>{referral.to.id === ticket.entity ? words.receivedFrom(referral.from.name) : words.sentTo(referral.from.name, referral.to.name)}</strong>
            <div className="muted">
              {referral.referredBy}, <When iso={referral.referredAt} />
            </div>
            <p className="referral-note">{referral.note}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
