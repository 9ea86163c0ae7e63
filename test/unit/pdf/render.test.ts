import { Flow } from '../../../src/pdf/layout.js';
import { toWinAnsi } from '../../../src/pdf/winansi.js';
import { wrapText } from '../../../src/pdf/wrap.js';
import { renderPdf, type PdfBlock, type PdfDocument } from '../../../src/pdf/render.js';
import { pdfInfo, pdfPageCount, pdfPages, pdfText } from '../../helpers/pdf-text.js';

const CREATED = new Date('2027-01-15T10:00:00Z');

function doc(blocks: PdfBlock[], extra: Partial<PdfDocument> = {}): PdfDocument {
  return { title: 'Testdocument', author: 'Testentiteit', language: 'nl-BE', createdAt: CREATED, blocks, ...extra };
}

const LOREM =
  'De klachtenbehandeling van de Vlaamse overheid volgt het decreet van 1 juni 2001: een klacht wordt binnen tien dagen ontvangen gemeld en binnen vijfenveertig dagen beantwoord.';

describe('toWinAnsi', () => {
  test('keeps Dutch and French letters and the WinAnsi punctuation', () => {
    const text = 'é è ë ê ï ç à ô û ü œ æ Œ Æ € ‘ ’ “ ” – — • … ß ø Ÿ';
    expect(toWinAnsi(text)).toBe(text);
  });

  test('takes other letters to their base letter, symbols and emoji to a look-alike or "?"', () => {
    expect(toWinAnsi('Łódź')).toBe('Lódz');
    expect(toWinAnsi('Dvořák, Šťastný, Kraków, Gdańsk, İstanbul')).toBe('Dvorák, Štastný, Kraków, Gdansk, Istanbul');
    expect(toWinAnsi('Goed 👍🏽 gedaan 🎉!')).toBe('Goed ? gedaan ?!');
    expect(toWinAnsi('familie 👨‍👩‍👧 en vlag 🇧🇪.')).toBe('familie ? en vlag ?.');
    expect(toWinAnsi('Ελλάδα')).toBe('??????');
    expect(toWinAnsi('a\u0301 e\u0300')).toBe('á è'); // combining accents, composed
    expect(toWinAnsi('1\u202f000 ≤ 2\tx\u200by')).toBe('1 000 <= 2 xy');
    expect(toWinAnsi('regel 1\r\nregel 2')).toBe('regel 1\nregel 2');
  });

  test('never throws on odd input', () => {
    for (const odd of ['\ud800 lone', '\u0000\u0007\u001b', '', '\uffff', null, undefined, 42, { toString: () => 'obj' }]) {
      expect(() => toWinAnsi(odd)).not.toThrow();
    }
    expect(toWinAnsi(null)).toBe('');
    expect(toWinAnsi('a\ud800b')).toBe('a?b');
  });
});

describe('wrapText', () => {
  const width = (text: string) => text.length; // one unit per character
  test('wraps at spaces, keeps explicit line breaks and empty lines, cuts words that are too long', () => {
    expect(wrapText('een twee drie vier', 9, width)).toEqual(['een twee', 'drie vier']);
    expect(wrapText('kort\n\nna een lege regel', 20, width)).toEqual(['kort', '', 'na een lege regel']);
    expect(wrapText('https://www.vlaanderen.be/klachten', 10, width)).toEqual(['https://ww', 'w.vlaander', 'en.be/klac', 'hten']);
  });
});

