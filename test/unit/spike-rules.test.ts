import { isBigram, keyPhrases, topicId } from '../../src/signals/key-phrases.js';
import { composeSignalMail, roundedCount, type SignalForMail } from '../../src/signals/signal-mail.js';
import { signalSettingsOf } from '../../src/signals/signal-settings.js';
import {
  DEFAULT_SPIKE_SETTINGS,
  expectedInWindow,
  hasFallenBack,
  hasHistory,
  judge,
  mergeCandidates,
  poissonTail,
  windowsAt,
} from '../../src/signals/spike-rules.js';

const S = DEFAULT_SPIKE_SETTINGS;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('key phrases', () => {
  test('content words and adjacent pairs, folded, without stop words, handles, links or numbers', () => {
    const phrases = keyPhrases('@DeLijn Waarom is de TRAM naar Antwerpen-Zuid weer vertraagd? https://t.co/x 7u42 😡');
    expect(phrases).toEqual(expect.arrayContaining(['tram', 'antwerpen', 'zuid', 'vertraagd']));
    expect(phrases).not.toEqual(expect.arrayContaining(['waarom', 'de', 'weer', 'naar']));
    expect(phrases.some((p) => /delijn|https|t\.co|0u0|😡/.test(p))).toBe(false);
  });

  test('accents and case fold; French and English stop words go too', () => {
    expect(keyPhrases('Grève à la SNCB: pas de trains')).toEqual(expect.arrayContaining(['greve', 'sncb', 'trains']));
    expect(keyPhrases('Grève à la SNCB: pas de trains')).not.toContain('pas');
    expect(keyPhrases('The website is down again')).toEqual(['website', 'down']);
  });

  test('a pair is two content words in a row within a sentence, each phrase once', () => {
    expect(keyPhrases('Lift kapot in station Brugge. Lift kapot!')).toEqual(['lift', 'kapot', 'lift kapot', 'station', 'brugge', 'station brugge']);
    expect(keyPhrases('lift. kapot')).toEqual(['lift', 'kapot']);
    expect(isBigram('lift kapot')).toBe(true);
    expect(isBigram('lift')).toBe(false);
  });

  test('greetings and thanks are no topic', () => {
    expect(keyPhrases('Hallo, bedankt! Goeiedag en vriendelijke groeten')).toEqual([]);
  });

  test('a topic id is a stable 53-bit integer', () => {
    expect(topicId('lift kapot')).toBe(topicId('lift kapot'));
    expect(topicId('lift kapot')).not.toBe(topicId('lift'));
    expect(Number.isSafeInteger(topicId('lift kapot'))).toBe(true);
    expect(topicId('lift kapot')).toBeLessThan(2 ** 53);
    expect(topicId('lift kapot')).toBeGreaterThanOrEqual(0);
  });
});

describe('spike rules', () => {
  test('the window is the last hour; the baseline the 7 days before it', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    const w = windowsAt(now, S);
    expect(w.windowStart.toISOString()).toBe('2026-12-05T09:00:00.000Z');
    expect(w.baselineStart.toISOString()).toBe('2026-11-28T09:00:00.000Z');
    expect(w.windowEnd).toBe(now);
  });

  test('the expected count scales the smoothed baseline to the window', () => {
    expect(expectedInWindow(0, S)).toBeCloseTo(1 / 168);
    expect(expectedInWindow(167, S)).toBeCloseTo(1);
  });

  test('the Poisson tail', () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2));
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5), 10);
    expect(poissonTail(30, 0.01)).toBeLessThan(1e-80);
    expect(poissonTail(30, 0.01)).toBeGreaterThan(0);
    expect(poissonTail(100, 100)).toBeGreaterThan(0.45);
    expect(poissonTail(100, 100)).toBeLessThan(0.55);
  });

  test('30 messages in an hour against a quiet week is a spike; 3 are not', () => {
    expect(judge({ topic: 1, count: 30, baselineCount: 1 }, S)).toMatchObject({ spike: true });
    expect(judge({ topic: 1, count: 3, baselineCount: 0 }, S)).toMatchObject({ spike: false });
  });

  test('no alarm below the minimum, however rare the topic', () => {
    expect(judge({ topic: 1, count: 9, baselineCount: 0 }, S).spike).toBe(false);
    expect(judge({ topic: 1, count: 10, baselineCount: 0 }, S).spike).toBe(true);
  });

  test('a busy topic at its usual volume is no spike, and neither is a modest rise', () => {
    // 30 an hour is usual: 5040 in the week before
    expect(judge({ topic: 1, count: 30, baselineCount: 5040 }, S).spike).toBe(false);
    // twice the usual volume: improbable for Poisson but below the ratio
    expect(judge({ topic: 1, count: 60, baselineCount: 5040 }, S)).toMatchObject({ spike: false, ratio: expect.closeTo(2, 1) });
    // five times the usual volume
    expect(judge({ topic: 1, count: 150, baselineCount: 5040 }, S).spike).toBe(true);
  });

  test('the verdict explains itself: expected count, ratio, probability', () => {
    const verdict = judge({ topic: 1, count: 30, baselineCount: 1 }, S);
    expect(verdict.expected).toBeCloseTo(2 / 168);
    expect(verdict.ratio).toBeCloseTo(30 / (2 / 168));
    expect(verdict.pValue).toBeLessThan(1e-50);
  });

  test('no spikes before an entity has a day of history: a new channel has no usual volume', () => {
    const w = windowsAt(new Date('2026-12-05T10:00:00Z'), S);
    expect(hasHistory(null, w)).toBe(false);
    expect(hasHistory(new Date('2026-12-05T08:00:00Z'), w)).toBe(false);
    expect(hasHistory(new Date('2026-12-04T09:00:00Z'), w)).toBe(true);
    expect(hasHistory(new Date('2026-11-29T00:00:00Z'), w)).toBe(true);
  });

  test('an episode ends only when the topic has clearly fallen back', () => {
    expect(hasFallenBack({ topic: 1, count: 9, baselineCount: 0 }, S)).toBe(false);
    expect(hasFallenBack({ topic: 1, count: 4, baselineCount: 0 }, S)).toBe(true);
    expect(hasFallenBack({ topic: 1, count: 0, baselineCount: 0 }, S)).toBe(true);
    // still many, but no longer far above the usual
    expect(hasFallenBack({ topic: 1, count: 50, baselineCount: 5040 }, S)).toBe(true);
  });

  test('an entity overrides thresholds; bad or absent settings fall back to the defaults', () => {
    expect(signalSettingsOf(undefined)).toEqual({ enabled: true, email: undefined, language: 'nl', spike: S });
    expect(signalSettingsOf({ email: 'dienst@example.org', minCount: 20, language: 'en' })).toMatchObject({ email: 'dienst@example.org', language: 'en', spike: { ...S, minCount: 20 } });
    expect(signalSettingsOf({ enabled: false }).enabled).toBe(false);
    expect(signalSettingsOf({ minCount: 'many' }).spike).toEqual(S);
  });
});

