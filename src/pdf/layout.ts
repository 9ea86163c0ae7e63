import { A4, mm, type DrawOp, type FontName, type LaidOutPage, type Measure, type PdfBlock, type PdfColumn, type PdfDocument, type Rgb } from './model.js';
import { toWinAnsi } from './winansi.js';
import { ellipsize, wrapText } from './wrap.js';

/**
 * Blocks to pages: a flow that fills a frame top to bottom and starts a new page when the next
 * line, table row or chart does not fit. Pure: text widths come from `measure`; the result is a
 * list of drawing operations per page (see model.ts), which write.ts draws with pdf-lib.
 */

export const COLORS = {
  text: [0.1, 0.1, 0.1] as Rgb,
  muted: [0.35, 0.35, 0.35] as Rgb,
  rule: [0.75, 0.75, 0.75] as Rgb,
  headerFill: [0.9, 0.92, 0.95] as Rgb,
  bar: [29 / 255, 79 / 255, 145 / 255] as Rgb,
};

const BODY = 10;
const LEADING = 1.35;
const HEADING = { 1: { size: 16, before: 14, after: 8 }, 2: { size: 12.5, before: 10, after: 5 } } as const;
const TABLE = { size: 9, padX: 4, padY: 3 };
const CHART = { size: 9, row: 15, bar: 9, labelShare: 0.38, valueRoom: 44 };
const BLOCK_GAP = 6;
const FOOTER_SIZE = 8;

/** The area text goes in, in points from the page's bottom left. */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A4 with 20 mm margins left and right, 20 mm at the top, 22 mm at the bottom (the footer sits below it). */
export const PAGE_FRAME: Frame = { left: mm(20), right: A4.width - mm(20), top: A4.height - mm(20), bottom: mm(22) };

export interface FlowOptions {
  frame: Frame;
  measure: Measure;
  /** For numbers in tables and charts (BCP 47). */
  language: string;
  /** Where the first page's content starts (default: the frame's top). */
  firstTop?: number;
  /** Operations already on the first page (a letter's head). */
  firstPageOps?: DrawOp[];
}

export class Flow {
  readonly pages: LaidOutPage[] = [];
  private page!: LaidOutPage;
  private y: number;
  private readonly frame: Frame;
  private readonly measure: Measure;
  private readonly numbers: Intl.NumberFormat;

  constructor(options: FlowOptions) {
    this.frame = options.frame;
    this.measure = options.measure;
    this.numbers = numberFormat(options.language);
    this.page = { ops: [...(options.firstPageOps ?? [])] };
    this.pages.push(this.page);
    this.y = options.firstTop ?? this.frame.top;
  }

  get width(): number {
    return this.frame.right - this.frame.left;
  }

  /** Nothing placed on this page yet (space before a block is then left out). */
  private get atTop(): boolean {
    return this.y >= this.frame.top - 0.01;
  }

  newPage(): void {
    this.page = { ops: [] };
    this.pages.push(this.page);
    this.y = this.frame.top;
  }

  /** A new page unless `height` still fits on this one (or this page is still empty). */
  private ensure(height: number): void {
    if (this.y - height < this.frame.bottom && !this.atTop) this.newPage();
  }

  private gap(points: number): void {
    if (!this.atTop) this.y -= points;
  }

  text(x: number, top: number, text: string, font: FontName, size: number, color: Rgb = COLORS.text): void {
    if (text) this.page.ops.push({ op: 'text', x, y: top - size * 0.8, text, font, size, color });
  }

  wrap(text: string, width: number, font: FontName, size: number): string[] {
    return wrapText(toWinAnsi(text), width, (t) => this.measure(t, font, size));
  }

  block(block: PdfBlock): void {
    switch (block.kind) {
      case 'heading':
        return this.heading(block.text, block.level ?? 1);
      case 'paragraph':
        return this.paragraph(block.text, block.size ?? BODY, block.bold ? 'bold' : 'regular');
      case 'keyValues':
        return this.keyValues(block.items);
      case 'table':
        return this.table(block.columns, block.rows);
      case 'barChart':
        return this.barChart(block.title, block.bars);
      case 'spacer':
        this.y -= Math.max(0, block.height ?? 12);
        return;
    }
  }

