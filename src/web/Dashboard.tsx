import { useEffect, useMemo, useState } from 'react';
import './admin.css';
import { formatMinutes } from './admin/common.js';
import { usePlatforms } from './platforms.js';
import { useApi } from './api/index.js';
import { CATEGORY_COLORS } from './category-colors.js';
import { HorizontalBars } from './charts/HorizontalBars.js';
import { dayRange, stackByDay, todayIn } from './charts/series.js';
import { StackedBarChart } from './charts/StackedBarChart.js';
import { useT } from './dictionary.js';
import { label } from './i18n.js';
import { useLiveEvents } from './live.js';
import { useResource } from './useResource.js';
import { ClassifierAccuracy } from './report/ClassifierAccuracy.js';
import { SignalsCard } from './signals/SignalsCard.js';
import { ReferralsCard } from './referrals/ReferralsCard.js';

const PERIODS = [7, 30, 90] as const;

/** The medians come from histograms (src/reports/time-histogram.ts): shown as an estimate, the counts as they are. */
function estimated(text: string, minutes: number | null): string {
  return minutes === null ? text : `≈ ${text}`;
}

/**
 * A small dashboard per entity: volume per day by platform and by category (each category in its
 * one colour), median times, and two different "overdue" figures, each saying what it counts:
 * tickets past their SLA target, and complaint cases past a legal term.
 */
export function Dashboard() {
  const { platformName } = usePlatforms();
  const t = useT();
  const api = useApi();
  const entities = useResource(() => api.entities(), []);
  const [entity, setEntity] = useState('');
  const [days, setDays] = useState<number>(30);
  useEffect(() => {
    const first = entities.data?.items[0]?.id;
    if (!entity && first) setEntity(first);
  }, [entities.data, entity]);
  const data = useResource(() => (entity ? api.dashboard(entity, days) : Promise.resolve(undefined)), [entity, days]);
  const classifier = useResource(() => (entity ? api.classifierReport(entity, days) : Promise.resolve(undefined)), [entity, days]);
  useLiveEvents(['tickets'], (event) => {
    if (!event || event.entity === entity) {
      void data.reload();
      void classifier.reload();
    }
  });

  const timeZone = entities.data?.items.find((item) => item.id === entity)?.timeZone;
  const range = useMemo(() => dayRange(todayIn(timeZone), days), [days, timeZone]);
  const volume = data.data?.volume ?? [];
  const byPlatform = useMemo(() => stackByDay(volume, (row) => row.platform, range), [volume, range]);
  const byCategory = useMemo(() => stackByDay(volume, (row) => row.category, range), [volume, range]);
  const open = data.data?.openComplaints;
  const tickets = data.data?.openTickets;
  const categoryColor = (key: string) => (key in CATEGORY_COLORS ? CATEGORY_COLORS[key as keyof typeof CATEGORY_COLORS] : undefined);

  return (
    <section aria-labelledby="dashboard-title" className="admin-page">
      <div className="queue-head">
        <h1 id="dashboard-title">{t.admin.dashboardTitle}</h1>
        <form className="filters" aria-label={t.admin.dashboardTitle} onSubmit={(event) => event.preventDefault()}>
          <label>
            <span>{t.admin.entity}</span>
            <select name="entity" value={entity} onChange={(event) => setEntity(event.target.value)}>
              {entities.data?.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t.admin.period}</span>
            <select name="days" value={days} onChange={(event) => setDays(Number(event.target.value))}>
              {PERIODS.map((n) => (
                <option key={n} value={n}>
                  {t.admin.lastDays(n)}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      {(entities.error || data.error) && (
        <p role="alert" className="error">
          {entities.error ?? data.error}
        </p>
      )}
      {!data.data ? (
        !data.error && <p className="loading">{t.loading}</p>
      ) : (
        <>
          <dl className="stats">
            <div className="card">
              <dt>{t.admin.medianFirstResponse}</dt>
              <dd data-testid="median-first-response">{estimated(formatMinutes(t, data.data.medianFirstResponseMinutes), data.data.medianFirstResponseMinutes)}</dd>
              <dd className="hint">{t.admin.medianEstimatedHint}</dd>
            </div>
            <div className="card">
              <dt>{t.admin.medianResolution}</dt>
              <dd data-testid="median-resolution">{estimated(formatMinutes(t, data.data.medianResolutionMinutes), data.data.medianResolutionMinutes)}</dd>
              <dd className="hint">{t.admin.medianEstimatedHint}</dd>
            </div>
            <div className="card">
              <dt>{t.admin.ticketsOverSla}</dt>
              <dd className={tickets?.overSla ? 'term-overdue' : undefined} data-testid="tickets-over-sla">
                {tickets?.overSla ?? 0}
              </dd>
              <dd className="hint">
                {t.admin.ticketsOverSlaHint(tickets?.total ?? 0)}
              </dd>
            </div>
            <div className="card">
              <dt>{t.admin.complaintsOverdue}</dt>
              <dd className={open?.overdue ? 'term-overdue' : undefined} data-testid="complaints-overdue">
                {open?.overdue ?? 0}
              </dd>
              <dd className="hint">
                {t.admin.complaintsOverdueHint}
              </dd>
            </div>
            <div className="card">
              <dt>{t.admin.complaintsDueSoon}</dt>
              <dd className={open?.dueSoon ? 'term-due_soon' : undefined} data-testid="complaints-due-soon">
                {open?.dueSoon ?? 0}
              </dd>
              <dd className="hint">
                {t.admin.complaintsDueSoonHint}
              </dd>
            </div>
          </dl>
          <div className="charts">
            <StackedBarChart title={t.admin.volumeByPlatform} series={byPlatform} labelOf={platformName} testId="chart-platform" />
            <StackedBarChart title={t.admin.volumeByCategory} series={byCategory} labelOf={(code) => label(t.categories, code)} colorOf={categoryColor} testId="chart-category" />
            <HorizontalBars
              title={t.admin.openComplaints}
              testId="chart-complaints"
              bars={[
                { key: 'overdue', label: t.admin.overdue, value: open?.overdue ?? 0, color: '#a4001f' },
                { key: 'dueSoon', label: t.admin.dueSoon, value: open?.dueSoon ?? 0, color: '#7a6200' },
                { key: 'onTrack', label: t.admin.onTrack, value: open?.onTrack ?? 0, color: '#1e6b2e' },
              ]}
            />
          </div>
          {entity && <SignalsCard entity={entity} timeZone={timeZone} />}
          {entity && <ReferralsCard entity={entity} />}
          {classifier.data && <ClassifierAccuracy report={classifier.data.entities.find((row) => row.entity === entity)} days={days} />}
        </>
      )}
    </section>
  );
}
