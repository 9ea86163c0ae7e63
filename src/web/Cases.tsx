import { useEffect, useState } from 'react';
import './admin.css';
import { formatDay } from './admin/common.js';
import { usePlatforms } from './platforms.js';
import { useApi, type CaseFilter } from './api/index.js';
import { CASE_STATES, codeLabel } from './cases/procedure.js';
import { Term } from './cases/Term.js';
import { useT } from './dictionary.js';
import { useLiveEvents } from './live.js';
import type { Route } from './routes.js';
import { useResource } from './useResource.js';

/**
 * Coordinators' list: who complained about what, on which channel, the stage, both legal terms with
 * the days left and the handler, nearest open term first; searched, and filtered by term, stage,
 * handler, theme and entity.
 */
export function Cases({ navigate }: { navigate: (route: Route) => void }) {
  const { platformName } = usePlatforms();
  const api = useApi();
  const [filter, setFilter] = useState<CaseFilter>({ entity: '', state: '', due: '', q: '', handler: '', theme: '' });
  const [search, setSearch] = useState('');
  // The search goes out once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setFilter((current) => (current.q === search.trim() ? current : { ...current, q: search.trim() })), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const cases = useResource(() => api.cases(filter), [filter.entity, filter.state, filter.due, filter.q, filter.handler, filter.theme]);
  const [handlers, setHandlers] = useState<string[]>([]);
  const [themes, setThemes] = useState<string[]>([]);
  // The handlers and themes seen so far stay choosable while a filter narrows the list.
  useEffect(() => {
    const items = cases.data?.items ?? [];
    const merge = (known: string[], more: Array<string | undefined>) => {
      const next = [...new Set([...known, ...more.filter((value): value is string => Boolean(value))])].sort((a, b) => a.localeCompare(b));
      return next.length === known.length ? known : next;
    };
    setHandlers((known) => merge(known, items.map((item) => item.snapshot.handler)));
    setThemes((known) => merge(known, items.flatMap((item) => [...item.themes, item.snapshot.theme])));
  }, [cases.data]);
  const t = useT();
  const words = t.caseList;
  const entities = useResource(() => api.entities().catch(() => ({ items: [] })), []);
  useLiveEvents(['tickets'], () => cases.reload());
  const lang = t.admin.lang;
  const entityIds = new Set([...(entities.data?.items.map((e) => e.id) ?? []), ...(cases.data?.items.map((c) => c.entity) ?? [])]);
  const entityName = (id: string) => entities.data?.items.find((e) => e.id === id)?.name ?? id;

  return (
    <section aria-labelledby="cases-title" className="admin-page">
      <div className="queue-head">
        <h1 id="cases-title">
          {t.admin.casesTitle} {cases.data && <span className="count">({t.admin.casesCount(cases.data.total)})</span>}
        </h1>
        <form className="filters" role="search" aria-label={t.admin.casesTitle} onSubmit={(event) => event.preventDefault()}>
          <label>
            <span>{words.search}</span>
            <input type="search" name="q" value={search} placeholder={words.searchHint} onChange={(event) => setSearch(event.target.value)} />
          </label>
          <fieldset className="segmented">
            <legend>{t.admin.due}</legend>
            {(['', 'due_soon', 'this_week', 'overdue'] as const).map((due) => (
              <label key={due || 'all'} className="inline">
                <input type="radio" name="due" value={due} checked={filter.due === due} onChange={() => setFilter({ ...filter, due })} />
                <span>{due === '' ? t.admin.dueAll : due === 'due_soon' ? t.admin.dueSoon : due === 'this_week' ? words.dueThisWeek : t.admin.overdue}</span>
              </label>
            ))}
          </fieldset>
          <label>
            <span>{t.admin.state}</span>
            <select name="state" value={filter.state} onChange={(event) => setFilter({ ...filter, state: event.target.value })}>
              <option value="">{t.admin.allStates}</option>
              {CASE_STATES.map((state) => (
                <option key={state.code} value={state.code}>
                  {state[lang]}
                </option>
              ))}
            </select>
          </label>
          {(handlers.length > 0 || filter.handler) && (
            <label>
              <span>{t.admin.handler}</span>
              <select name="handler" value={filter.handler} onChange={(event) => setFilter({ ...filter, handler: event.target.value })}>
                <option value="">{words.allHandlers}</option>
                {handlers.map((handler) => (
                  <option key={handler} value={handler}>
                    {handler}
                  </option>
                ))}
              </select>
            </label>
          )}
          {(themes.length > 0 || filter.theme) && (
            <label>
              <span>{words.theme}</span>
              <select name="theme" value={filter.theme} onChange={(event) => setFilter({ ...filter, theme: event.target.value })}>
                <option value="">{words.allThemes}</option>
                {themes.map((theme) => (
                  <option key={theme} value={theme}>
                    {theme}
                  </option>
                ))}
              </select>
            </label>
          )}
          {entityIds.size > 1 && (
            <label>
              <span>{t.admin.entity}</span>
              <select name="entity" value={filter.entity} onChange={(event) => setFilter({ ...filter, entity: event.target.value })}>
                <option value="">{t.admin.allEntities}</option>
                {[...entityIds].map((id) => (
                  <option key={id} value={id}>
                    {entityName(id)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </form>
      </div>
      {cases.error && (
        <p role="alert" className="error">
          {cases.error}
        </p>
      )}
      {!cases.data ? (
        <p className="loading">{t.loading}</p>
      ) : cases.data.items.length === 0 ? (
        <p className="empty">{t.admin.noCases}</p>
      ) : (
        <div className="table-scroll">
          <table className="queue cases stack-on-phone" data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{t.admin.caseColumn}</th>
                <th scope="col">{words.complainant}</th>
                <th scope="col">{words.subject}</th>
                <th scope="col">{words.channel}</th>
                {entityIds.size > 1 && <th scope="col">{t.admin.entity}</th>}
                <th scope="col">{t.admin.state}</th>
                <th scope="col">{t.admin.acknowledgeBy}</th>
                <th scope="col">{t.admin.answerBy}</th>
                <th scope="col">{t.admin.handler}</th>
              </tr>
            </thead>
            <tbody>
              {cases.data.items.map((item) => (
                <tr key={item.id} data-case-id={item.id} className={rowClass(item.deadlineStatus.acknowledge, item.deadlineStatus.answer)}>
                  <td data-label={t.admin.caseColumn}>
                    <a
                      href={`/cases/${item.id}`}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate({ page: 'case', id: item.id });
                      }}
                    >
                      {t.admin.caseTitle(item.id)}
                    </a>
                    <div className="sub">
                      #{item.ticketNumber} · <time dateTime={item.deadlines.receivedOn}>{formatDay(item.deadlines.receivedOn, lang)}</time>
                    </div>
                  </td>
                  <td data-label={words.complainant}>
                    {item.complainant.name ?? item.complainant.handle ?? <span className="muted">{words.unknown}</span>}
                    {item.complainant.name && item.complainant.handle && <div className="sub">{`@${item.complainant.handle}`}</div>}
                  </td>
                  <td data-label={words.subject} className="case-subject">
                    {item.subject || <span className="muted">{t.admin.none}</span>}
                  </td>
                  <td data-label={words.channel}>
                    {item.channelName ?? platformName(item.platform)}
                    {item.channelName && <div className="sub">{platformName(item.platform)}</div>}
                  </td>
                  {entityIds.size > 1 && <td data-label={t.admin.entity}>{entityName(item.entity)}</td>}
                  <td data-label={t.admin.state}>
                    <span className="tag case-state">{codeLabel(CASE_STATES, item.state, lang)}</span>
                    {item.snapshot.escalatedAt && <span className="tag escalated">{t.admin.escalated}</span>}
                  </td>
                  <td data-label={t.admin.acknowledgeBy}>
                    <Term dueOn={item.deadlines.acknowledgeBy} status={item.deadlineStatus.acknowledge} daysLeft={item.deadlineStatus.daysToAcknowledge} />
                  </td>
                  <td data-label={t.admin.answerBy}>
                    <Term dueOn={item.deadlines.answerBy} status={item.deadlineStatus.answer} daysLeft={item.deadlineStatus.daysToAnswer} />
                  </td>
                  <td data-label={t.admin.handler}>{item.snapshot.handler ?? <span className="muted">{t.admin.none}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function rowClass(...terms: string[]): string | undefined {
  if (terms.includes('overdue')) return 'row-overdue';
  if (terms.includes('due_soon')) return 'row-due-soon';
  return undefined;
}
