import { renderPdf, type PdfBlock, type PdfColumn } from '../pdf/render.js';
import { annualReportDueBefore, type AnnualReport, type ReportTable } from './annual-report.js';

/**
 * The annual report as a PDF to read and print: the same tables as the XLSX (bilingual titles
 * "nl / en", numbers right-aligned), a bar chart under the tables that count categories (per
 * drager, source, outcome, resolution, theme, decline ground), and a first section that says what
 * it covers: the year, the entities by name, when it was generated and when it is due.
 */

export interface ReportPdfOptions {
  /** Entity id → display name (an id without one is printed as it is). */
  entityNames?: Readonly<Record<string, string>>;
  /** For the generation date (default Europe/Brussels). */
  timeZone?: string;
}

/** The tables that get a chart, with their counting rows (not totals, means or medians). */
const CHARTED = new Set(['by_platform', 'by_source', 'outcome', 'resolution', 'by_theme', 'decline_grounds', 'admissibility']);
const SUMMARY_ROW = /^(totaal|gemiddelde|mediaan|klachten met minstens)/;

export function reportPdfTitle(report: Pick<AnnualReport, 'year'>): string {
  return `Jaarverslag klachten ${report.year}`;
}

export async function toPdf(report: AnnualReport, options: ReportPdfOptions = {}): Promise<Uint8Array> {
  const ids = report.entities ?? (report.entity === undefined ? [] : [report.entity]);
  const names = ids.map((id) => options.entityNames?.[id] ?? id);
  const covered = names.length ? names.join(', ') : 'alle entiteiten / all entities';
  const title = reportPdfTitle(report);
  const generatedAt = new Date(report.generatedAt);

  const blocks: PdfBlock[] = [
    { kind: 'heading', text: title, level: 1 },
    { kind: 'paragraph', text: `Annual complaints report ${report.year} — Vlaamse Ombudsdienst` },
    {
      kind: 'keyValues',
      items: [
        { key: 'Jaar / Year', value: String(report.year) },
        { key: names.length > 1 ? 'Entiteiten / Entities' : 'Entiteit / Entity', value: covered },
        { key: 'Aangemaakt / Generated', value: formatInstant(generatedAt, options.timeZone ?? 'Europe/Brussels') },
        { key: 'Te bezorgen vóór / Due before', value: formatDay(annualReportDueBefore(report.year)) },
      ],
    },
    { kind: 'spacer', height: 6 },
  ];
  for (const table of report.tables) blocks.push(...tableBlocks(table));

  return renderPdf({
    title: `${title} — ${covered}`,
    author: names.length ? names.join(', ') : 'social-inbox',
    subject: `Annual complaints report ${report.year}`,
    keywords: ['klachten', 'jaarverslag', 'Vlaamse Ombudsdienst', String(report.year)],
    language: 'nl-BE',
    createdAt: Number.isNaN(generatedAt.getTime()) ? new Date(0) : generatedAt,
    footer: `${title} — ${covered}`,
    blocks,
  });
}

function tableBlocks(table: ReportTable): PdfBlock[] {
  const columns: PdfColumn[] = table.columns.map((header, index) =>
    index === 0 ? { header, width: 3.2, align: 'left' } : { header, width: table.columns.length > 2 ? 1.1 : 1.3, align: 'right' },
  );
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: titleOf(table), level: 2 },
    { kind: 'table', columns, rows: table.rows.map((row) => row.map((cell) => (cell === '' ? '–' : cell))) },
  ];
  const bars = chartBars(table);
  if (CHARTED.has(table.key) && bars.some((bar) => bar.value > 0)) blocks.push({ kind: 'barChart', title: `${table.title.nl} (grafiek / chart)`, bars });
  return blocks;
}

/** A table's counting rows as bars, labelled with the Dutch half of their "nl / en" label. */
export function chartBars(table: ReportTable): Array<{ label: string; value: number }> {
  return table.rows.flatMap(([label, value]) => {
    if (typeof label !== 'string' || typeof value !== 'number' || SUMMARY_ROW.test(label)) return [];
    return [{ label: label.split(' / ')[0] ?? label, value }];
  });
}

function titleOf(table: Pick<ReportTable, 'title'>): string {
  return table.title.nl === table.title.en ? table.title.nl : `${table.title.nl} / ${table.title.en}`;
}

function formatInstant(date: Date, timeZone: string): string {
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat('nl-BE', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
  } catch {
    return date.toISOString();
  }
}

/** "2027-02-10" → "10 februari 2027". */
function formatDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}
