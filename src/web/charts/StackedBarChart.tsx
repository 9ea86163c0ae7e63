import { useId, useState } from 'react';
import { formatDay } from '../admin/common.js';
import { useT } from '../dictionary.js';
import { niceTicks, type StackedSeries } from './series.js';

/**
 * Distinct colours for keys without a colour of their own (platforms), each at least 3:1 against
 * white (WCAG non-text contrast), none of them a category's colour (category-colors.ts), so a colour
 * never means two things on one page.
 */
export const PALETTE = ['#1e6b2e', '#6b3fa0', '#00707a', '#b0306a', '#7a6200', '#2f4fb5', '#37474f'];

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 12, right: 22, bottom: 36, left: 40 };

/**
 * Bars per day, stacked by key, hand-drawn in SVG. The image carries a one-sentence summary; a
 * toggle swaps it for a table with every number, which is what a screen reader user wants.
 */
export function StackedBarChart({
  title,
  series,
  labelOf,
  colorOf,
  testId,
}: {
  title: string;
  series: StackedSeries;
  labelOf: (key: string) => string;
  /** A key's own colour (a category's); the others take the palette's in turn. */
  colorOf?: (key: string) => string | undefined;
  testId: string;
}) {
  const t = useT();
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const lang = t.admin.lang;
  const peak = series.days.reduce((best, d) => (d.total > best.total ? d : best), series.days[0] ?? { day: '', total: 0, parts: {} });
  const summary = series.total === 0 ? t.admin.noData : t.admin.chartSummary(series.total, series.days.length, `${formatDay(peak.day, lang)} (${peak.total})`);
  const color = (key: string) => colorOf?.(key) ?? PALETTE[series.keys.indexOf(key) % PALETTE.length]!;

  return (
    <figure className="chart card" data-testid={testId} aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="secondary" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t.admin.showChart : t.admin.showTable}
        </button>
      </div>
      {asTable ? (
        <ChartTable title={title} series={series} labelOf={labelOf} />
      ) : (
        <>
          <Bars series={series} color={color} label={`${title}. ${summary}`} lang={lang} labelOf={labelOf} />
          <ul className="legend" aria-label={title}>
            {series.keys.map((key) => (
              <li key={key}>
                <span className="swatch" style={{ background: color(key) }} aria-hidden="true" />
                {labelOf(key)}
              </li>
            ))}
          </ul>
        </>
      )}
      <figcaption className="hint">{summary}</figcaption>
    </figure>
  );
}

function Bars({ series, color, label, lang, labelOf }: { series: StackedSeries; color: (key: string) => string; label: string; lang: 'nl' | 'en'; labelOf: (key: string) => string }) {
  const ticks = niceTicks(series.max);
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, series.days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(series.days.length / 8);

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="chart-svg" preserveAspectRatio="xMidYMid meet">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="grid" />
          <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
            {tick}
          </text>
        </g>
      ))}
      {series.days.map((day, index) => {
        const x = PAD.left + index * slot + (slot - barWidth) / 2;
        let base = 0;
        return (
          <g key={day.day}>
            {series.keys
              .filter((key) => day.parts[key])
              .map((key) => {
                const value = day.parts[key]!;
                const rect = (
                  <rect key={key} x={x} width={barWidth} y={y(base + value)} height={y(base) - y(base + value)} fill={color(key)}>
                    <title>{`${formatDay(day.day, lang)} · ${labelOf(key)}: ${value}`}</title>
                  </rect>
                );
                base += value;
                return rect;
              })}
            {(series.days.length - 1 - index) % labelEvery === 0 && (
              <text x={x + barWidth / 2} y={HEIGHT - PAD.bottom + 20} textAnchor="middle" className="axis">
                {day.day.slice(8, 10)}/{day.day.slice(5, 7)}
              </text>
            )}
          </g>
        );
      })}
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="baseline" />
    </svg>
  );
}

function ChartTable({ title, series, labelOf }: { title: string; series: StackedSeries; labelOf: (key: string) => string }) {
  const t = useT();
  const lang = t.admin.lang;
  const rows = series.days.filter((day) => day.total > 0);
  return (
    <div className="table-scroll chart-table">
      <table className="queue">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t.admin.day}</th>
            {series.keys.map((key) => (
              <th key={key} scope="col">
                {labelOf(key)}
              </th>
            ))}
            <th scope="col">{t.admin.total}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((day) => (
            <tr key={day.day}>
              <th scope="row">{formatDay(day.day, lang)}</th>
              {series.keys.map((key) => (
                <td key={key}>{day.parts[key] ?? 0}</td>
              ))}
              <td>{day.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
