import { parseSearch, substringTerms, tsqueryText } from '../../src/tickets/search-query.js';

test('words, quoted phrases and a ticket number are taken apart; operators are no syntax', () => {
  expect(parseSearch('Renovatie "De Bus  kwam" #12')).toEqual({ words: ['renovatie', '12'], phrases: ['de bus kwam'] });
  expect(parseSearch('#1234')).toEqual({ words: ['1234'], phrases: [], number: 1234 });
  expect(parseSearch(`lijn & !bus | ') (`)).toEqual({ words: ['lijn', 'bus'], phrases: [] });
  // a quote left open runs to the end; a one-word phrase is a word
  expect(parseSearch('"alleen"  "open einde')).toEqual({ words: ['alleen'], phrases: ['open einde'] });
});

test('tsquery text: words as prefixes, phrases as words one after the other', () => {
  expect(tsqueryText(parseSearch('premie "bus kwam"'))).toBe('premie:* & (bus <-> kwam)');
  expect(tsqueryText(parseSearch('&&'))).toBe('');
});

test('substring matching only when every word has a trigram and the query is no ticket number', () => {
  expect(substringTerms(parseSearch('premie "de bus"'))).toEqual(['premie', 'de bus']);
  expect(substringTerms(parseSearch('lijn 12'))).toEqual([]);
  expect(substringTerms(parseSearch('1234'))).toEqual([]);
});
