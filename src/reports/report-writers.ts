import ExcelJS from 'exceljs';
import type { AnnualReport, ReportTable } from './annual-report.js';

/**
 * The annual report as CSV, JSON and XLSX files for the Vlaamse Ombudsdienst and for the entity's
 * own use. Every table keeps its bilingual title; numbers stay numbers.
 */

const BOM = '\uFEFF';
const CRLF = '\r\n';
const SHEET_NAME_MAX = 31;

/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break, quotes
 * doubled. One section per table — its title row ("nl / en"), its header row, its rows — with a
 * blank line between sections. Starts with a byte order mark so Excel reads the accents as UTF-8.
 * Text cells that a spreadsheet would run as a formula (= + - @) get a leading apostrophe.
 */
export function toCsv(report: AnnualReport): string {
  const sections = report.tables.map((table) =>
    [[titleOf(table)], table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join(CRLF),
  );
  // A report on several entities starts with a section that names them (one entity: as before).
  const entities = report.entities ?? [];
  if (entities.length > 1) sections.unshift([['Entiteiten / Entities'], ...entities.map((id) => [id])].map((row) => row.map(csvField).join(',')).join(CRLF));
  return BOM + sections.join(CRLF + CRLF) + CRLF;
}

export function toJson(report: AnnualReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * One worksheet per table, after a first sheet that says what the workbook is. Sheet names are the
 * Dutch titles, cut to Excel's 31 characters, without the characters Excel forbids, and made unique.
 * Row 1 holds the bold header row; column widths fit the longest cell.
 */
export async function toXlsx(report: AnnualReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'social-inbox';
  workbook.created = new Date(report.generatedAt);
  const names = new Set<string>();

  const about = workbook.addWorksheet(uniqueSheetName(`Jaarverslag ${report.year}`, names));
  const aboutRows: Array<Array<string | number>> = [
    ['Jaarverslag klachten / Annual complaints report', ''],
    ['Jaar / Year', report.year],
    entityRow(report),
    ['Aangemaakt / Generated at', report.generatedAt],
    [],
    ['Tabel / Table', 'Tabblad / Sheet'],
  ];
  const aboutHeaderRows = [1, aboutRows.length];

  for (const table of report.tables) {
    const name = uniqueSheetName(table.title.nl, names);
    aboutRows.push([titleOf(table), name]);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(table.columns);
    for (const row of table.rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    fitColumns(sheet, [table.columns, ...table.rows]);
  }
  for (const row of aboutRows) about.addRow(row);
  for (const r of aboutHeaderRows) about.getRow(r).font = { bold: true };
  fitColumns(about, aboutRows);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The entity, or the entities, the report covers (none chosen: all). */
function entityRow(report: AnnualReport): Array<string | number> {
  const entities = report.entities ?? (report.entity === undefined ? undefined : [report.entity]);
  if (entities === undefined) return ['Entiteit / Entity', 'alle / all'];
  if (entities.length === 1) return ['Entiteit / Entity', entities[0]!];
  return ['Entiteiten / Entities', entities.join(', ') || 'geen / none'];
}

function titleOf(table: Pick<ReportTable, 'title'>): string {
  return table.title.nl === table.title.en ? table.title.nl : `${table.title.nl} / ${table.title.en}`;
}

function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Excel forbids \ / ? * [ ] : in sheet names, and names of more than 31 characters. */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[\\/?*[\]:]/g, '-').replace(/^'+|'+$/g, '').trim().slice(0, SHEET_NAME_MAX).trim() || 'Blad';
  let name = base;
  for (let n = 2; [...taken].some((t) => t.toLowerCase() === name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = base.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd() + suffix;
  }
  taken.add(name);
  return name;
}

function fitColumns(sheet: ExcelJS.Worksheet, rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length);
    });
  }
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = Math.min(Math.max(width + 2, 10), 80);
  });
}
