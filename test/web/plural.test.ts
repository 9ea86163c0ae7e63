import { plural } from '../../src/web/plural.js';

const tickets = { one: '{count} open ticket', other: '{count} open tickets' };

test('Dutch and English pick one or other by count', () => {
  expect(plural('nl', 1, tickets)).toBe('1 open ticket');
  expect(plural('nl', 0, tickets)).toBe('0 open tickets');
  expect(plural('nl', 2, tickets)).toBe('2 open tickets');
  expect(plural('en', 1, { one: '{count} case', other: '{count} cases' })).toBe('1 case');
  expect(plural('nl', 1200, tickets)).toBe('1.200 open tickets');
});
