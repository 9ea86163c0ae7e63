import { buildAnnualReport, type ReportCase } from '../../../src/reports/annual-report.js';
import { chartBars, toPdf } from '../../../src/reports/report-pdf.js';
import { pdfInfo, pdfPageCount, pdfText } from '../../helpers/pdf-text.js';

const base = { channel: 'x', source: 'social', timeZone: 'Europe/Brussels', ombudsNorms: [], qualified: true, state: 'closed' } as const;
const cases: ReportCase[] = [
  { ...base, id: '1', entityId: 'awv', platform: 'X', receivedAt: new Date('2026-03-02T09:00:00Z'), admissible: true, outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'], acknowledgedAt: new Date('2026-03-06T09:00:00Z'), answeredAt: new Date('2026-04-01T09:00:00Z') },
  { ...base, id: '2', entityId: 'awv', platform: 'Facebook', receivedAt: new Date('2026-05-10T09:00:00Z'), admissible: false, declineGround: 'policy_or_legislation', declinedAt: new Date('2026-05-15T09:00:00Z') },
  { ...base, id: '3', entityId: 'de-lijn', platform: 'X', receivedAt: new Date('2026-06-02T09:00:00Z'), admissible: true, outcome: 'founded', theme: 'Stiptheid', acknowledgedAt: new Date('2026-06-03T09:00:00Z') },
  { ...base, id: '4', entityId: 'vdab', platform: 'X', receivedAt: new Date('2026-06-02T09:00:00Z'), admissible: null },
];
const report = buildAnnualReport(cases, { year: 2026, entities: ['awv', 'de-lijn'], generatedAt: new Date('2027-01-15T10:00:00Z') });

test('the report PDF: title, entities by name, generation date, every table with its figures, charts', async () => {
  const bytes = await toPdf(report, { entityNames: { awv: 'Agentschap Wegen en Verkeer', 'de-lijn': 'De Lijn' } });
  const text = await pdfText(bytes);
  const lines = text.split('\n');
  expect(lines[0]).toBe('Jaarverslag klachten 2026');
  expect(lines).toContain('Entiteiten / Entities Agentschap Wegen en Verkeer, De Lijn');
  expect(lines).toContain('Aangemaakt / Generated 15 januari 2027 om 11:00');
  expect(lines).toContain('Te bezorgen vóór / Due before 10 februari 2027');
  for (const table of report.tables) expect(text).toContain(table.title.nl);
  // Figures of the tables: 3 received, 2 of 3 admissible (66,7 %), 2 complaints via X.
  expect(lines).toContain('ontvangen / received 3');
  expect(lines).toContain('ontvankelijk / admissible 2 66,7');
  expect(lines).toContain('X 2');
  // The chart of complaints per drager, and of the outcome.
  expect(text).toContain('Per drager (kanaal) (grafiek / chart)');
  expect(text).toContain('Gegrondheid (grafiek / chart)');
  expect(await pdfPageCount(bytes)).toBeGreaterThanOrEqual(2);
  expect(await pdfInfo(bytes)).toMatchObject({ Title: 'Jaarverslag klachten 2026 — Agentschap Wegen en Verkeer, De Lijn', Language: 'nl-BE' });
});

test('charts count categories, not totals, means or medians', () => {
  const platform = report.tables.find((t) => t.key === 'by_platform')!;
  expect(chartBars(platform)).toEqual([{ label: 'X', value: 2 }, { label: 'Facebook', value: 1 }]);
  const answer = report.tables.find((t) => t.key === 'time_to_answer')!;
  expect(chartBars(answer).map((b) => b.label)).not.toContain('gemiddelde (dagen)');
});
