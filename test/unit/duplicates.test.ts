import { complaintTokens, likelyDuplicateOf, similarity } from '../../src/complaints/duplicates.js';

const BUS = '@DeLijn bus 45 is alweer niet gestopt aan de halte Zuidpark, ik stond er om 7u45 en moest 30 minuten wachten!';
const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n, 8));

describe('likely duplicate complaints', () => {
  it('normalises case, handles, URLs, punctuation and emoji away', () => {
    expect([...complaintTokens('@DeLijn Bus 45!! 😡 https://t.co/abc Zuidpark.')]).toEqual(['bus', '45', 'zuidpark']);
  });

  it('takes the same text a day later as a duplicate', () => {
    expect(likelyDuplicateOf(BUS, day(1), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBe(7);
  });

  it('takes the same text tagging another account, with an emoji and a link, as a duplicate', () => {
    const again = '@stadgent @vrtnws bus 45 is alweer niet gestopt aan de halte Zuidpark, ik stond er om 7u45 en moest 30 minuten wachten 😡😡 https://t.co/x1';
    expect(similarity(BUS, again)).toBe(1);
    expect(likelyDuplicateOf(again, day(2), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBe(7);
  });

  it('takes a nearly identical text (one word more) as a duplicate', () => {
    const nearly = `${BUS} Schandalig.`;
    expect(similarity(BUS, nearly)).toBeGreaterThanOrEqual(0.8);
    expect(likelyDuplicateOf(nearly, day(1), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBe(7);
  });

  it('does not take a complaint with other facts as a duplicate', () => {
    const other = '@DeLijn de chauffeur van lijn 18 reed gisteren door het rood licht aan het Zuid, gevaarlijk voor de fietsers.';
    expect(likelyDuplicateOf(other, day(1), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBeUndefined();
    const otherStop = '@DeLijn bus 45 stopte vanmorgen niet aan de halte Sint-Pietersstation, ik moest 20 minuten wachten en kwam te laat op school.';
    expect(likelyDuplicateOf(otherStop, day(1), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBeUndefined();
  });

  it('only looks back one week', () => {
    expect(likelyDuplicateOf(BUS, day(8), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBeUndefined();
    expect(likelyDuplicateOf(BUS, day(6), [{ id: 7, text: BUS, receivedAt: day(0) }])).toBe(7);
  });

  it('proposes the most similar earlier complaint, the newest on a tie, and never one with no words', () => {
    const earlier = [
      { id: 1, text: BUS, receivedAt: day(0) },
      { id: 2, text: BUS, receivedAt: day(1) },
      { id: 3, text: `${BUS} Schandalig.`, receivedAt: day(2) },
      { id: 4, text: '@DeLijn 😡', receivedAt: day(2) },
    ];
    expect(likelyDuplicateOf(BUS, day(3), earlier)).toBe(2);
    expect(likelyDuplicateOf('@DeLijn 😡😡', day(3), earlier)).toBeUndefined();
  });
});
