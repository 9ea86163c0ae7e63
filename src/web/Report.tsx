import { useEffect, useMemo, useState } from 'react';
import './admin.css';
import { useApi } from './api/index.js';
import { HorizontalBars } from './charts/HorizontalBars.js';
import { useT } from './dictionary.js';
import { reportUrl } from './api/dashboard.js';
import { chartRows, inLanguage, type ReportTable } from './report/api.js';
import { useResource } from './useResource.js';

const YEARS_BACK = 6;
const BAR_COLOR = '#1d4f91';
/** About what fits in HorizontalBars' label column. */
const CHART_LABEL_MAX = 14;

/** The year whose report is due: the past year until 10 February, then the current one. */
function defaultYear(now = new Date()): number {
  return now.getMonth() === 0 || (now.getMonth() === 1 && now.getDate() < 10) ? now.getFullYear() - 1 : now.getFullYear();
}

/**
 * The annual complaints report for the Vlaamse Ombudsdienst: a year, one or more of the user's
 * entities (all of them together by default), the tables as the Ombudsdienst asks for them, a chart
 * per table and the downloads (XLSX, CSV, PDF) of the same report.
 */
export function Report() {
  const t = useT();
  const words = t.admin.report;
  const api = useApi();
  const entities = useResource(() => api.entityNames(), []);
  const [year, setYear] = useState(defaultYear);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const all = entities.data?.items.map((item) => item.id) ?? [];
  useEffect(() => {
    if (chosen === null && entities.data) setChosen(entities.data.items.map((item) => item.id));
  }, [entities.data, chosen]);
  const selection: string[] | 'all' | undefined = chosen === null ? undefined : chosen.length === all.length ? 'all' : chosen;
  const key = selection === undefined ? '' : selection === 'all' ? '*' : selection.join(',');
  const report = useResource(() => (selection === undefined || selection.length === 0 ? Promise.resolve(undefined) : api.annualReport(year, selection)), [year, key], {
    resetOnChange: true,
  });
  const years = useMemo(() => Array.from({ length: YEARS_BACK }, (_, i) => new Date().getFullYear() - i), []);
  const nameOf = (id: string) => entities.data?.items.find((item) => item.id === id)?.name ?? id;
  const toggle = (id: string, on: boolean) => setChosen((current) => (on ? [...(current ?? []), id].filter((v, i, list) => list.indexOf(v) === i) : (current ?? []).filter((v) => v !== id)));

  return (
    <section aria-labelledby="report-title" className="admin-page">
      <div className="queue-head">
        <h1 id="report-title">{words.title}</h1>
      </div>
      <p>{words.intro}</p>
      <form className="filters" aria-label={words.title} onSubmit={(event) => event.preventDefault()}>
        <label>
          <span>{words.year}</span>
          <select name="year" value={year} onChange={(event) => setYear(Number(event.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <fieldset data-testid="report-entities">
          <legend>{words.entities}</legend>
          {all.length > 1 && (
            <label>
              <input type="checkbox" name="all" checked={selection === 'all'} onChange={(event) => setChosen(event.target.checked ? all : [])} /> {words.allMine}
            </label>
          )}
          {entities.data?.items.map((item) => (
            <label key={item.id}>
              <input type="checkbox" name="entity" value={item.id} checked={chosen?.includes(item.id) ?? false} onChange={(event) => toggle(item.id, event.target.checked)} /> {item.name}
            </label>
          ))}
        </fieldset>
      </form>
      {(entities.error || report.error) && (
        <p role="alert" className="error">
          {entities.error ?? report.error}
        </p>
      )}
      {Array.isArray(selection) && selection.length === 0 && (
        <p role="status" className="error">
          {words.chooseOne}
        </p>
      )}
      {selection !== undefined && (selection === 'all' || selection.length > 0) && (
        <section aria-labelledby="report-downloads" className="card">
          <h2 id="report-downloads">{words.downloads}</h2>
          <p>{words.dueBefore(year)}</p>
          <ul className="report-downloads">
            {(['xlsx', 'csv', 'pdf'] as const).map((format) => (
              <li key={format}>
                <a href={reportUrl(year, selection, format)} download data-testid={`report-download-${format}`}>
                  {words.download(format.toUpperCase())}
                </a>
              </li>
            ))}
          </ul>
          <p className="hint">{words.downloadHint}</p>
        </section>
      )}
      {report.loading && !report.data && !report.error && selection !== undefined && <p className="loading">{t.loading}</p>}
      {report.data && (
        <>
          <p data-testid="report-covers">
            {words.covers}: {(report.data.entities ?? []).map(nameOf).join(', ')} — {words.generatedAt}{' '}
            {new Date(report.data.generatedAt).toLocaleString(t.admin.lang === 'nl' ? 'nl-BE' : 'en-GB')}
          </p>
          {report.data.tables.map((table) => (
            <ReportSection key={table.key} table={table} />
          ))}
        </>
      )}
    </section>
  );
}

function ReportSection({ table }: { table: ReportTable }) {
  const t = useT();
  const lang = t.admin.lang;
  const title = table.title[lang];
  const bars = chartRows(table).map((row) => ({ ...row, label: short(inLanguage(row.label, lang)), color: BAR_COLOR }));
  // The table and its chart side by side (one under the other on a narrow screen), as on the dashboard.
  return (
    <div className="charts report-table">
      <section className="card" data-testid={`report-${table.key}`} aria-label={title}>
      <table className="queue">
        <caption>{title}</caption>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th scope="col" key={index}>
                {inLanguage(column, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <th scope="row" key={column}>
                    {typeof cell === 'string' ? inLanguage(cell, lang) : cell}
                  </th>
                ) : (
                  <td key={column}>{cell === '' ? '–' : cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      </section>
      {bars.length > 0 && <HorizontalBars title={`${title} (${t.admin.report.chart.toLowerCase()})`} bars={bars} testId={`report-chart-${table.key}`} />}
    </div>
  );
}

/** A bar's label as the chart's label column holds it; the table beside it has the whole text. */
function short(label: string): string {
  return label.length > CHART_LABEL_MAX ? `${label.slice(0, CHART_LABEL_MAX - 1).trimEnd()}…` : label;
}