  heading(text: string, level: 1 | 2): void {
    const style = HEADING[level] ?? HEADING[1];
    const lines = this.wrap(text, this.width, 'bold', style.size);
    const lineHeight = style.size * 1.25;
    this.gap(style.before);
    // Keep a heading with at least three lines of what follows it.
    this.ensure(lines.length * lineHeight + style.after + 3 * BODY * LEADING);
    for (const line of lines) {
      this.text(this.frame.left, this.y, line, 'bold', style.size);
      this.y -= lineHeight;
    }
    this.y -= style.after;
  }

  paragraph(text: string, size = BODY, font: FontName = 'regular'): void {
    const lineHeight = size * LEADING;
    const lines = this.wrap(text, this.width, font, size);
    // No single line of a paragraph alone at the bottom of a page (orphan) or at the top of the next (widow).
    const room = Math.floor((this.y - this.frame.bottom + 0.01) / lineHeight);
    let breakBefore: number | undefined;
    if (!this.atTop && lines.length >= 2 && room < lines.length) {
      if (room <= 1 || (room === lines.length - 1 && room < 3)) this.newPage();
      else if (room === lines.length - 1) breakBefore = room - 1;
    }
    lines.forEach((line, index) => {
      if (index === breakBefore) this.newPage();
      this.ensure(lineHeight);
      this.text(this.frame.left, this.y, line, font, size);
      this.y -= lineHeight;
    });
    this.y -= BLOCK_GAP;
  }

  keyValues(items: ReadonlyArray<{ key: string; value: string }>): void {
    const size = BODY;
    const lineHeight = size * LEADING;
    const keys = items.map((item) => toWinAnsi(item.key));
    const keyWidth = Math.min(Math.max(0, ...keys.map((key) => this.measure(key, 'bold', size))) + 12, this.width * 0.4);
    items.forEach((item, index) => {
      const keyLines = wrapText(keys[index]!, keyWidth - 12, (t) => this.measure(t, 'bold', size));
      const valueLines = this.wrap(item.value, this.width - keyWidth, 'regular', size);
      const lines = Math.max(keyLines.length, valueLines.length);
      this.ensure(lines * lineHeight);
      keyLines.forEach((line, i) => this.text(this.frame.left, this.y - i * lineHeight, line, 'bold', size));
      valueLines.forEach((line, i) => this.text(this.frame.left + keyWidth, this.y - i * lineHeight, line, 'regular', size));
      this.y -= lines * lineHeight;
    });
    this.y -= BLOCK_GAP;
  }

  formatCell(cell: string | number): string {
    if (typeof cell === 'number') return Number.isFinite(cell) ? this.numbers.format(cell) : '';
    return toWinAnsi(cell);
  }

