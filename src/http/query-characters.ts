import type { FastifyInstance } from 'fastify';

// C0 controls (NUL included: PostgreSQL refuses it in text), DEL, and UTF-16 halves without their pair.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u001F\u007F]|\p{Cs}/u;

/** A parameter name as it may appear in an answer: quoted, controls escaped, not too long. */
function quoted(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/** What is wrong with the query string, or undefined when every name and value is plain text. */
export function queryProblem(rawQuery: string): string | undefined {
  if (rawQuery === '') return undefined;
  for (const pair of rawQuery.split('&')) {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const name = decode(rawName);
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1));
    if (name === undefined) return `query parameter ${quoted(rawName)}: invalid percent-encoding in its name`;
    if (FORBIDDEN.test(name)) return `query parameter ${quoted(name)}: control characters are not allowed in its name`;
    if (value === undefined) return `query parameter ${quoted(name)}: invalid percent-encoding (or not UTF-8)`;
    if (FORBIDDEN.test(value)) return `query parameter ${quoted(name)}: control characters are not allowed`;
  }
  return undefined;
}

/**
 * Every request's query string holds text only: a value with a control character (U+0000–U+001F,
 * U+007F), a lone surrogate or broken percent-encoding is answered 400 naming the parameter, before
 * any route (or the database, which refuses NUL) sees it.
 */
export function registerQueryCharacterCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const start = request.url.indexOf('?');
    if (start < 0) return;
    const problem = queryProblem(request.url.slice(start + 1));
    if (problem) return reply.code(400).send({ error: 'bad_request', message: problem });
  });
}
