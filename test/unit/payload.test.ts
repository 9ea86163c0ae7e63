import {
  dateOf,
  isObject,
  normalizeByType,
  num,
  optionalStrings,
  requireId,
  requireObject,
  requireString,
  str,
  strings,
  strOrInt,
  type PayloadNormalizer,
} from '../../connectors/payload.js';
import type { ChannelContext } from '../../connectors/types.js';

const channel: ChannelContext = { id: 'ch-1', entityId: 'ent-1', platform: 'x', account: {}, credentials: {} };

/** Matches a NormalizeError (by its name) with exactly this message. */
const normalizeError = (message: string): Error => expect.objectContaining({ name: 'NormalizeError', message });

describe('payload readers', () => {
  it('isObject: plain objects only', () => {
    expect(isObject({})).toBe(true);
    expect(isObject({ a: 1 })).toBe(true);
    expect(isObject(Object.create(null))).toBe(true);
    for (const v of [null, undefined, [], [1], 'x', 1, true, () => undefined]) expect(isObject(v)).toBe(false);
  });

  it('str: non-empty strings only', () => {
    expect(str('a')).toBe('a');
    expect(str(' ')).toBe(' ');
    for (const v of ['', 1, 0, null, undefined, {}, ['a']]) expect(str(v)).toBeUndefined();
  });

  it('num: finite numbers only, digit strings not', () => {
    expect(num(0)).toBe(0);
    expect(num(-1.5)).toBe(-1.5);
    for (const v of [NaN, Infinity, -Infinity, '1', null, undefined, {}]) expect(num(v)).toBeUndefined();
  });

  it('strings: the non-empty strings of an array, else []', () => {
    expect(strings(['a', '', 1, null, 'b', { c: 1 }])).toEqual(['a', 'b']);
    expect(strings([])).toEqual([]);
    expect(strings('a')).toEqual([]);
    expect(strings(undefined)).toEqual([]);
  });

  it('optionalStrings: like strings, but undefined when none is left', () => {
    expect(optionalStrings(['a', '', 'b'])).toEqual(['a', 'b']);
    expect(optionalStrings(['', 2])).toBeUndefined();
    expect(optionalStrings([])).toBeUndefined();
    expect(optionalStrings('a')).toBeUndefined();
  });

  it('strOrInt: non-empty strings, and safe integers as decimal strings', () => {
    expect(strOrInt('17841405822304914')).toBe('17841405822304914');
    expect(strOrInt(1234)).toBe('1234');
    expect(strOrInt(0)).toBe('0');
    for (const v of ['', 1.5, Number.MAX_SAFE_INTEGER + 2, NaN, null, undefined, {}]) expect(strOrInt(v)).toBeUndefined();
  });

  it('dateOf: strings Date reads, else undefined', () => {
    expect(dateOf('2026-11-01T10:00:00.000Z')?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(dateOf('Tue, 03 Nov 2026 09:15:00 +0100')?.toISOString()).toBe('2026-11-03T08:15:00.000Z');
    for (const v of ['not a date', '', 1700000000, new Date(), null, undefined]) expect(dateOf(v)).toBeUndefined();
  });
});

describe('require readers', () => {
  it('requireObject returns the object and names the field, under `payload` unless told', () => {
    const inner = { id: '1' };
    expect(requireObject({ tweet: inner }, 'tweet')).toBe(inner);
    expect(() => requireObject({ tweet: [] }, 'tweet')).toThrow(normalizeError('payload.tweet is missing or not an object'));
    expect(() => requireObject({}, 'snippet', 'comment')).toThrow(normalizeError('comment.snippet is missing or not an object'));
  });

  it('requireString and requireId return the string or name the field, never the value', () => {
    expect(requireString({ mid: 'm_1' }, 'mid', 'event.message')).toBe('m_1');
    expect(requireId({ id: '42' }, 'tweet')).toBe('42');
    expect(() => requireString({ mid: '' }, 'mid', 'event.message')).toThrow(normalizeError('event.message.mid is missing or not a string'));
    // The whole message: the field's name, not its value.
    expect(() => requireId({ id: 42, text: 'secret citizen text' }, 'comment')).toThrow(normalizeError('comment.id is missing or not a string'));
  });
});

describe('normalizeByType', () => {
  const seen: unknown[] = [];
  const table: Record<string, PayloadNormalizer> = {
    note: (payload, ch) => {
      seen.push(payload, ch);
      return { kind: 'ignored', reason: 'note' };
    },
  };

  it('calls the normalizer of the item type with the payload and channel', () => {
    seen.length = 0;
    const payload = { a: 1 };
    expect(normalizeByType(table, 'Test', { type: 'note', payload }, channel)).toEqual({ kind: 'ignored', reason: 'note' });
    expect(seen).toEqual([payload, channel]);
  });

  it('rejects an unknown type, inherited keys included, naming the platform and a cut type', () => {
    expect(() => normalizeByType(table, 'Test', { type: 'toString', payload: {} }, channel)).toThrow(normalizeError('unknown Test item type "toString"'));
    expect(() => normalizeByType(table, 'Test', { type: 'x'.repeat(60), payload: {} }, channel)).toThrow(normalizeError(`unknown Test item type "${'x'.repeat(40)}"`));
  });

  it('rejects a payload that is not an object', () => {
    for (const payload of [null, [], 'note', 1]) {
      expect(() => normalizeByType(table, 'Test', { type: 'note', payload }, channel)).toThrow(normalizeError('payload is not an object'));
    }
  });
});
