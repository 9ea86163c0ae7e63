import { actorLabel } from './actors.js';
import './admin.css';
import { formatDateTime, formatDay } from './admin/common.js';
import { usePlatforms } from './platforms.js';
import { useApi, type CaseAuditEntry, type ComplaintCaseDetail } from './api/index.js';
import { CaseActions } from './cases/CaseActions.js';
import { CaseLetters } from './cases/CaseLetters.js';
import { CaseConversation } from './cases/CaseConversation.js';
import { CASE_STATES, DECLINE_GROUNDS, OMBUDS_NORMS, OUTCOMES, RESOLUTIONS, codeLabel } from './cases/procedure.js';
import { Term } from './cases/Term.js';
import { useT } from './dictionary.js';
import type { Dictionary } from './i18n.js';
import { useLiveEvents } from './live.js';
import type { Route } from './routes.js';
import { useResource } from './useResource.js';

/** One complaint case: terms, the complainant's details, decisions, the next steps, its history and the ticket. */
export function CaseView({ id, navigate }: { id: number; navigate: (route: Route) => void }) {
  const { platformName } = usePlatforms();
  const t = useT();
  const api = useApi();
  const detail = useResource(() => api.case(id), [id]);
  useLiveEvents(['tickets'], (event) => {
    if (!event || (detail.data && event.ids.includes(detail.data.ticketId))) void detail.reload();
  });
  const lang = t.admin.lang;
  const item = detail.data;

  return (
    <section aria-labelledby="case-title" className="admin-page">
      <p>
        <a
          href="/cases"
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'cases' });
          }}
        >
          ← {t.admin.backToCases}
        </a>
      </p>
      {detail.error && (
        <p role="alert" className="error">
          {detail.error}
        </p>
      )}
      {!item ? (
        !detail.error && <p className="loading">{t.loading}</p>
      ) : (
        <>
          <header className="ticket-head">
            <h1 id="case-title">{t.admin.caseTitle(item.id)}</h1>
            <dl className="facts">
              <div>
                <dt>{t.admin.state}</dt>
                <dd>
                  <span className="tag case-state" data-testid="case-state">
                    {codeLabel(CASE_STATES, item.state, lang)}
                  </span>
                </dd>
              </div>
              <div>
                <dt>{t.admin.received}</dt>
                <dd>{formatDay(item.deadlines.receivedOn, lang)}</dd>
              </div>
              <div>
                <dt>{t.admin.acknowledgeBy}</dt>
                <dd data-testid="acknowledge-term">
                  <Term dueOn={item.deadlines.acknowledgeBy} status={item.deadlineStatus.acknowledge} daysLeft={item.deadlineStatus.daysToAcknowledge} />
                </dd>
              </div>
              <div>
                <dt>{t.admin.answerBy}</dt>
                <dd>
                  <Term dueOn={item.deadlines.answerBy} status={item.deadlineStatus.answer} daysLeft={item.deadlineStatus.daysToAnswer} />
                </dd>
              </div>
              <div>
                <dt>{t.platform}</dt>
                <dd>
                  {platformName(item.platform)} · {item.channel}
                </dd>
              </div>
              <div>
                <dt>{t.admin.ticket}</dt>
                <dd>
                  <a
                    href={`/tickets/${item.ticketId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate({ page: 'ticket', id: item.ticketId });
                    }}
                  >
                    {t.admin.openTicket(item.ticketNumber)}
                  </a>
                </dd>
              </div>
              {item.possibleDuplicateOf !== undefined && <PossibleDuplicate caseId={item.possibleDuplicateOf} navigate={navigate} />}
            </dl>
          </header>
          <div className="ticket-body">
            <div className="side">
              <CitizenMessage detail={item} />
              <CaseConversation detail={item} />
              <Intake detail={item} />
              <CaseLetters detail={item} onChange={detail.reload} />
              <Decisions detail={item} />
              <History detail={item} />
            </div>
            <div className="side">
              <CaseActions key={item.state} detail={item} onDone={detail.reload} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function CitizenMessage({ detail }: { detail: ComplaintCaseDetail }) {
  const t = useT();
  const first = detail.ticket?.messages.find((message) => message.direction === 'inbound');
  if (!first) return null;
  const contact = detail.ticket?.contact;
  return (
    <section aria-labelledby="case-message-title" className="card">
      <h2 id="case-message-title">{t.admin.citizenMessage}</h2>
      <p className="meta">
        {contact?.handle ? `@${contact.handle}` : contact?.name ?? ''} · {formatDateTime(first.sentAt, t.admin.lang)}
      </p>
      <p className="message-text">{first.text}</p>
    </section>
  );
}

function Intake({ detail }: { detail: ComplaintCaseDetail }) {
  const t = useT();
  const intake = detail.snapshot.intake;
  return (
    <section aria-labelledby="case-intake-title" className="card">
      <h2 id="case-intake-title">{t.admin.intake}</h2>
      <dl className="pairs">
        {(['name', 'address', 'email', 'facts'] as const).map((field) => (
          <div key={field}>
            <dt>{t.admin.intakeFields[field]}</dt>
            <dd className="message-text">{intake[field] ?? <span className="muted">{t.admin.missing}</span>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Decisions({ detail }: { detail: ComplaintCaseDetail }) {
  const t = useT();
  const s = detail.snapshot;
  const lang = t.admin.lang;
  const rows: Array<[string, string]> = [];
  rows.push([t.admin.handler, s.handler ?? t.admin.none]);
  if (s.involvedStaff.length) rows.push([t.admin.involvedStaff, s.involvedStaff.join(', ')]);
  if (s.declineGround) rows.push([t.admin.declineGround, codeLabel(DECLINE_GROUNDS, s.declineGround, lang)]);
  if (s.declineMotivation) rows.push([t.admin.motivation, s.declineMotivation]);
  if (s.outcome) rows.push([t.admin.outcome, codeLabel(OUTCOMES, s.outcome, lang)]);
  if (s.resolution) rows.push([t.admin.resolution, codeLabel(RESOLUTIONS, s.resolution, lang)]);
  if (s.ombudsNorms.length) rows.push([t.admin.ombudsNorms, s.ombudsNorms.map((n) => codeLabel(OMBUDS_NORMS, n, lang)).join('; ')]);
  if (s.theme) rows.push([t.admin.theme, s.theme]);
  if (s.escalatedAt) rows.push([t.admin.escalated, `${formatDateTime(s.escalatedAt, lang)}${detail.escalationReason ? ` — ${detail.escalationReason}` : ''}`]);
  return (
    <section aria-labelledby="case-decisions-title" className="card">
      <h2 id="case-decisions-title">{t.admin.decisions}</h2>
      <dl className="pairs" data-testid="case-decisions">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The audit trail: routing, every step of the procedure, who took it and why. */
function History({ detail }: { detail: ComplaintCaseDetail }) {
  const t = useT();
  const lang = t.admin.lang;
  const entries: CaseAuditEntry[] = detail.audit;
  return (
    <section aria-labelledby="case-history-title" className="card">
      <h2 id="case-history-title">{t.admin.history}</h2>
      {entries.length === 0 ? (
        <p className="empty">{t.admin.noHistory}</p>
      ) : (
        <ol className="history" data-testid="case-history">
          {entries.map((entry, index) => (
            <li key={index}>
              <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>{' '}
              <strong>{historyLabel(t, entry.action)}</strong>
              {/* a step of the procedure moves the case between stages; other entries' `to` is no stage (a notification's address) */}
              {entry.action.startsWith('case.') && entry.to && entry.from !== entry.to && <> → {codeLabel(CASE_STATES, entry.to, lang)}</>}
              {entry.action.endsWith('_notified') && entry.to && <span className="muted"> ({t.admin.sentTo(entry.to)})</span>}
              {entry.actor && (
                <span className="muted">
                  {' '}
                  {t.admin.by} {actorLabel(t, entry.actor)}
                </span>
              )}
              {entry.why && <div className="message-text">{entry.why}</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The step's words; an action the app does not know yet is "another step", never its code. */
function historyLabel(t: Dictionary, action: string): string {
  const type = action.replace(/^case\./, '');
  if (type === 'received') return t.admin.received;
  return t.admin.actionLabels[type] ?? t.admin.otherStep;
}

/** The earlier case this one likely repeats (same person, same complaint within the week): the coordinator was not mailed for it. */
function PossibleDuplicate({ caseId, navigate }: { caseId: number; navigate: (route: Route) => void }) {
  const t = useT();
  return (
    <div data-testid="possible-duplicate">
      <dt>{t.possibleDuplicate.label}</dt>
      <dd>
        <a
          href={`/cases/${caseId}`}
          title={t.possibleDuplicate.hint}
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'case', id: caseId });
          }}
        >
          {t.possibleDuplicate.link(caseId)}
        </a>
      </dd>
    </div>
  );
}