  table(columns: readonly PdfColumn[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
    if (columns.length === 0) return;
    const { size, padX, padY } = TABLE;
    const lineHeight = size * 1.3;
    const total = columns.reduce((sum, c) => sum + (Number.isFinite(c.width) && c.width > 0 ? c.width : 1), 0);
    const widths = columns.map((c) => ((Number.isFinite(c.width) && c.width > 0 ? c.width : 1) / total) * this.width);
    const xs = widths.map((_, i) => this.frame.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const numeric = columns.map((c, i) => c.align === 'right' || (c.align === undefined && rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === '' || r[i] === undefined)));
    const cellLines = (cells: ReadonlyArray<string | number>, font: FontName) =>
      columns.map((_, i) => wrapText(this.formatCell(cells[i] ?? ''), Math.max(widths[i]! - 2 * padX, 1), (t) => this.measure(t, font, size)));
    const header = cellLines(columns.map((c) => c.header), 'bold');
    const heightOf = (lines: string[][]) => Math.max(1, ...lines.map((l) => l.length)) * lineHeight + 2 * padY;
    const headerHeight = heightOf(header);

    const drawRow = (lines: string[][], font: FontName, height: number, fill?: Rgb) => {
      if (fill) this.page.ops.push({ op: 'rect', x: this.frame.left, y: this.y - height, width: this.width, height, color: fill });
      lines.forEach((cell, i) => {
        cell.forEach((line, n) => {
          const top = this.y - padY - n * lineHeight;
          const x = numeric[i] ? xs[i]! + widths[i]! - padX - this.measure(line, font, size) : xs[i]! + padX;
          this.text(x, top, line, font, size);
        });
      });
      this.y -= height;
      this.page.ops.push({ op: 'line', x1: this.frame.left, y1: this.y, x2: this.frame.right, y2: this.y, thickness: 0.5, color: COLORS.rule });
    };
    const drawHeader = () => drawRow(header, 'bold', headerHeight, COLORS.headerFill);

    const bodies = rows.map((row) => cellLines(row, 'regular'));
    // The header with at least the first rows (up to three).
    this.ensure(headerHeight + bodies.slice(0, 3).reduce((sum, lines) => sum + heightOf(lines), 0));
    drawHeader();
    for (const lines of bodies) {
      const height = heightOf(lines);
      if (this.y - height < this.frame.bottom) {
        this.newPage();
        drawHeader();
      }
      drawRow(lines, 'regular', height);
    }
    this.y -= BLOCK_GAP * 2;
  }

  barChart(title: string | undefined, bars: ReadonlyArray<{ label: string; value: number }>): void {
    const { size, row, bar } = CHART;
    const values = bars.map((b) => (Number.isFinite(b.value) && b.value > 0 ? b.value : 0));
    const max = Math.max(0, ...values);
    const titleHeight = title ? BODY * LEADING + 2 : 0;
    const height = titleHeight + Math.max(bars.length, 1) * row;
    // A short chart stays on one page; a long one may break between bars.
    this.ensure(height <= (this.frame.top - this.frame.bottom) * 0.4 ? height : titleHeight + row);
    if (title) {
      this.text(this.frame.left, this.y, ellipsize(toWinAnsi(title), this.width, (t) => this.measure(t, 'bold', BODY)), 'bold', BODY);
      this.y -= titleHeight;
    }
    const labelWidth = this.width * CHART.labelShare;
    const barLeft = this.frame.left + labelWidth + 6;
    const barRoom = this.frame.right - barLeft - CHART.valueRoom;
    bars.forEach((item, index) => {
      this.ensure(row);
      const label = ellipsize(toWinAnsi(item.label), labelWidth, (t) => this.measure(t, 'regular', size));
      const top = this.y - (row - size) / 2;
      this.text(this.frame.left + labelWidth - this.measure(label, 'regular', size), top, label, 'regular', size);
      const length = max > 0 ? (values[index]! / max) * barRoom : 0;
      if (length > 0) this.page.ops.push({ op: 'rect', x: barLeft, y: this.y - (row + bar) / 2, width: length, height: bar, color: COLORS.bar });
      this.text(barLeft + length + 4, top, this.formatCell(Number.isFinite(item.value) ? item.value : 0), 'regular', size);
      this.y -= row;
    });
    this.page.ops.push({ op: 'line', x1: barLeft, y1: this.y + 2, x2: barLeft, y2: this.y + 2 + bars.length * row, thickness: 0.5, color: COLORS.rule });
    this.y -= BLOCK_GAP * 2;
  }
}

function numberFormat(language: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(language, { maximumFractionDigits: 2, useGrouping: true });
  } catch {
    return new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  }
}

/**
 * Every page's footer: "n/N" at the right; at the left, `text` (shortened to fit). A thin rule
 * above it.
 */
export function addFooters(pages: LaidOutPage[], measure: Measure, frame: Frame, text?: string): void {
  const baseline = frame.bottom - mm(10);
  const left = text ? toWinAnsi(text) : '';
  pages.forEach((page, index) => {
    const number = `${index + 1}/${pages.length}`;
    const numberWidth = measure(number, 'regular', FOOTER_SIZE);
    page.ops.push({ op: 'line', x1: frame.left, y1: baseline + FOOTER_SIZE + 3, x2: frame.right, y2: baseline + FOOTER_SIZE + 3, thickness: 0.5, color: COLORS.rule });
    page.ops.push({ op: 'text', x: frame.right - numberWidth, y: baseline, text: number, font: 'regular', size: FOOTER_SIZE, color: COLORS.muted });
    if (left) {
      const room = frame.right - frame.left - numberWidth - 12;
      page.ops.push({ op: 'text', x: frame.left, y: baseline, text: ellipsize(left, room, (t) => measure(t, 'regular', FOOTER_SIZE)), font: 'regular', size: FOOTER_SIZE, color: COLORS.muted });
    }
  });
}

/** A document's blocks on A4 pages, with footers. */
export function layoutDocument(doc: Pick<PdfDocument, 'blocks' | 'footer' | 'language'>, measure: Measure): LaidOutPage[] {
  const flow = new Flow({ frame: PAGE_FRAME, measure, language: doc.language });
  for (const block of doc.blocks) flow.block(block);
  addFooters(flow.pages, measure, PAGE_FRAME, doc.footer);
  return flow.pages;
}