describe('one signal per story', () => {
  const c = (phrase: string, ids: number[]) => ({ topic: topicId(phrase), phrase, messageIds: ids });

  test('a pair and its words on the same messages are one signal named by the pair', () => {
    const merged = mergeCandidates([c('lift', range(0, 30)), c('kapot', range(0, 30)), c('lift kapot', range(0, 30)), c('rolstoel', range(0, 10))]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.lead.phrase).toBe('lift kapot');
    expect(merged[0]!.related.sort()).toEqual(['kapot', 'lift', 'rolstoel']);
  });

  test('a word that covers more than the pair leads; the pair joins it', () => {
    const merged = mergeCandidates([c('storing', range(0, 40)), c('storing tram', range(0, 12))]);
    expect(merged).toEqual([{ lead: expect.objectContaining({ phrase: 'storing' }), related: ['storing tram'] }]);
  });

  test('a word named by a pair only when the pair covers nearly all of its messages', () => {
    const merged = mergeCandidates([c('tram', range(0, 40)), c('tram storing', range(0, 35))]);
    expect(merged[0]!.lead.phrase).toBe('tram storing');
    expect(merged[0]!.related).toEqual(['tram']);
  });

  test('two stories on different messages are two signals', () => {
    const merged = mergeCandidates([c('lift kapot', range(0, 30)), c('staking', range(100, 120))]);
    expect(merged.map((m) => m.lead.phrase)).toEqual(['lift kapot', 'staking']);
  });

  test('a story already signalled raises nothing new', () => {
    expect(mergeCandidates([c('kapot', range(0, 40))], [range(0, 30)])).toHaveLength(1);
    expect(mergeCandidates([c('kapot', range(0, 31))], [range(0, 30)])).toEqual([]);
  });
});

describe('the mail', () => {
  const signal: SignalForMail = {
    id: 7,
    entityName: 'De Lijn',
    phrase: 'lift kapot',
    windowStart: new Date('2026-12-05T09:00:00Z'),
    windowEnd: new Date('2026-12-05T10:00:00Z'),
    messageCount: 30,
    baselineCount: 1,
    baselineDays: 7,
    expected: 2 / 168,
    ratio: 2520,
    tickets: [
      { id: 11, number: 1011 },
      { id: 12, number: 1012 },
    ],
  };

  test('Dutch by default: the topic, the counts, the baseline and the tickets with links', () => {
    const mail = composeSignalMail({ signal, to: 'dienst@example.org', language: 'nl', timeZone: 'Europe/Brussels', publicUrl: 'https://inbox.example.org/' });
    expect(mail.subject).toBe('Signaal: veel berichten over “lift kapot” (De Lijn)');
    expect(mail.text).toContain('30 in 60 minuten (vanaf zaterdag 5 december 2026 om 10:00)');
    expect(mail.text).toContain('Gewoonlijk zijn dat er 0 in zo');
    expect(mail.text).toContain('1 in de 7 dagen ervoor');
    expect(mail.text).toContain('- #1011: https://inbox.example.org/tickets/11');
    expect(mail.text).toContain('https://inbox.example.org/dashboard#signal-7');
    expect(mail.messageId).toBe('<topic-signal-7@social-inbox>');
  });

  test('in English when the entity asks', () => {
    const mail = composeSignalMail({ signal, to: 'dienst@example.org', language: 'en', timeZone: 'Europe/Brussels', publicUrl: 'https://inbox.example.org' });
    expect(mail.subject).toBe('Signal: many messages about “lift kapot” (De Lijn)');
    expect(mail.text).toContain('30 in 60 minutes');
  });

  test('expected counts read as people say them', () => {
    expect(roundedCount(0.0119)).toBe('0');
    expect(roundedCount(2.46)).toBe('2.5');
    expect(roundedCount(12.4)).toBe('12');
  });
});
