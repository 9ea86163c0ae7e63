import ExcelJS from 'exceljs';
import { annualReportDueBefore, buildAnnualReport, type AnnualReport, type ReportCase } from '../../src/reports/annual-report.js';
import { toCsv, toJson, toXlsx, uniqueSheetName } from '../../src/reports/report-writers.js';

/*
 * A seeded year of complaints for one entity. Every instant carries its Brussels offset by hand
 * (+01:00 before 31 March and from 27 October 2024, +02:00 in between), and every expected number
 * below was counted by hand from this list — the comments give the local day counts.
 */

const d = (iso: string) => new Date(iso);

function complaint(id: string, receivedAt: string, source: string, platform: string, extra: Partial<ReportCase> = {}): ReportCase {
  return {
    id,
    entityId: 'de-lijn',
    receivedAt: d(receivedAt),
    channel: `${platform}-main`,
    platform,
    source,
    qualified: true,
    state: 'received',
    admissible: null,
    ombudsNorms: [],
    timeZone: 'Europe/Brussels',
    ...extra,
  };
}

const notQualified = (id: string, receivedAt: string, source: string, platform: string) =>
  complaint(id, receivedAt, source, platform, { qualified: false, state: 'withdrawn' });

const declined = (id: string, receivedAt: string, source: string, platform: string, declinedAt: string, extra: Partial<ReportCase> = {}) =>
  complaint(id, receivedAt, source, platform, { state: 'closed', admissible: false, declinedAt: d(declinedAt), ...extra });

const admissible = (id: string, receivedAt: string, source: string, platform: string, acknowledgedAt: string, extra: Partial<ReportCase> = {}) =>
  complaint(id, receivedAt, source, platform, { state: 'answered', admissible: true, acknowledgedAt: d(acknowledgedAt), ...extra });

const answered = (iso: string) => ({ answeredAt: d(iso) });