describe('renderPdf', () => {
  test('a paragraph wraps to the width of an A4 page, and the text reads back', async () => {
    const bytes = await renderPdf(doc([{ kind: 'heading', text: 'Jaarverslag 2026' }, { kind: 'paragraph', text: LOREM }, { kind: 'paragraph', text: 'eerste regel\ntweede regel' }]));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const [page] = await pdfPages(bytes);
    const lines = page!.split('\n');
    expect(lines[0]).toBe('Jaarverslag 2026');
    // The long paragraph took two or more lines; together they are the paragraph.
    const start = lines.findIndex((l) => l.startsWith('De klachtenbehandeling'));
    const end = lines.findIndex((l) => l.endsWith('beantwoord.'));
    expect(end).toBeGreaterThan(start);
    expect(lines.slice(start, end + 1).join(' ')).toBe(LOREM);
    expect(lines).toContain('eerste regel');
    expect(lines).toContain('tweede regel');
    expect(lines.at(-1)).toBe('1/1');
  });

  test('long content breaks onto new pages, each numbered n/N in its footer', async () => {
    const blocks: PdfBlock[] = Array.from({ length: 60 }, (_, i) => ({ kind: 'paragraph', text: `Alinea ${i + 1}. ${LOREM}` }));
    const bytes = await renderPdf(doc(blocks, { footer: 'Klachtenrapport AWV' }));
    const count = await pdfPageCount(bytes);
    expect(count).toBeGreaterThanOrEqual(3);
    const pages = await pdfPages(bytes);
    pages.forEach((page, i) => {
      expect(page).toContain(`${i + 1}/${count}`);
      expect(page).toContain('Klachtenrapport AWV');
    });
    const all = await pdfText(bytes);
    for (let i = 1; i <= 60; i++) expect(all).toContain(`Alinea ${i}.`);
    // In order, each paragraph once.
    const positions = Array.from({ length: 60 }, (_, i) => all.indexOf(`Alinea ${i + 1}.`));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('a table: header, rows, numbers right-aligned, the header repeated after a page break', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [`Categorie ${i + 1}`, i * 3, `${i}%`]);
    const bytes = await renderPdf(
      doc([
        { kind: 'heading', text: 'Tabel', level: 2 },
        { kind: 'table', columns: [{ header: 'Categorie', width: 3 }, { header: 'Aantal', width: 1 }, { header: 'Aandeel', width: 1, align: 'right' }], rows },
      ]),
    );
    const pages = await pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(page.split('\n')).toContain('Categorie Aantal Aandeel');
    const lines = pages.join('\n').split('\n');
    expect(lines).toContain('Categorie 1 0 0%');
    expect(lines).toContain('Categorie 90 267 89%');
    expect(lines.filter((l) => /^Categorie \d+ /.test(l))).toHaveLength(90);
  });

  test('key/value lines and a bar chart print their labels and values', async () => {
    const bytes = await renderPdf(
      doc([
        { kind: 'keyValues', items: [{ key: 'Jaar', value: '2026' }, { key: 'Entiteiten', value: 'AWV, De Lijn' }] },
        { kind: 'spacer', height: 20 },
        { kind: 'barChart', title: 'Klachten per drager', bars: [{ label: 'X', value: 12 }, { label: 'Facebook', value: 5 }, { label: 'E-mail', value: 0 }] },
      ]),
    );
    const lines = (await pdfText(bytes)).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['Jaar 2026', 'Entiteiten AWV, De Lijn', 'Klachten per drager', 'X 12', 'Facebook 5', 'E-mail 0']));
  });

  test('emoji, Polish and Greek text does not throw and comes out readable', async () => {
    const bytes = await renderPdf(
      doc([
        { kind: 'heading', text: 'Klacht uit Łódź 😡' },
        { kind: 'paragraph', text: 'Zażółć gęślą jaźń — “Ελλάδα” 🚍 café crème à l’œuvre, 100 €' },
        { kind: 'table', columns: [{ header: 'Naam 🙂', width: 1 }], rows: [['Dvořák']] },
      ]),
    );
    const text = await pdfText(bytes);
    expect(text).toContain('Klacht uit Lódz ?');
    expect(text).toContain('Zazólc gesla jazn — “??????” ? café crème à l’œuvre, 100 €');
    expect(text).toContain('Dvorák');
  });

  test('metadata is written, and the same input gives the same bytes', async () => {
    const input = doc([{ kind: 'paragraph', text: 'Hallo' }], { title: 'Jaarverslag klachten 2026', author: 'Agentschap Wegen en Verkeer', language: 'nl-BE' });
    const first = await renderPdf(input);
    const second = await renderPdf(input);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const info = await pdfInfo(first);
    expect(info).toMatchObject({ Title: 'Jaarverslag klachten 2026', Author: 'Agentschap Wegen en Verkeer', Language: 'nl-BE' });
    expect(String(info.CreationDate)).toContain('20270115100000');
  });

  test('an empty document is one empty numbered page', async () => {
    const bytes = await renderPdf(doc([]));
    expect(await pdfPageCount(bytes)).toBe(1);
    expect(await pdfText(bytes)).toBe('1/1');
  });
});

describe('Flow (layout)', () => {
  // Ten points per character, a frame of 100 points wide (ten characters) and five 13.5-point lines high.
  const measure = (text: string) => text.length * 10;
  const frame = { left: 0, right: 100, top: 5 * 13.5 + 0.5, bottom: 0 };
  const texts = (flow: Flow) => flow.pages.map((page) => page.ops.flatMap((op) => (op.op === 'text' ? [op.text] : [])));

  test('a paragraph does not leave one line alone at the bottom of a page or the top of the next', () => {
    const flow = new Flow({ frame, measure, language: 'nl' });
    flow.paragraph('aaaaaa bbbbbb cccccc'); // three lines
    flow.paragraph('dddddd eeeeee ffffff'); // three more: two would fit, one would be left alone
    expect(texts(flow)).toEqual([['aaaaaa', 'bbbbbb', 'cccccc'], ['dddddd', 'eeeeee', 'ffffff']]);
  });

  test('a table repeats its header on the next page', () => {
    const flow = new Flow({ frame: { ...frame, right: 400, top: 120 }, measure, language: 'nl-BE' });
    flow.table([{ header: 'Naam', width: 1 }, { header: 'N', width: 1 }], Array.from({ length: 8 }, (_, i) => [`r${i}`, i + 0.5]));
    const pages = texts(flow);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.slice(0, 2)).toEqual(['Naam', 'N']);
    expect(pages.flat()).toContain('7,5'); // numbers in the document's language
  });
});
