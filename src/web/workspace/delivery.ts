/**
 * Why a reply did not go out, as the outbound worker stored it (`ErrorClass: message`, possibly behind
 * a few words of its own, src/tickets/send-reply.ts) read into a kind the conversation explains in
 * words; the stored text stays available as technical detail. Only class names and network codes are read.
 */
export type DeliveryErrorKind = 'unreachable' | 'timeout' | 'transient' | 'auth' | 'rateLimited' | 'permanent' | 'unknown';

export function deliveryErrorKind(text: string): DeliveryErrorKind {
  if (/\bAuthExpiredError\b|reconnect needed/.test(text)) return 'auth';
  if (/\bRateLimitedError\b/.test(text)) return 'rateLimited';
  if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.test(text)) return 'unreachable';
  if (/\b(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|TimeoutError)\b|timed? ?out/i.test(text)) return 'timeout';
  if (/\bPermanentError\b/.test(text)) return 'permanent';
  if (/\bTransientError\b/.test(text)) return 'transient';
  return 'unknown';
}