const CASES: ReportCase[] = [
  // Not qualified as complaint: 3 social, 1 e-mail.
  notQualified('N1', '2024-02-01T10:00+01:00', 'social', 'x'),
  notQualified('N2', '2024-05-10T10:00+02:00', 'social', 'facebook'),
  notQualified('N3', '2024-07-15T10:00+02:00', 'email', 'email'),
  notQualified('N4', '2024-11-20T10:00+01:00', 'social', 'instagram'),

  // Inadmissible (declined); days to the reasoned refusal in the comment.
  declined('D1', '2024-01-05T09:00+01:00', 'social', 'x', '2024-01-12T10:00+01:00', { declineGround: 'anonymous' }), // 7
  // 00:30 local on 21 Feb is still 20 Feb in UTC: 11 days, not 10.
  declined('D2', '2024-02-10T09:00+01:00', 'social', 'facebook', '2024-02-21T00:30+01:00', { declineGround: 'anonymous' }), // 11
  declined('D3', '2024-03-04T10:00+01:00', 'webform', 'webform', '2024-03-06T10:00+01:00', { declineGround: 'manifestly_unfounded' }), // 2
  declined('D4', '2024-04-02T10:00+02:00', 'email', 'email', '2024-04-05T10:00+02:00', { declineGround: 'not_competent' }), // 3
  declined('D5', '2024-06-01T10:00+02:00', 'social', 'x', '2024-06-11T10:00+02:00', { declineGround: 'policy_or_legislation', theme: ' Tarieven ' }), // 10
  declined('D6', '2024-09-09T10:00+02:00', 'webform', 'webform', '2024-09-10T10:00+02:00', { declineGround: 'facts_older_than_one_year' }), // 1
  declined('D7', '2024-10-01T10:00+02:00', 'letter', 'letter', '2024-10-08T10:00+02:00'), // 7, ground not recorded

  // Admissibility not yet assessed.
  complaint('P1', '2024-12-20T10:00+01:00', 'social', 'x', { state: 'intake_incomplete' }),
  complaint('P3', '2024-12-28T10:00+01:00', 'email', 'email', { state: 'admissibility_check' }),

  // Admissible; comments: days to acknowledge / days to answer.
  // 00:30 local on 1 Jan 2024 is 31 Dec 2023 in UTC: this case belongs to 2024.
  admissible('A1', '2024-01-01T00:30+01:00', 'social', 'facebook', '2024-01-03T10:00+01:00', {
    ...answered('2024-01-20T10:00+01:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['courteous_treatment'], theme: 'Dienstregeling',
  }), // 2 / 19
  admissible('A2', '2024-01-15T10:00+01:00', 'social', 'x', '2024-01-20T10:00+01:00', {
    ...answered('2024-02-14T10:00+01:00'), outcome: 'unfounded', resolution: 'resolved', theme: 'Dienstregeling',
  }), // 5 / 30
  admissible('A3', '2024-02-05T10:00+01:00', 'email', 'email', '2024-02-15T10:00+01:00', {
    ...answered('2024-03-21T10:00+01:00'), outcome: 'founded', resolution: 'partly_resolved', ombudsNorms: ['reasonable_time', 'proper_correspondence'], theme: 'Personeel',
  }), // 10 / 45 (2024 is a leap year)
  admissible('A4', '2024-02-20T10:00+01:00', 'webform', 'webform', '2024-03-03T10:00+01:00', {
    ...answered('2024-04-06T10:00+02:00'), outcome: 'partly_founded', resolution: 'not_resolved', ombudsNorms: ['reasonable_time'], theme: 'Personeel',
  }), // 12 / 46
  admissible('A5', '2024-03-10T10:00+01:00', 'social', 'x', '2024-03-11T10:00+01:00', {
    ...answered('2024-03-30T10:00+01:00'), outcome: 'unfounded', resolution: 'not_resolved', theme: 'Netheid',
  }), // 1 / 20
  admissible('A6', '2024-03-25T10:00+01:00', 'social', 'instagram', '2024-04-01T10:00+02:00', {
    ...answered('2024-04-15T10:00+02:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'], theme: 'Dienstregeling',
  }), // 7 / 21
  // Received the evening before summer time; answered at 00:30 local, still the 14th in UTC: 46 days, not 45.
  admissible('A7', '2024-03-30T23:30+01:00', 'social', 'x', '2024-04-09T23:30+02:00', {
    ...answered('2024-05-15T00:30+02:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'], theme: 'Dienstregeling',
  }), // 10 / 46
  admissible('A8', '2024-04-10T10:00+02:00', 'email', 'email', '2024-04-13T10:00+02:00', {
    ...answered('2024-06-09T10:00+02:00'),
    outcome: 'partly_founded',
    resolution: 'partly_resolved',
    ombudsNorms: ['good_practice_and_administrative_accuracy', 'adequate_reasoning'],
    theme: 'Tarieven',
  }), // 3 / 60
  admissible('A9', '2024-04-22T10:00+02:00', 'webform', 'webform', '2024-04-26T10:00+02:00', {
    ...answered('2024-07-21T10:00+02:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['conformity_with_law', 'legacy_norm'], theme: 'Tarieven',
  }), // 4 / 90
  admissible('A10', '2024-05-06T10:00+02:00', 'letter', 'letter', '2024-05-12T10:00+02:00', {
    ...answered('2024-08-05T10:00+02:00'), outcome: 'unfounded', resolution: 'not_resolved', theme: 'Tarieven',
  }), // 6 / 91
  admissible('A11', '2024-05-20T10:00+02:00', 'social', 'facebook', '2024-05-29T10:00+02:00', {
    ...answered('2024-07-03T10:00+02:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['courteous_treatment'], theme: 'Personeel',
  }), // 9 / 44
  admissible('A12', '2024-06-03T10:00+02:00', 'social', 'x', '2024-06-14T10:00+02:00', {
    ...answered('2024-07-18T10:00+02:00'), outcome: 'partly_founded', resolution: 'resolved', ombudsNorms: ['active_service', 'easy_accessibility'], theme: 'Dienstregeling',
  }), // 11 / 45
  admissible('A13', '2024-06-17T10:00+02:00', 'phone', 'phone', '2024-06-17T12:00+02:00', {
    ...answered('2024-06-17T16:00+02:00'), resolution: 'resolved', theme: 'Netheid',
  }), // 0 / 0, resolved by agreement
  admissible('A14', '2024-07-01T10:00+02:00', 'social', 'x', '2024-07-09T10:00+02:00', { ...answered('2024-07-26T10:00+02:00'), resolution: 'partly_resolved' }), // 8 / 25
  admissible('A15', '2024-07-22T10:00+02:00', 'social', 'facebook', '2024-08-01T10:00+02:00', {
    ...answered('2024-09-10T10:00+02:00'), outcome: 'founded', resolution: 'partly_resolved', ombudsNorms: ['efficient_coordination'], theme: 'Werken',
  }), // 10 / 50
  admissible('A16', '2024-08-12T10:00+02:00', 'email', 'email', '2024-08-27T10:00+02:00', {
    ...answered('2024-12-10T10:00+01:00'), outcome: 'founded', resolution: 'not_resolved', ombudsNorms: ['reasonable_time', 'careful_complaint_handling'], theme: 'Werken',
  }), // 15 / 120
  admissible('A17', '2024-09-02T10:00+02:00', 'webform', 'webform', '2024-09-05T10:00+02:00', {
    ...answered('2024-10-07T10:00+02:00'), outcome: 'unfounded', resolution: 'resolved', theme: 'Werken',
  }), // 3 / 35
  admissible('A18', '2024-09-16T10:00+02:00', 'social', 'x', '2024-09-21T10:00+02:00', { state: 'in_investigation' }), // 5 / —
  admissible('A19', '2024-10-14T10:00+02:00', 'social', 'linkedin', '2024-10-16T10:00+02:00', {
    state: 'decided', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['respect_for_privacy'], theme: 'Personeel',
  }), // 2 / —
  admissible('A20', '2024-10-25T10:00+02:00', 'social', 'x', '2024-10-29T10:00+01:00', {
    ...answered('2024-12-04T10:00+01:00'), outcome: 'partly_founded', resolution: 'partly_resolved', ombudsNorms: ['proper_correspondence'], theme: 'Dienstregeling',
  }), // 4 / 40
  admissible('A21', '2024-11-05T10:00+01:00', 'counter', 'counter', '2024-11-25T10:00+01:00', { state: 'acknowledged' }), // 20 / —
  admissible('A22', '2024-11-18T10:00+01:00', 'social', 'facebook', '2024-11-28T10:00+01:00', {
    ...answered('2024-12-18T10:00+01:00'), outcome: 'unfounded', resolution: 'resolved', theme: 'Netheid',
  }), // 10 / 30
  admissible('A23', '2024-12-02T10:00+01:00', 'social', 'x', '2024-12-03T10:00+01:00', {
    ...answered('2024-12-22T10:00+01:00'), outcome: 'founded', resolution: 'resolved', ombudsNorms: ['active_service'], theme: 'Dienstregeling',
  }), // 1 / 20
  admissible('A24', '2024-12-16T10:00+01:00', 'email', 'email', '2024-12-19T10:00+01:00', { state: 'in_investigation' }), // 3 / —

  // Outside the report for de-lijn 2024.
  complaint('O1', '2024-05-05T10:00+02:00', 'social', 'x', { entityId: 'vdab' }),
  complaint('O2', '2023-12-31T23:30+01:00', 'social', 'x'), // 2023 locally (and in UTC)
  complaint('O3', '2025-01-01T00:30+01:00', 'social', 'x'), // 2025 locally, although 31 Dec 2024 in UTC
  complaint('O4', '2025-03-01T10:00+01:00', 'email', 'email'),
  complaint('O5', '2024-12-31T10:00+01:00', 'webform', 'webform', { entityId: 'vdab', qualified: false, state: 'withdrawn' }),
];

const generatedAt = new Date('2025-01-15T08:00:00Z');
const report = buildAnnualReport(CASES, { year: 2024, entity: 'de-lijn', generatedAt });

function rowsOf(key: string): Array<Array<string | number>> {
  const table = report.tables.find((t) => t.key === key);
  if (!table) throw new Error(`no table ${key}`);
  return table.rows;
}

describe('annual report', () => {
  test('has the year, the entity, the time of generation and every table', () => {
    expect(report.year).toBe(2024);
    expect(report.entity).toBe('de-lijn');
    expect(report.generatedAt).toBe('2025-01-15T08:00:00.000Z');
    expect(report.tables.map((t) => t.key)).toEqual([
      'received',
      'not_qualified',
      'admissibility',
      'decline_grounds',
      'outcome',
      'resolution',
      'ombuds_norms',
      'by_platform',
      'by_source',
      'by_theme',
      'time_to_acknowledge',
      'time_to_answer',
    ]);
    for (const table of report.tables) {
      expect(table.title.nl).not.toBe('');
      expect(table.title.en).not.toBe('');
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    }
    expect(annualReportDueBefore(2024)).toBe('2025-02-10');
  });

  test('counts received, complaints and cases not qualified as complaint by local year of receipt', () => {
    expect(rowsOf('received')).toEqual([
      ['ontvangen / received', 37],
      ['klachten / complaints', 33],
      ['niet als klacht gekwalificeerd / not qualified as complaint', 4],
    ]);
    expect(rowsOf('not_qualified')).toEqual([
      ['sociale media / social media', 3],
      ['webformulier / web form', 0],
      ['e-mail', 1],
      ['brief / letter', 0],
      ['telefoon / phone', 0],
      ['loket / counter', 0],
      ['andere / other', 0],
      ['totaal / total', 4],
    ]);
  });

  test('admissibility and the grounds for not handling', () => {
    expect(rowsOf('admissibility')).toEqual([
      ['ontvankelijk / admissible', 24, 72.7],
      ['onontvankelijk / inadmissible', 7, 21.2],
      ['nog niet beoordeeld / not yet assessed', 2, 6.1],
      ['totaal / total', 33, 100],
    ]);
    expect(rowsOf('decline_grounds')).toEqual([
      ['geen belang / no interest', 0],
      ['kennelijk ongegrond / manifestly unfounded', 1],
      ['kennelijk onredelijk / manifestly unreasonable', 0],
      ['al eerder behandeld / already handled', 0],
      ['feiten ouder dan een jaar / facts older than one year', 1],
      ['georganiseerd administratief beroep niet ingesteld of gerechtelijke procedure lopend / administrative appeal not used or court case pending', 0],
      ['anoniem (naam of adres onbekend) / anonymous (name or address unknown)', 2],
      ['algemeen beleid of regelgeving / about policy or legislation', 1],
      ['niet bevoegd / not competent', 1],
      ['niet geregistreerd / not recorded', 1],
      ['totaal / total', 7],
    ]);
  });

  test('outcome and resolution of the admissible complaints', () => {
    expect(rowsOf('outcome')).toEqual([
      ['gegrond / founded', 10, 41.7],
      ['deels gegrond / partly founded', 4, 16.7],
      ['ongegrond / unfounded', 5, 20.8],
      ['niet geregistreerd / none recorded', 5, 20.8],
      ['totaal ontvankelijk / total admissible', 24, 100],
    ]);
    expect(rowsOf('resolution')).toEqual([
      ['opgelost / resolved', 12, 50],
      ['deels opgelost / partly resolved', 5, 20.8],
      ['niet opgelost / not resolved', 4, 16.7],
      ['niet geregistreerd / none recorded', 3, 12.5],
      ['totaal ontvankelijk / total admissible', 24, 100],
    ]);
  });

  test('ombudsman norms: complaints naming each norm', () => {
    expect(rowsOf('ombuds_norms').map((row) => row[1])).toEqual([1, 1, 0, 0, 0, 2, 3, 2, 1, 0, 1, 1, 4, 1, 1, 1, 14]);
    expect(rowsOf('ombuds_norms')[12]).toEqual(['redelijke behandeltermijn / reasonable handling time', 4]);
    expect(rowsOf('ombuds_norms')[15]).toEqual(['legacy_norm', 1]);
    expect(rowsOf('ombuds_norms')[16]).toEqual(['klachten met minstens één ombudsnorm / complaints naming at least one norm', 14]);
  });

  test('complaints per platform, source and theme', () => {
    expect(rowsOf('by_platform')).toEqual([
      ['x', 11],
      ['email', 6],
      ['facebook', 5],
      ['webform', 5],
      ['letter', 2],
      ['counter', 1],
      ['instagram', 1],
      ['linkedin', 1],
      ['phone', 1],
      ['totaal / total', 33],
    ]);
    expect(rowsOf('by_source')).toEqual([
      ['sociale media / social media', 18],
      ['webformulier / web form', 5],
      ['e-mail', 6],
      ['brief / letter', 2],
      ['telefoon / phone', 1],
      ['loket / counter', 1],
      ['andere / other', 0],
      ['totaal / total', 33],
    ]);
    expect(rowsOf('by_theme')).toEqual([
      ['Dienstregeling', 7],
      ['Personeel', 4],
      ['Tarieven', 4],
      ['Netheid', 3],
      ['Werken', 3],
      ['geen thema / no theme', 12],
      ['totaal / total', 33],
    ]);
  });

  test('time to acknowledge: calendar days in Brussels to the acknowledgement or the reasoned refusal', () => {
    // 31 values; sum 202; sorted, the 16th is 6; 26 within 10 days, 5 after (11, 11, 12, 15, 20).
    expect(rowsOf('time_to_acknowledge')).toEqual([
      ['met ontvangstmelding of weigering / acknowledged or refused', 31],
      ['gemiddelde (dagen) / mean (days)', 6.5],
      ['mediaan (dagen) / median (days)', 6],
      ['binnen 10 dagen / within 10 days', 26],
      ['na meer dan 10 dagen / after more than 10 days', 5],
      ['nog geen / none yet', 2],
    ]);
  });

  test('time to answer: calendar days in Brussels to the answer, with buckets', () => {
    // 20 answers; sum 877 → 43.85 → 43.9; the 10th and 11th are 40 and 44 → 42.
    expect(rowsOf('time_to_answer')).toEqual([
      ['beantwoord / answered', 20],
      ['gemiddelde (dagen) / mean (days)', 43.9],
      ['mediaan (dagen) / median (days)', 42],
      ['binnen 45 dagen / within 45 days', 13],
      ['na meer dan 45 dagen / after more than 45 days', 7],
      ['0–20 dagen / 0–20 days', 4],
      ['21–45 dagen / 21–45 days', 9],
      ['46–90 dagen / 46–90 days', 5],
      ['meer dan 90 dagen / more than 90 days', 2],
      ['nog niet beantwoord / not yet answered', 4],
    ]);
  });

  test('without an entity every entity of the year is counted', () => {
    const all = buildAnnualReport(CASES, { year: 2024, generatedAt });
    expect(all.entity).toBeUndefined();
    expect(all.tables[0]!.rows).toEqual([
      ['ontvangen / received', 39],
      ['klachten / complaints', 34],
      ['niet als klacht gekwalificeerd / not qualified as complaint', 5],
    ]);
  });

  test('an empty year has zeros and empty means', () => {
    const empty = buildAnnualReport(CASES, { year: 2019, entity: 'de-lijn', generatedAt });
    expect(empty.tables.find((t) => t.key === 'received')!.rows.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(empty.tables.find((t) => t.key === 'admissibility')!.rows.at(-1)).toEqual(['totaal / total', 0, 0]);
    expect(empty.tables.find((t) => t.key === 'time_to_answer')!.rows.slice(0, 3)).toEqual([
      ['beantwoord / answered', 0],
      ['gemiddelde (dagen) / mean (days)', ''],
      ['mediaan (dagen) / median (days)', ''],
    ]);
    expect(empty.tables.find((t) => t.key === 'by_theme')!.rows).toEqual([
      ['geen thema / no theme', 0],
      ['totaal / total', 0],
    ]);
    expect(() => buildAnnualReport(CASES, { year: 2024.5, generatedAt })).toThrow(/whole number/);
  });
});

const TRICKY: AnnualReport = {
  year: 2024,
  generatedAt: '2025-01-15T08:00:00.000Z',
  tables: [
    {
      key: 'tricky',
      title: { nl: 'Thema’s: "werken"', en: 'Themes: "works"' },
      columns: ['Thema / Theme', 'Aantal / Count'],
      rows: [
        ['Werken, omleidingen', 3],
        ['Zeg "hallo"', 1.5],
        ['regel\nbreuk', 0],
        ['=SOM(A1:A2)', -1],
        ['Éénrichting à la carte', 2],
      ],
    },
    { key: 'second', title: { nl: 'Tweede', en: 'Second' }, columns: ['A', 'B'], rows: [] },
  ],
};

describe('CSV', () => {
  test('RFC 4180 with a byte order mark, one section per table, blank line between', () => {
    expect(toCsv(TRICKY)).toBe(
      '\uFEFF' +
        [
          '"Thema’s: ""werken"" / Themes: ""works"""',
          'Thema / Theme,Aantal / Count',
          '"Werken, omleidingen",3',
          '"Zeg ""hallo""",1.5',
          '"regel\nbreuk",0',
          "'=SOM(A1:A2),-1",
          'Éénrichting à la carte,2',
          '',
          'Tweede / Second',
          'A,B',
          '',
        ].join('\r\n'),
    );
  });

  test('the annual report has twelve sections, each starting with its title', () => {
    const csv = toCsv(report);
    expect(csv.startsWith('\uFEFFOntvangen klachten / Complaints received\r\nCategorie / Category,Aantal / Count\r\nontvangen / received,37\r\n')).toBe(true);
    const sections = csv.slice(1).trimEnd().split('\r\n\r\n');
    expect(sections).toHaveLength(12);
    expect(sections[11]!.split('\r\n')[0]).toBe('Termijn antwoord / Time to answer');
    expect(sections[11]).toContain('\r\ngemiddelde (dagen) / mean (days),43.9\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe('JSON', () => {
  test('round-trips the report', () => {
    expect(JSON.parse(toJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(toJson(report).endsWith('\n')).toBe(true);
  });
});

describe('XLSX', () => {
  async function load(r: AnnualReport): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(r)) as unknown as ExcelJS.Buffer);
    return workbook;
  }

  test('one sheet per table after an overview, with bold headers, widths and the numbers', async () => {
    const workbook = await load(report);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual([
      'Jaarverslag 2024',
      'Ontvangen klachten',
      'Niet als klacht gekwalificeerd',
      'Ontvankelijkheid',
      'Redenen van niet-behandeling',
      'Gegrondheid',
      'Oplossing',
      'Ombudsnormen',
      'Per drager (kanaal)',
      'Per bron',
      'Per thema',
      'Termijn ontvangstmelding',
      'Termijn antwoord',
    ]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);

    const received = workbook.getWorksheet('Ontvangen klachten')!;
    expect(received.getCell('A1').value).toBe('Categorie / Category');
    expect(received.getCell('A1').font?.bold).toBe(true);
    expect(received.getCell('B2').value).toBe(37);
    expect(received.getCell('B4').value).toBe(4);
    expect(received.getColumn(1).width).toBeGreaterThanOrEqual('niet als klacht gekwalificeerd / not qualified as complaint'.length);

    const answer = workbook.getWorksheet('Termijn antwoord')!;
    expect(answer.getCell('A3').value).toBe('gemiddelde (dagen) / mean (days)');
    expect(answer.getCell('B3').value).toBe(43.9);
    expect(answer.getCell('B4').value).toBe(42);

    const overview = workbook.getWorksheet('Jaarverslag 2024')!;
    expect(overview.getCell('B2').value).toBe(2024);
    expect(overview.getCell('B3').value).toBe('de-lijn');
    expect(overview.getCell('A7').value).toBe('Ontvangen klachten / Complaints received');
    expect(overview.getCell('B7').value).toBe('Ontvangen klachten');
  });

  test('sheet names are cut to 31 characters, cleaned and unique', async () => {
    const long = 'Klachten per dienst en per maand: overzicht [test]';
    const r: AnnualReport = {
      year: 2024,
      generatedAt: '2025-01-15T08:00:00.000Z',
      tables: [1, 2, 3].map((n) => ({ key: `t${n}`, title: { nl: long, en: 'Long' }, columns: ['A'], rows: [[n]] })),
    };
    const workbook = await load(r);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual(['Jaarverslag 2024', 'Klachten per dienst en per maan', 'Klachten per dienst en per (2)', 'Klachten per dienst en per (3)']);
    expect(workbook.getWorksheet('Klachten per dienst en per (3)')!.getCell('A2').value).toBe(3);
    expect(uniqueSheetName('a/b?c*d[e]f:g\\h', new Set())).toBe('a-b-c-d-e-f-g-h');
    expect(uniqueSheetName('Blad', new Set(['blad']))).toBe('Blad (2)');
  });
});
