import { suggestDetails } from '../../src/complaints/detail-suggestions.js';

describe('addresses', () => {
  test.each([
    ['Marleen Vermeulen, Stationsstraat 4, 9880 Aalter', 'Stationsstraat 4, 9880 Aalter'],
    ['Mijn adres: Kerkplein 12 bus 3 – 2000 Antwerpen. Bedankt!', 'Kerkplein 12 bus 3, 2000 Antwerpen'],
    ['Je m’appelle Sophie Lambert, rue de la Loi 16, 1000 Bruxelles', 'rue de la Loi 16, 1000 Bruxelles'],
    ['Ik woon in de Koning Albertlaan 101A, 9000 Gent', 'Koning Albertlaan 101A, 9000 Gent'],
    ['Adres: Grote Markt 1\n1000 Brussel', 'Grote Markt 1, 1000 Brussel'],
    ['Ik woon Brusselsesteenweg 250 bus 2, 3080 Tervuren', 'Brusselsesteenweg 250 bus 2, 3080 Tervuren'],
    ['Frankrijklei 5 2000 Antwerpen', 'Frankrijklei 5, 2000 Antwerpen'],
    ['Ma nouvelle adresse : chaussée de Waterloo 1120, 1180 Uccle', 'chaussée de Waterloo 1120, 1180 Uccle'],
    ['J’habite avenue Louise 54 bte 7, 1050 Ixelles', 'avenue Louise 54 bte 7, 1050 Ixelles'],
    ['My address is Veldstraat 3, 9000 Gent, thanks', 'Veldstraat 3, 9000 Gent'],
    ['Ik woon in de Sint-Pietersnieuwstraat 25 in Gent', 'Sint-Pietersnieuwstraat 25'],
    ['Beukendreef 7, 8300 Knokke-Heist', 'Beukendreef 7, 8300 Knokke-Heist'],
    ['place Saint-Lambert 18, 4000 Liège', 'place Saint-Lambert 18, 4000 Liège'],
    ['J’habite au 16, rue de la Loi, 1000 Bruxelles.', 'rue de la Loi 16, 1000 Bruxelles'],
    ['12 Avenue des Arts - 1210 Saint-Josse-ten-Noode', 'Avenue des Arts 12, 1210 Saint-Josse-ten-Noode'],
  ])('%s', (text, address) => {
    expect(suggestDetails(text).address?.value).toBe(address);
  });

  test('the matched text is the part of the message it was read from', () => {
    expect(suggestDetails('Dag, ik woon in de Kerkstraat 5, 2800 Mechelen.').address).toEqual({ value: 'Kerkstraat 5, 2800 Mechelen', matched: 'Kerkstraat 5, 2800 Mechelen' });
    expect(suggestDetails('Kerkplein 12 bus 3 – 2000 Antwerpen').address?.matched).toBe('Kerkplein 12 bus 3 – 2000 Antwerpen');
  });

  test.each([
    'Lijn 45 reed gewoon door aan de halte.',
    'De bus van lijn 45 kwam om 8.15 u niet.',
    'Ik heb al 3 keer gebeld, sinds 12 maart 2024.',
    'De put is er sinds 3 oktober 2024 en nog altijd niet hersteld.',
    'Ik stond 20 minuten te wachten op tram 4 richting Hoboken.',
    'Onderweg 3 keer gestopt, 15 km omgereden.',
    'Mijn dossiernummer is 2024-12345.',
    'Ik woon in de Kerkstraat sinds 2019.',
    'Op 12/03/2024 werd ik weggestuurd aan het loket in de Stationsstraat.',
    'Bus 3, 9880 Aalter',
    'J’ai attendu 20 minutes rue Neuve le 12 mars 2024.',
    'Le bus 71 rue du Trône, 2024 Bruxelles, quel retard',
  ])('no address in "%s"', (text) => {
    expect(suggestDetails(text).address).toBeUndefined();
  });

  test('a postal code outside 1000–9992 is not taken as one', () => {
    expect(suggestDetails('Kerkstraat 5, 9999 Nergens').address?.value).toBe('Kerkstraat 5');
  });

  test('a date after the street is not its house number or postal code', () => {
    expect(suggestDetails('Stationsstraat 12/03/2024 afgesloten').address).toBeUndefined();
    expect(suggestDetails('In de Stationsstraat op 3 oktober 2024').address).toBeUndefined();
  });
});

