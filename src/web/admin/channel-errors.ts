/**
 * A channel's last error as the poll worker stores it (`ErrorClass: message`, see src/ingest/poll.ts)
 * read into a kind the health board explains in words; the stored text stays available as
 * technical detail. Only the class name and well-known network codes are read.
 */
export type ChannelErrorKind = 'unreachable' | 'timeout' | 'transient' | 'auth' | 'rateLimited' | 'permanent' | 'unreadable' | 'unknown';

const BY_CLASS: Record<string, ChannelErrorKind> = {
  TransientError: 'transient',
  AuthExpiredError: 'auth',
  RateLimitedError: 'rateLimited',
  PermanentError: 'permanent',
  NormalizeError: 'unreadable',
  CannotTellError: 'transient',
};

export function channelErrorKind(lastError: string): ChannelErrorKind {
  const errorClass = /^(\w+): /.exec(lastError)?.[1];
  const kind = errorClass ? (BY_CLASS[errorClass] ?? 'unknown') : 'unknown';
  if (kind === 'transient' || kind === 'unknown') {
    // the connection never got an answer: the address is wrong, or the network or DNS fails
    if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.test(lastError)) return 'unreachable';
    if (/\b(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|TimeoutError)\b|timed? ?out/i.test(lastError)) return 'timeout';
  }
  return kind;
}
