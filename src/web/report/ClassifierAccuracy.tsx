import type { ClassifierReportData } from '../api/dashboard.js';
import { useT } from '../dictionary.js';
import { label } from '../i18n.js';

type EntityRow = ClassifierReportData['entities'][number];

/** 0..1 as a whole percentage; a dash when nothing was tagged. */
function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/**
 * "Hoe vaak had de classificatie gelijk": per category the model gave, the entity's tickets of the
 * period, how many agents re-tagged (and to what), how many were confirmed, and the share that was right.
 */
export function ClassifierAccuracy({ report, days }: { report: EntityRow | undefined; days: number }) {
  const t = useT();
  const changedTo = (counts: EntityRow['categories'][number]['changedTo']) =>
    Object.entries(counts)
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([category, count]) => `${label(t.categories, category)} ${count}`)
      .join(', ') || '–';
  return (
    <section className="card classifier-accuracy" aria-labelledby="classifier-title" data-testid="classifier-accuracy">
      <h2 id="classifier-title">{t.admin.classifierTitle}</h2>
      <p className="hint">{t.admin.classifierPeriod(days)}</p>
      {!report || report.tagged === 0 ? (
        <p>{t.admin.classifierNone}</p>
      ) : (
        <table className="queue stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t.admin.classifierCategory}</th>
              <th scope="col">{t.admin.classifierTagged}</th>
              <th scope="col">{t.admin.classifierChanged}</th>
              <th scope="col">{t.admin.classifierChangedTo}</th>
              <th scope="col">{t.admin.classifierConfirmed}</th>
              <th scope="col">{t.admin.classifierRight}</th>
            </tr>
          </thead>
          <tbody>
            {report.categories
              .filter((row) => row.tagged > 0)
              .map((row) => (
                <tr key={row.category} data-category={row.category}>
                  <th scope="row">{label(t.categories, row.category)}</th>
                  <td data-label={t.admin.classifierTagged}>{row.tagged}</td>
                  <td data-label={t.admin.classifierChanged}>{row.changed}</td>
                  <td data-label={t.admin.classifierChangedTo}>{changedTo(row.changedTo)}</td>
                  <td data-label={t.admin.classifierConfirmed}>{row.confirmed}</td>
                  <td data-label={t.admin.classifierRight}>{percent(row.rightShare)}</td>
                </tr>
              ))}
            <tr className="total">
              <th scope="row">{t.admin.classifierTotal}</th>
              <td data-label={t.admin.classifierTagged}>{report.tagged}</td>
              <td data-label={t.admin.classifierChanged}>{report.changed}</td>
              <td data-label={t.admin.classifierChangedTo}>–</td>
              <td data-label={t.admin.classifierConfirmed}>{report.confirmed}</td>
              <td data-label={t.admin.classifierRight} data-testid="classifier-right">
                {percent(report.rightShare)}
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
