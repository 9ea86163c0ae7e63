import { layoutDocument } from './layout.js';
import type { PdfDocument } from './model.js';
import { writePdf } from './write.js';

export type { PdfBlock, PdfColumn, PdfDocument, PdfMeta } from './model.js';
export { toWinAnsi } from './winansi.js';

/**
 * A document of blocks (headings, paragraphs, key/value lines, tables, bar charts, spacers) as an
 * A4 PDF: Helvetica, 20 mm margins, automatic page breaks, "n/N" in every page's footer, and the
 * title, author, language and creation date as metadata. Text outside WinAnsi is transliterated
 * (winansi.ts); the same document gives the same bytes.
 */
export function renderPdf(doc: PdfDocument): Promise<Uint8Array> {
  return writePdf(doc, (measure) => layoutDocument(doc, measure));
}
