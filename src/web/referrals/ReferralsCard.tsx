import './referrals.css';
import { useState } from 'react';
import { useApi, type Referral } from '../api/index.js';
import { useT } from '../dictionary.js';
import { label } from '../i18n.js';
import { useLiveEvents } from '../live.js';
import { useResource } from '../useResource.js';
import { When } from '../workspace/When.js';
import { referralWords } from './referral-words.js';

/**
 * The dashboard's referrals of one entity: how many it passed on and received this year, per other
 * entity, and the trace of each — where the ticket is now, its status, who handles it. Of a ticket
 * passed on nothing else is shown (its messages and notes belong to the entity that holds it now).
 */
export function ReferralsCard({ entity }: { entity: string }) {
  const t = useT();
  const api = useApi();
  const words = referralWords(t.admin.lang);
  const [direction, setDirection] = useState<'sent' | 'received'>('sent');
  const report = useResource(() => api.referralReport(entity), [api, entity]);
  const list = useResource(() => api.referrals(direction, entity), [api, entity, direction]);
  useLiveEvents(['tickets'], () => {
    void report.reload();
    void list.reload();
  });
  const items = list.data?.items ?? [];

  const outcome = (referral: Referral) =>
    [
      label(t.statuses, referral.outcome.status),
      referral.outcome.entity.id !== referral.to.id || direction === 'received' ? words.nowAt(referral.outcome.entity.name) : null,
      referral.outcome.assignee ? words.handledBy(referral.outcome.assignee) : words.nobody,
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <section className="card referrals-card" aria-labelledby="referrals-title" data-testid="referrals-card">
      <h2 id="referrals-title">{words.dashboardTitle}</h2>
      <p className="hint">{words.dashboardHint}</p>
      {report.data && (
        <p data-testid="referral-counts">
          <strong>{words.counts(report.data.sent, report.data.received)}</strong>
          {report.data.byEntity.length > 0 && <span className="muted"> — {report.data.byEntity.map((row) => words.perEntity(row.name, row.sent, row.received)).join('; ')}</span>}
        </p>
      )}
      <div className="toolbar" role="group" aria-label={words.dashboardTitle}>
        {(['sent', 'received'] as const).map((option) => (
          <button key={option} type="button" className={option === direction ? '' : 'secondary'} aria-pressed={option === direction} onClick={() => setDirection(option)}>
            {option === 'sent' ? words.sentTab : words.receivedTab}
          </button>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="muted">{words.none}</p>
      ) : (
        <table className="referrals-table">
          <thead>
            <tr>
              <th scope="col">{words.ticket}</th>
              <th scope="col">{direction === 'sent' ? words.to : words.from}</th>
              <th scope="col">{words.when}</th>
              <th scope="col">{words.note}</th>
              <th scope="col">{words.outcome}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((referral) => (
              <tr key={referral.id} data-testid={`referral-${referral.id}`}>
                <td>{referral.outcome.entity.id === entity ? <a href={`/tickets/${referral.ticketId}`}>#{referral.ticketNumber}</a> : `#${referral.ticketNumber}`}</td>
                <td>{direction === 'sent' ? referral.to.name : referral.from.name}</td>
                <td>
                  <When iso={referral.referredAt} />
                </td>
                <td>{referral.note}</td>
                <td>{outcome(referral)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
