import type { Ticket } from '../api/index.js';
import { useApi } from '../api/index.js';
import { useT } from '../dictionary.js';
import { referralWords } from '../referrals/referral-words.js';
import { useResource } from '../useResource.js';
import { When } from '../workspace/When.js';

/** The referrals that brought this ticket here: from which entity, by whom, when, with which note. */
export function ReferralCard({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const api = useApi();
  const words = referralWords(t.admin.lang);
  // refetched when the ticket changes hands (its entity) or is worked on
  const referrals = useResource(() => api.ticketReferrals(ticket.id), [api, ticket.id, ticket.entity]);
  const items = referrals.data?.items ?? [];
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
