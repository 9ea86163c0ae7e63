import type { Ticket } from '../api/index.js';
import { CASE_STATES, codeLabel } from '../cases/procedure.js';
import { useT } from '../dictionary.js';
import { fill } from '../i18n.js';
import { useCan } from '../workspace/permissions.js';
import { When } from '../workspace/When.js';
import { openPath } from './navigate.js';

/** The complaint case of a ticket routed as a complaint: its stage, and a link to it for those who may read cases. */
export function CaseCard({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const can = useCan();
  const complaint = ticket.complaint;
  if (!complaint) return null;
  const lang = t.admin.lang;
  return (
    <section className="card case-card" aria-labelledby="case-card-title" data-testid="case-card">
      <h2 id="case-card-title">{t.work.caseTitle}</h2>
      <dl className="facts compact">
        <div>
          <dt>{t.work.caseStage}</dt>
          <dd>
            <span className="tag case-state">{codeLabel(CASE_STATES, complaint.status, lang)}</span>
          </dd>
        </div>
        <div>
          <dt>{t.work.caseReceived}</dt>
          <dd>
            <When iso={complaint.receivedAt} />
          </dd>
        </div>
      </dl>
      {can('cases.read') && (
        <a
          href={`/cases/${complaint.id}`}
          className="case-link"
          onClick={(event) => {
            event.preventDefault();
            openPath(`/cases/${complaint.id}`);
          }}
        >
          {fill(t.work.openCase, { id: complaint.id })}
        </a>
      )}
    </section>
  );
}
