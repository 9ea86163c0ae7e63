import { baseUrlOf, redact, transportReason } from '../../connectors/http.js';

describe('connectors/http.ts helpers', () => {
  it('redacts secrets, access_token values and Meta tokens, then cuts the text', () => {
    const token = 'EAAB' + 'x'.repeat(30);
    expect(redact('bad token s3cret in ?access_token=abc&x=1', ['s3cret'])).toBe('bad token [redacted] in ?access_token=[redacted]&x=1');
    expect(redact(`token ${token}`)).toBe('token [redacted]');
    expect(redact('a secret cut at the end: abcdef', ['abcdef'], 30)).toBe('a secret cut at the end: [reda…');
    expect(redact('short ab', ['ab'])).toBe('short ab');
  });

  it('says why a request got no answer', () => {
    expect(transportReason(Object.assign(new Error('timeout of 300ms exceeded'), { code: 'ECONNABORTED' }), 300)).toBe('timed out (timeout after 300 ms)');
    expect(transportReason(Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' }))).toBe('timed out (timeout)');
    expect(transportReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(transportReason('odd')).toBe('odd');
  });

  it('takes the channel base URL or the platform one, ending in a slash', () => {
    expect(baseUrlOf({ baseUrl: 'http://127.0.0.1:9' }, 'https://api.example/')).toBe('http://127.0.0.1:9/');
    expect(baseUrlOf({}, 'https://api.example')).toBe('https://api.example/');
  });
});
