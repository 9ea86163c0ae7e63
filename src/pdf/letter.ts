import { addFooters, COLORS, Flow, type Frame } from './layout.js';
import { A4, mm, type DrawOp, type LaidOutPage, type Measure } from './model.js';
import { toWinAnsi } from './winansi.js';
import { ellipsize, wrapText } from './wrap.js';
import { writePdf } from './write.js';

/**
 * A letter to a citizen, to print and post in a window envelope (DL, window on the left): the
 * sender at the top left, the recipient's address where the window shows it (25 mm from the left,
 * from 45 mm below the top), fold marks for folding in three, then place and date, our reference,
 * the subject and the body. A long body continues on the next pages, which repeat the sender and
 * the reference at the top; every page is numbered "n/N".
 */
export interface LetterPdfInput {
  /** The entity's name, then its service or department, e-mail … */
  sender: { name: string; lines: string[] };
  recipient: { name: string; addressLines: string[] };
  place?: string;
  /** Already formatted, e.g. "Brussel, 5 december 2026" (or "5 december 2026" with `place`). */
  date: string;
  /** e.g. "Ons kenmerk: klacht 12 / ticket T-0042". */
  reference: string;
  subject: string;
  /** Plain text: "\n" breaks a line, a blank line separates paragraphs. */
  body: string;
  language: 'nl' | 'fr' | 'en';
  /** The PDF's title (metadata). */
  title: string;
}

const SUBJECT_LABEL = { nl: 'Betreft', fr: 'Objet', en: 'Subject' } as const;
const LANGUAGE_TAG = { nl: 'nl-BE', fr: 'fr-BE', en: 'en' } as const;

const LEFT = mm(25);
const RIGHT = A4.width - mm(20);
/** From the top of the page. */
const SENDER_TOP = mm(15);
const SENDER_MAX_LINES = 5;
const WINDOW = { top: mm(45), width: mm(85), height: mm(40) };
const DATE_TOP = mm(98);
const FOLDS = [mm(99), mm(198)];
const SIZE = 10.5;
const SMALL = 9;

/** Continuation pages: text from 25 mm below the top (their header is above that). */
const FRAME: Frame = { left: LEFT, right: RIGHT, top: A4.height - mm(25), bottom: mm(25) };

/** The creation date of the letter's PDF: its date is text, so the metadata date is fixed to keep the output deterministic. */
const FIXED_CREATED = new Date('2000-01-01T00:00:00Z');

export function renderLetterPdf(input: LetterPdfInput): Promise<Uint8Array> {
  const language = LANGUAGE_TAG[input.language] ?? 'nl-BE';
  return writePdf(
    { title: input.title, author: input.sender.name, language, createdAt: FIXED_CREATED, subject: input.subject },
    (measure) => layoutLetter(input, measure),
  );
}

/** The letter's pages (pure: positions and text, no PDF). */
export function layoutLetter(input: LetterPdfInput, measure: Measure): LaidOutPage[] {
  const ops: DrawOp[] = [];
  const fromTop = (distance: number) => A4.height - distance;
  const text = (x: number, top: number, value: string, font: 'regular' | 'bold', size: number, color = COLORS.text) => {
    if (value) ops.push({ op: 'text', x, y: top - size * 0.8, text: value, font, size, color });
  };
  const fit = (value: string, width: number, font: 'regular' | 'bold', size: number) => ellipsize(toWinAnsi(value), width, (t) => measure(t, font, size));

  // Sender, top left.
  let top = fromTop(SENDER_TOP);
  text(LEFT, top, fit(input.sender.name, RIGHT - LEFT, 'bold', 11), 'bold', 11);
  top -= 11 * 1.3;
  for (const line of (input.sender.lines ?? []).filter((l) => l?.trim()).slice(0, SENDER_MAX_LINES - 1)) {
    text(LEFT, top, fit(line, RIGHT - LEFT, 'regular', SMALL), 'regular', SMALL, COLORS.muted);
    top -= SMALL * 1.3;
  }

  // The recipient, in the envelope's window: as many lines as fit, each cut to its width.
  const address = [input.recipient.name, ...(input.recipient.addressLines ?? [])].map((l) => (l ?? '').trim()).filter(Boolean);
  const addressLine = SIZE * 1.3;
  const maxLines = Math.floor(WINDOW.height / addressLine);
  top = fromTop(WINDOW.top + mm(3));
  address.slice(0, maxLines).forEach((line, i) => {
    text(LEFT, top, fit(line, WINDOW.width, i === 0 ? 'bold' : 'regular', SIZE), i === 0 ? 'bold' : 'regular', SIZE);
    top -= addressLine;
  });

  // Fold marks at the left edge (A4 folded in three for a DL envelope).
  for (const fold of FOLDS) ops.push({ op: 'line', x1: mm(4), y1: fromTop(fold), x2: mm(8), y2: fromTop(fold), thickness: 0.4, color: COLORS.rule });

  // Our reference at the left, place and date at the right, on one line.
  top = fromTop(DATE_TOP);
  const dated = toWinAnsi(input.place?.trim() ? `${input.place.trim()}, ${input.date}` : input.date);
  const dateWidth = measure(dated, 'regular', SIZE);
  text(RIGHT - dateWidth, top, dated, 'regular', SIZE);
  const referenceLines = wrapText(toWinAnsi(input.reference), Math.max(RIGHT - LEFT - dateWidth - mm(10), mm(40)), (t) => measure(t, 'regular', SMALL));
  // On the date's baseline.
  const shift = (SIZE - SMALL) * 0.8;
  referenceLines.forEach((line, i) => text(LEFT, top - shift - i * SMALL * 1.3, line, 'regular', SMALL, COLORS.muted));
  top -= Math.max(SIZE * 1.3, referenceLines.length * SMALL * 1.3) + mm(6);

  // The subject, bold, with its label unless it already has one.
  const label = SUBJECT_LABEL[input.language] ?? SUBJECT_LABEL.nl;
  const subject = new RegExp(`^\\s*${label}\\s*:`, 'i').test(input.subject) ? input.subject.trim() : `${label}: ${input.subject.trim()}`;
  const subjectLines = wrapText(toWinAnsi(subject), RIGHT - LEFT, (t) => measure(t, 'bold', SIZE));
  for (const line of subjectLines) {
    text(LEFT, top, line, 'bold', SIZE);
    top -= SIZE * 1.35;
  }
  top -= mm(6);

  // The body flows from here, over as many pages as it needs.
  const flow = new Flow({ frame: FRAME, measure, language: LANGUAGE_TAG[input.language] ?? 'nl-BE', firstTop: top, firstPageOps: ops });
  for (const paragraph of paragraphs(input.body)) {
    flow.paragraph(paragraph, SIZE);
    flow.block({ kind: 'spacer', height: 4 });
  }

  // Continuation pages name the sender and the reference at the top.
  const head = fit(`${input.sender.name} — ${input.reference}`, RIGHT - LEFT, 'regular', SMALL - 1);
  flow.pages.slice(1).forEach((page) => {
    page.ops.push({ op: 'text', x: LEFT, y: A4.height - mm(15) - (SMALL - 1) * 0.8, text: head, font: 'regular', size: SMALL - 1, color: COLORS.muted });
  });
  addFooters(flow.pages, measure, { ...FRAME, bottom: mm(22) }, input.sender.name);
  return flow.pages;
}

/** The body's paragraphs: separated by one or more blank lines; single line breaks stay inside a paragraph. */
export function paragraphs(body: string): string[] {
  return (body ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim() !== '');
}