describe('phones', () => {
  test.each([
    ['Bel me op 0470 12 34 56', '+32470123456', '0470 12 34 56'],
    ['gsm: +32 470 12 34 56', '+32470123456', '+32 470 12 34 56'],
    ['tel. 0032 9 123 45 67', '+3291234567', '0032 9 123 45 67'],
    ['Mon numéro : 02/512.34.56', '+3225123456', '02/512.34.56'],
    ['phone 09.123.45.67 during the day', '+3291234567', '09.123.45.67'],
    ['+32 (0)3 225 12 34', '+3232251234', '+32 (0)3 225 12 34'],
    ['0499/12.34.56', '+32499123456', '0499/12.34.56'],
    ['050 44 55 66', '+3250445566', '050 44 55 66'],
  ])('%s', (text, value, matched) => {
    expect(suggestDetails(text).phone).toEqual({ value, matched });
  });

  test.each([
    'Op 03/10/2024 om 14.30 u',
    'Dossier 2024/123456',
    'Lijn 45, rit 1234',
    'Rekening BE68 5390 0754 7034',
    'Ik betaalde 0,50 euro te veel',
    '012345678901',
  ])('no phone in "%s"', (text) => {
    expect(suggestDetails(text).phone).toBeUndefined();
  });
});

describe('e-mail', () => {
  test('an address in the text, lower-cased, without the sentence’s full stop', () => {
    expect(suggestDetails('Mail me op Marleen.Vermeulen@Example.org.').email).toEqual({ value: 'marleen.vermeulen@example.org', matched: 'Marleen.Vermeulen@Example.org' });
    expect(suggestDetails('courriel : jean-luc+klacht@skynet.be merci').email?.value).toBe('jean-luc+klacht@skynet.be');
  });

  test('no e-mail without a domain', () => {
    expect(suggestDetails('@wegenverkeer de put is er nog').email).toBeUndefined();
    expect(suggestDetails('Stuur het naar marleen@localhost').email).toBeUndefined();
  });
});

describe('names', () => {
  test.each([
    ['Mijn naam is Marleen Vermeulen en ik woon in Aalter.', 'Marleen Vermeulen'],
    ['mijn naam is Jan van den Broeck', 'Jan van den Broeck'],
    ['Ik ben Sofie De Smet, Kerkstraat 5, 2800 Mechelen', 'Sofie De Smet'],
    ['Je m’appelle Marie-Claire Dubois et j’habite à Namur', 'Marie-Claire Dubois'],
    ["Bonjour, je m'appelle Luc Dupont.", 'Luc Dupont'],
    ['Hello, my name is John Smith.', 'John Smith'],
    ['Naam: Pieter Claes', 'Pieter Claes'],
    ['Marleen Vermeulen, Stationsstraat 4, 9880 Aalter', 'Marleen Vermeulen'],
    ['Beste,\nAnnelies Van Damme\nBeukendreef 7\n8300 Knokke-Heist', 'Annelies Van Damme'],
    ['Mijn naam is Marleen Vermeulen Stationsstraat 4 9880 Aalter', 'Marleen Vermeulen'],
  ])('%s', (text, name) => {
    expect(suggestDetails(text).name?.value).toBe(name);
  });

  test.each([
    'Ik ben boos, de bus reed door.',
    'Ik ben Belg en woon in Gent.',
    'Ik ben De Lijn beu.',
    'Beste Klantendienst, Stationsstraat 4, 9880 Aalter',
    'Geachte Mevrouw, Kerkstraat 5, 2800 Mechelen',
    'Stationsstraat 4, 9880 Aalter',
    'Dit Is Echt Schandalig, Stationsstraat 4, 9880 Aalter',
  ])('no name in "%s"', (text) => {
    expect(suggestDetails(text).name).toBeUndefined();
  });
});

test('a full answer to the request for details', () => {
  const text = 'Goedemiddag,\nMijn naam is Marleen Vermeulen.\nAdres: Stationsstraat 4, 9880 Aalter\nE-mail marleen@example.org, gsm 0470 12 34 56\nGroeten';
  expect(suggestDetails(text)).toEqual({
    name: { value: 'Marleen Vermeulen', matched: 'Mijn naam is Marleen Vermeulen' },
    address: { value: 'Stationsstraat 4, 9880 Aalter', matched: 'Stationsstraat 4, 9880 Aalter' },
    email: { value: 'marleen@example.org', matched: 'marleen@example.org' },
    phone: { value: '+32470123456', matched: '0470 12 34 56' },
  });
});

test('a message without details suggests nothing', () => {
  expect(suggestDetails('De bus van lijn 45 kwam op 3 oktober om 8.15 u niet, al 3 keer gemeld!')).toEqual({});
  expect(suggestDetails('')).toEqual({});
});
