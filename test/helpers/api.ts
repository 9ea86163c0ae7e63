import type { FastifyInstance, InjectOptions } from 'fastify';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';

/** The password of every account the API tests create. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Session {
  cookie: string;
  csrf: string;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Logs in through the API (expects 200) and returns the session cookie and its CSRF token. */
export async function logIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(response.statusCode).toBe(200);
  return { cookie: String(response.headers['set-cookie']).split(';')[0]!, csrf: response.json().csrfToken };
}

/** A request as that session: the cookie and, for changes, the CSRF header. */
export function asSession(app: FastifyInstance, session: Session, method: Method, url: string, payload?: unknown) {
  const options: InjectOptions = { method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } };
  if (payload !== undefined) options.payload = payload as object;
  return app.inject(options);
}

/** An entity with one X channel `<id>-x` (account `<id>-1`, no credentials), polled every minute. */
export function xEntity(id: string, extra: Partial<EntityConfig> = {}): EntityConfig {
  return {
    id,
    name: id.toUpperCase(),
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    channels: [{ id: `${id}-x`, platform: 'x', account: { userId: `${id}-1` }, credentials: {}, pollIntervalSeconds: 60, enabled: true }],
    ...extra,
  };
}

/** Closes what an API test opened, in the order that lets each part finish. */
export async function closeApiTest(parts: { api?: FastifyInstance; runtime?: Runtime; db?: Db; redis?: { stop(): Promise<void> } }): Promise<void> {
  await parts.api?.close();
  await parts.runtime?.queues.close();
  parts.runtime?.mailer.close();
  await parts.db?.close();
  await parts.redis?.stop();
}
