import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAnnualReport, type ReportCase } from '../../src/reports/annual-report.js';
import { toXlsx } from '../../src/reports/report-writers.js';

/** The XLSX for the Ombudsdienst must open in LibreOffice; .ci/run installs it (libreoffice-calc-nogui). */
const libreOffice = spawnSync('libreoffice', ['--version'], { encoding: 'utf8' }).status === 0;

(libreOffice ? test : test.skip)('the annual report XLSX opens in LibreOffice', async () => {
  const base = { entityId: 'awv', channel: 'awv-x', source: 'social', timeZone: 'Europe/Brussels', ombudsNorms: [] } as const;
  const cases: ReportCase[] = [
    { ...base, id: '1', platform: 'X', receivedAt: new Date('2026-03-02T09:00:00Z'), qualified: true, state: 'closed', admissible: true, outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'], acknowledgedAt: new Date('2026-03-06T09:00:00Z'), answeredAt: new Date('2026-04-01T09:00:00Z') },
    { ...base, id: '2', platform: 'Facebook', receivedAt: new Date('2026-05-10T09:00:00Z'), qualified: true, state: 'closed', admissible: false, declineGround: 'policy_or_legislation', declinedAt: new Date('2026-05-15T09:00:00Z') },
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'inbox-report-'));
  const xlsx = path.join(dir, 'klachten-2026.xlsx');
  writeFileSync(xlsx, await toXlsx(buildAnnualReport(cases, { year: 2026, generatedAt: new Date('2027-01-15T10:00:00Z') })));
  execFileSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore', timeout: 120_000 });
  const pdf = path.join(dir, 'klachten-2026.pdf');
  expect(existsSync(pdf)).toBe(true);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
}, 150_000);

(libreOffice ? test : test.skip)('the annual report XLSX of two entities opens in LibreOffice and names both', async () => {
  const base = { channel: 'x', platform: 'X', source: 'social', timeZone: 'Europe/Brussels', ombudsNorms: [], qualified: true, state: 'acknowledged', admissible: true } as const;
  const cases: ReportCase[] = [
    { ...base, id: '1', entityId: 'awv', receivedAt: new Date('2026-03-02T09:00:00Z'), acknowledgedAt: new Date('2026-03-04T09:00:00Z') },
    { ...base, id: '2', entityId: 'de-lijn', receivedAt: new Date('2026-06-02T09:00:00Z'), acknowledgedAt: new Date('2026-06-03T09:00:00Z') },
    { ...base, id: '3', entityId: 'vdab', receivedAt: new Date('2026-06-02T09:00:00Z') },
  ];
  const report = buildAnnualReport(cases, { year: 2026, entities: ['awv', 'de-lijn'], generatedAt: new Date('2027-01-15T10:00:00Z') });
  expect(report.tables[0]!.rows[0]).toEqual(['ontvangen / received', 2]);
  const dir = mkdtempSync(path.join(tmpdir(), 'inbox-report-'));
  const xlsx = path.join(dir, 'klachten-2026-awv-de-lijn.xlsx');
  writeFileSync(xlsx, await toXlsx(report));
  // The first sheet as CSV: LibreOffice read the workbook, and the sheet names both entities.
  execFileSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv', '--outdir', dir, xlsx], { stdio: 'ignore', timeout: 120_000 });
  const about = readFileSync(path.join(dir, 'klachten-2026-awv-de-lijn.csv'), 'utf8');
  expect(about).toContain('Entiteiten / Entities,"awv, de-lijn"');
}, 150_000);
