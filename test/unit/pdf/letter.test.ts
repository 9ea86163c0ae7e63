import { layoutLetter, paragraphs, renderLetterPdf, type LetterPdfInput } from '../../../src/pdf/letter.js';
import { A4, mm } from '../../../src/pdf/model.js';
import { pdfInfo, pdfPageCount, pdfPages, pdfText } from '../../helpers/pdf-text.js';

const PARAGRAPH =
  'Wij hebben uw klacht over de bushalte in de Kerkstraat zorgvuldig onderzocht. De halte wordt vanaf 1 januari opnieuw bediend door lijn 5, en de chauffeurs zijn op de hoogte gebracht van het voorval.';

function letter(body: string, extra: Partial<LetterPdfInput> = {}): LetterPdfInput {
  return {
    sender: { name: 'De Lijn', lines: ['Klachtenmanagement', 'klachten@delijn.be'] },
    recipient: { name: 'Mevrouw Anaïs Lefèvre', addressLines: ['Kerkstraat 12 bus 3', '9000 Gent'] },
    place: 'Mechelen',
    date: '5 december 2026',
    reference: 'Ons kenmerk: klacht 12 / ticket T-0042',
    subject: 'Uw klacht over de bushalte Kerkstraat',
    body,
    language: 'nl',
    title: 'Antwoord op uw klacht',
    ...extra,
  };
}

/** A fixed-width stand-in for the fonts' metrics. */
const measure = (text: string, _font: string, size: number) => text.length * size * 0.5;

test('a one-page letter: sender, address, place and date, reference, subject with its label, the paragraphs', async () => {
  const bytes = await renderLetterPdf(letter(`Geachte mevrouw Lefèvre,\n\n${PARAGRAPH}\n\nMet vriendelijke groeten,\nJan Peeters\nklachtencoördinator`));
  expect(await pdfPageCount(bytes)).toBe(1);
  const lines = (await pdfText(bytes)).split('\n');
  expect(lines.slice(0, 3)).toEqual(['De Lijn', 'Klachtenmanagement', 'klachten@delijn.be']);
  expect(lines).toEqual(expect.arrayContaining(['Mevrouw Anaïs Lefèvre', 'Kerkstraat 12 bus 3', '9000 Gent']));
  expect(lines.join('\n')).toContain('Ons kenmerk: klacht 12 / ticket T-0042');
  expect(lines.join('\n')).toContain('Mechelen, 5 december 2026');
  expect(lines).toContain('Betreft: Uw klacht over de bushalte Kerkstraat');
  expect(lines).toEqual(expect.arrayContaining(['Geachte mevrouw Lefèvre,', 'Met vriendelijke groeten,', 'Jan Peeters', 'klachtencoördinator']));
  // The wrapped paragraph reads back whole.
  const start = lines.findIndex((l) => l.startsWith('Wij hebben'));
  const end = lines.findIndex((l) => l.endsWith('het voorval.'));
  expect(lines.slice(start, end + 1).join(' ')).toBe(PARAGRAPH);
  expect(await pdfInfo(bytes)).toMatchObject({ Title: 'Antwoord op uw klacht', Author: 'De Lijn', Language: 'nl-BE' });
});

test('the address sits where a window envelope shows it: 25 mm from the left, from 45 mm below the top', () => {
  const [first] = layoutLetter(letter('Kort.'), measure);
  const name = first!.ops.find((op) => op.op === 'text' && op.text === 'Mevrouw Anaïs Lefèvre');
  const city = first!.ops.find((op) => op.op === 'text' && op.text === '9000 Gent');
  for (const op of [name, city]) {
    if (op?.op !== 'text') throw new Error('address line missing');
    expect(op.x).toBeCloseTo(mm(25));
    const fromTop = A4.height - op.y;
    expect(fromTop).toBeGreaterThan(mm(45));
    expect(fromTop).toBeLessThan(mm(85));
  }
});

test('a long body continues on a second page, which repeats sender and reference and is numbered', async () => {
  const body = ['Geachte heer,', ...Array.from({ length: 14 }, (_, i) => `Paragraaf ${i + 1}. ${PARAGRAPH}`), 'Met vriendelijke groeten,\nDe klachtencoördinator'].join('\n\n');
  const bytes = await renderLetterPdf(letter(body));
  expect(await pdfPageCount(bytes)).toBe(2);
  const [one, two] = await pdfPages(bytes);
  expect(one).toContain('Paragraaf 1.');
  expect(one).toContain('1/2');
  expect(two).toContain('De Lijn — Ons kenmerk: klacht 12 / ticket T-0042');
  expect(two).toContain('Paragraaf 14.');
  expect(two).toContain('De klachtencoördinator');
  expect(two).toContain('2/2');
  const all = await pdfText(bytes);
  for (let i = 1; i <= 14; i++) expect(all).toContain(`Paragraaf ${i}.`);
});

test('French letter: "Objet" label, not doubled; odd characters do not throw', async () => {
  const bytes = await renderLetterPdf(
    letter('Madame,\n\nNous avons bien reçu votre plainte 🙏 concernant l’arrêt « Église ».', {
      language: 'fr',
      subject: 'Objet : votre plainte',
      recipient: { name: 'Paweł Wałęsa', addressLines: ['ul. Długa 5', '80-831 Gdańsk', 'Polska'] },
      date: 'Bruxelles, le 5 décembre 2026',
      place: undefined,
    }),
  );
  const text = await pdfText(bytes);
  expect(text).toContain('Objet : votre plainte');
  expect(text).not.toContain('Objet: Objet');
  expect(text).toContain('Pawel Walesa');
  expect(text).toContain('80-831 Gdansk');
  expect(text).toContain('Bruxelles, le 5 décembre 2026');
  expect(text).toContain('Nous avons bien reçu votre plainte ? concernant l’arrêt « Église ».');
  expect(await pdfInfo(bytes)).toMatchObject({ Language: 'fr-BE' });
});

test('the body splits into paragraphs at blank lines, keeping single line breaks', () => {
  expect(paragraphs('Geachte,\r\n\r\nEen\ntwee\n \n\n\nGroeten')).toEqual(['Geachte,', 'Een\ntwee', 'Groeten']);
  expect(paragraphs('')).toEqual([]);
});

test('the same letter gives the same bytes', async () => {
  const a = await renderLetterPdf(letter('Tekst.'));
  const b = await renderLetterPdf(letter('Tekst.'));
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
});
