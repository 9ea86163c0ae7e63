/** Words of the annual report page (src/web/Report.tsx), Dutch and English; in the dictionary as t.admin.report. */
export const nlReport = {
  nav: 'Jaarverslag',
  title: 'Jaarverslag klachten',
  intro: 'De cijfers die de Vlaamse Ombudsdienst elk jaar vraagt, per entiteit of voor meerdere entiteiten samen.',
  year: 'Jaar',
  entities: 'Entiteiten',
  allMine: 'Al mijn entiteiten',
  chooseOne: 'Kies minstens één entiteit.',
  covers: 'Over',
  dueBefore: (year: number) => `Te bezorgen aan de Vlaamse Ombudsdienst vóór 10 februari ${year + 1}.`,
  generatedAt: 'Opgemaakt op',
  downloads: 'Downloaden',
  download: (format: string) => `${format} downloaden`,
  downloadHint: 'XLSX en CSV bevatten dezelfde tabellen, met titels in het Nederlands en het Engels; de PDF voegt er grafieken aan toe, om te lezen of af te drukken.',
  chart: 'Grafiek',
  table: 'Tabel',
};

export type ReportWords = typeof nlReport;

export const enReport: ReportWords = {
  nav: 'Annual report',
  title: 'Annual complaints report',
  intro: 'The figures the Flemish Ombudsman asks for every year, per entity or for several entities together.',
  year: 'Year',
  entities: 'Entities',
  allMine: 'All my entities',
  chooseOne: 'Choose at least one entity.',
  covers: 'Covers',
  dueBefore: (year: number) => `To be sent to the Flemish Ombudsman before 10 February ${year + 1}.`,
  generatedAt: 'Generated at',
  downloads: 'Download',
  download: (format: string) => `Download ${format}`,
  downloadHint: 'XLSX and CSV hold the same tables, with titles in Dutch and English; the PDF adds charts, to read or print.',
  chart: 'Chart',
  table: 'Table',
};
