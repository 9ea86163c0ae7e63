/**
 * What a PDF is made of, before any PDF library is involved: the document (metadata and blocks),
 * and the laid-out pages (drawing operations at positions in points, origin bottom left, as PDF).
 */

/** A4 in points (1 pt = 1/72 inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Millimetres to points. */
export function mm(value: number): number {
  return (value * 72) / 25.4;
}

export type FontName = 'regular' | 'bold';

/** A table column: its header, its share of the width (relative to the other columns), its alignment (default: numbers right). */
export interface PdfColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export type PdfBlock =
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  /** Wrapped to the width; "\n" starts a new line, an empty line stays empty. */
  | { kind: 'paragraph'; text: string; size?: number; bold?: boolean }
  /** "key: value" lines, the keys bold in a column of their own. */
  | { kind: 'keyValues'; items: ReadonlyArray<{ key: string; value: string }> }
  /** A header row and rows; cells wrap within their column; the header repeats after a page break. */
  | { kind: 'table'; columns: readonly PdfColumn[]; rows: ReadonlyArray<ReadonlyArray<string | number>> }
  /** Horizontal bars: a label, a bar as long as its share of the largest value, the value printed after it. */
  | { kind: 'barChart'; title?: string; bars: ReadonlyArray<{ label: string; value: number }> }
  | { kind: 'spacer'; height?: number };

export interface PdfMeta {
  title: string;
  author: string;
  /** BCP 47, e.g. "nl-BE". */
  language: string;
  /** The creation (and modification) date written into the file: the same input gives the same bytes. */
  createdAt: Date;
  subject?: string;
  keywords?: readonly string[];
}

export interface PdfDocument extends PdfMeta {
  blocks: readonly PdfBlock[];
  /** Text at the left of every page's footer (the page number "n/N" is at the right). */
  footer?: string;
}

export type Rgb = readonly [number, number, number];

export type DrawOp =
  | { op: 'text'; x: number; y: number; text: string; font: FontName; size: number; color?: Rgb }
  | { op: 'rect'; x: number; y: number; width: number; height: number; color: Rgb }
  | { op: 'line'; x1: number; y1: number; x2: number; y2: number; thickness: number; color?: Rgb };

export interface LaidOutPage {
  ops: DrawOp[];
}

/** The width of a text in points; layout gets it from the writer (the fonts' real metrics). */
export type Measure = (text: string, font: FontName, size: number) => number;
