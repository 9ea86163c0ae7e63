import { PAGE_SIZE, pageOf, ticketQuery } from '../../src/web/queue/query.js';

/** The queue shows the tickets a page at a time. */
describe('queue pages', () => {
  test('the first, a middle and the last page of 250', () => {
    expect(pageOf(0, PAGE_SIZE, 250)).toEqual({ from: 1, to: 100, previous: null, next: 100 });
    expect(pageOf(100, PAGE_SIZE, 250)).toEqual({ from: 101, to: 200, previous: 0, next: 200 });
    expect(pageOf(200, 50, 250)).toEqual({ from: 201, to: 250, previous: 100, next: null });
  });

  test('an empty list and one that fits on a page have nowhere to go', () => {
    expect(pageOf(0, 0, 0)).toEqual({ from: 0, to: 0, previous: null, next: null });
    expect(pageOf(0, 100, 100)).toEqual({ from: 1, to: 100, previous: null, next: null });
  });

  test('the offset reaches the API only past the first page', () => {
    expect(ticketQuery({ status: 'open' }).toString()).toBe('limit=100&status=open');
    expect(ticketQuery({ status: 'open' }, 200).toString()).toBe('limit=100&offset=200&status=open');
  });
});
