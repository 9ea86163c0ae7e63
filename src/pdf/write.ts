import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { FontName, LaidOutPage, Measure, PdfMeta } from './model.js';
import { A4 } from './model.js';
import { toWinAnsi } from './winansi.js';

/**
 * The one place that talks to pdf-lib: embeds Helvetica and Helvetica-Bold, hands their metrics to
 * the layout, draws the laid-out pages on A4 and writes the metadata. The same input gives the same
 * bytes: the dates are the ones passed in, pdf-lib's own producer and dates are switched off.
 */
export async function writePdf(meta: PdfMeta, layout: (measure: Measure) => LaidOutPage[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Record<FontName, PDFFont> = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const measure: Measure = (text, font, size) => {
    try {
      return fonts[font].widthOfTextAtSize(toWinAnsi(text).replace(/\n/g, ''), size);
    } catch {
      return text.length * size * 0.6;
    }
  };

  const pages = layout(measure);
  for (const laidOut of pages.length ? pages : [{ ops: [] }]) {
    const page = pdf.addPage([A4.width, A4.height]);
    for (const op of laidOut.ops) {
      if (op.op === 'text') {
        const text = toWinAnsi(op.text).replace(/\n/g, ' ');
        if (!text) continue;
        const color = op.color ? rgb(...op.color) : undefined;
        try {
          page.drawText(text, { x: op.x, y: op.y, size: op.size, font: fonts[op.font], ...(color ? { color } : {}) });
        } catch {
          page.drawText(text.replace(/[^\x20-\x7e]/g, '?'), { x: op.x, y: op.y, size: op.size, font: fonts[op.font] });
        }
      } else if (op.op === 'rect') {
        page.drawRectangle({ x: op.x, y: op.y, width: op.width, height: op.height, color: rgb(...op.color) });
      } else {
        page.drawLine({ start: { x: op.x1, y: op.y1 }, end: { x: op.x2, y: op.y2 }, thickness: op.thickness, ...(op.color ? { color: rgb(...op.color) } : {}) });
      }
    }
  }

  const created = Number.isNaN(meta.createdAt.getTime()) ? new Date(0) : meta.createdAt;
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  pdf.setLanguage(meta.language);
  if (meta.subject) pdf.setSubject(meta.subject);
  if (meta.keywords?.length) pdf.setKeywords([...meta.keywords]);
  pdf.setCreator('social-inbox');
  pdf.setProducer('social-inbox (pdf-lib)');
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  return pdf.save({ useObjectStreams: true });
}
