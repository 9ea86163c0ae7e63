import { channelErrorKind } from '../../src/web/admin/channel-errors.js';

/** The health board explains a channel's last error by its kind, never by showing the class name alone. */
describe("a channel's last error", () => {
  test('is read by its class name and well-known network codes', () => {
    expect(channelErrorKind('TransientError: getaddrinfo ENOTFOUND api.x.com')).toBe('unreachable');
    expect(channelErrorKind('TransientError: connect ECONNREFUSED 127.0.0.1:9')).toBe('unreachable');
    expect(channelErrorKind('TransientError: The operation was aborted due to timeout')).toBe('timeout');
    expect(channelErrorKind('TransientError: X answered 503')).toBe('transient');
    expect(channelErrorKind('AuthExpiredError: X refused the token (401)')).toBe('auth');
    expect(channelErrorKind('RateLimitedError: rate limited until 2026-03-02T10:00:00.000Z')).toBe('rateLimited');
    expect(channelErrorKind('PermanentError: X answered 400')).toBe('permanent');
    expect(channelErrorKind('NormalizeError: tweet.text must be a string')).toBe('unreadable');
  });

  test('anything else is an unexpected error (a network code still says unreachable)', () => {
    expect(channelErrorKind('TypeError: cannot read properties of undefined')).toBe('unknown');
    expect(channelErrorKind('something without a class')).toBe('unknown');
    expect(channelErrorKind('Error: getaddrinfo EAI_AGAIN graph.facebook.com')).toBe('unreachable');
  });
});
