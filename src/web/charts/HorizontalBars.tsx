import { useId, useState } from 'react';
import { useT } from '../dictionary.js';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

const WIDTH = 480;
const ROW = 34;
const LABEL = 150;

/** A few labelled horizontal bars (e.g. open complaints by deadline), with a table toggle. */
export function HorizontalBars({ title, bars, testId }: { title: string; bars: Bar[]; testId: string }) {
  const t = useT();
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  const height = bars.length * ROW + 8;
  return (
    <figure className="chart card" data-testid={testId} aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="secondary" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t.admin.showChart : t.admin.showTable}
        </button>
      </div>
      {asTable ? (
        <table className="queue">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col">{t.admin.count}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${title}. ${summary}`} className="chart-svg">
          {bars.map((bar, index) => {
            const y = 4 + index * ROW;
            const width = ((WIDTH - LABEL - 50) * bar.value) / max;
            return (
              <g key={bar.key}>
                <text x={LABEL - 8} y={y + ROW / 2 + 1} textAnchor="end" className="axis label">
                  {bar.label}
                </text>
                <rect x={LABEL} y={y + 5} width={Math.max(bar.value ? 3 : 0, width)} height={ROW - 12} fill={bar.color}>
                  <title>{`${bar.label}: ${bar.value}`}</title>
                </rect>
                <text x={LABEL + width + 6} y={y + ROW / 2 + 1} className="axis value">
                  {bar.value}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
