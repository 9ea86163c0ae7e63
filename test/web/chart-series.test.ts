import { dayRange, niceTicks, stackByDay, todayIn } from '../../src/web/charts/series.js';

describe('dashboard chart series', () => {
  test('dayRange counts back from the last day, across a month end', () => {
    expect(dayRange('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });

  test('stackByDay fills empty days, sums per key and orders keys by total', () => {
    const rows = [
      { day: '2026-03-01', platform: 'x', count: 2 },
      { day: '2026-03-01', platform: 'facebook', count: 5 },
      { day: '2026-03-02', platform: 'x', count: 1 },
      { day: '2026-03-01', platform: 'x', count: 3 },
    ];
    const series = stackByDay(rows, (r) => r.platform, dayRange('2026-03-02', 3));
    expect(series.days.map((d) => d.day)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(series.days[0]).toEqual({ day: '2026-02-28', total: 0, parts: {} });
    expect(series.days[1]).toEqual({ day: '2026-03-01', total: 10, parts: { x: 5, facebook: 5 } });
    expect(series.keys).toEqual(['x', 'facebook']);
    expect(series.max).toBe(10);
    expect(series.total).toBe(11);
  });

  test('a day outside the range with data still gets its bar', () => {
    const series = stackByDay([{ day: '2026-01-01', count: 4 }], () => 'k', ['2026-03-01']);
    expect(series.days.map((d) => d.day)).toEqual(['2026-01-01', '2026-03-01']);
  });

  test('todayIn counts the day where the entity is', () => {
    const lateEvening = new Date('2026-11-22T23:30:00Z');
    expect(todayIn('Europe/Brussels', lateEvening)).toBe('2026-11-23');
    expect(todayIn('UTC', lateEvening)).toBe('2026-11-22');
  });

  test('niceTicks covers the maximum with round steps', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
  });
});
