/**
 * How connectors word a failure in an error message: secrets scrubbed from what the platform said,
 * and a failed request's transport cause in a few words. Pure.
 */

/**
 * The first `maxLength` characters of `text` with every secret of 4 or more characters (a token,
 * the text we tried to post) replaced by '[redacted]'.
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>, maxLength: number): string {
  let out = text.slice(0, maxLength);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Why fetch() failed: 'timed out' for a timeout or abort, else the cause's code (ECONNREFUSED…) or
 * message, else the error's message. Duck-typed: fetch's DOMException and TypeError may come from
 * another realm than this module's Error.
 */
export function fetchFailureReason(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  const cause = typeof e.cause === 'object' && e.cause !== null ? e.cause : undefined;
  const reason = cause?.code ?? cause?.message ?? e.message ?? err;
  return String(reason);
}
