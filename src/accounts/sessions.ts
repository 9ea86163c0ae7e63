import { createHash, randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { Queryable } from '../db/db.js';
import { notifySessionsEnded } from './session-events.js';
import { createCsrfToken } from './csrf.js';
import { deleteEndedSessions, deleteSession, deleteUserSessions, insertSession, liveSessionExists, sessionById, touchSession } from './sql.js';

export const SESSION_COOKIE = 'inbox_session';

export interface SessionLifetimes {
  /** Ends a session nobody used for this long. */
  idleSeconds: number;
  /** Ends every session this long after login, used or not. */
  absoluteSeconds: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleSeconds: 12 * 3600, absoluteSeconds: 7 * 24 * 3600 };

/** last_seen_at is written at most once a minute per session, not on every request. */
const TOUCH_AFTER_MS = 60_000;

export interface Session {
  /** sha256 of the cookie token. */
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface SessionStart {
  userId: number;
  ip?: string | undefined;
  userAgent?: string | undefined;
  now: Date;
  lifetimes: SessionLifetimes;
}

/** The database keeps only this digest: a leaked sessions table opens no session. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session; the token goes into the cookie and is not kept anywhere. Also prunes ended sessions. */
export async function createSession(db: Queryable, start: SessionStart): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const session: Session = {
    id: hashSessionToken(token),
    userId: start.userId,
    csrfToken: createCsrfToken(),
    createdAt: start.now,
    expiresAt: new Date(start.now.getTime() + start.lifetimes.absoluteSeconds * 1000),
    lastSeenAt: start.now,
  };
  await deleteEndedSessions(db, start.now, idleCutoff(start.now, start.lifetimes));
  await insertSession(db, session, start.ip ?? null, start.userAgent?.slice(0, 500) ?? null);
  return { token, session };
}

/** At login: the session the browser came with (if any) ends, a new one starts (no session fixation). */
export async function rotateSession(db: Queryable, previousToken: string | undefined, start: SessionStart): Promise<{ token: string; session: Session }> {
  if (previousToken) await destroySession(db, previousToken);
  return createSession(db, start);
}

/** The live session for a cookie token, or undefined when unknown, idle too long or past its end. */
export async function findSession(db: Queryable, token: string, now: Date, lifetimes: SessionLifetimes): Promise<Session | undefined> {
  const id = hashSessionToken(token);
  const session = await sessionById(db, id);
  if (!session) return undefined;
  if (session.expiresAt <= now || session.lastSeenAt <= idleCutoff(now, lifetimes)) {
    await deleteSession(db, id);
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
    await touchSession(db, id, now);
    session.lastSeenAt = now;
  }
  return session;
}

/** Ends one session (logout, or the one a login replaces); its open event streams end with it. */
export async function destroySession(db: Queryable, token: string): Promise<void> {
  const sessionIds = await deleteSession(db, hashSessionToken(token));
  await notifySessionsEnded(db, { sessionIds });
}

/** Ends every session of the account (a changed password); their open event streams end with them. */
export async function destroyUserSessions(db: Queryable, userId: number): Promise<void> {
  const sessionIds = await deleteUserSessions(db, userId);
  await notifySessionsEnded(db, { sessionIds });
}

/** Whether the session still exists and its account is enabled (expiry aside): an event stream checks once it listens. */
export async function sessionIsLive(db: Queryable, sessionId: string): Promise<boolean> {
  return liveSessionExists(db, sessionId);
}

/** http on localhost / 127.0.0.1 / ::1 (development): the only case where cookies may go without Secure. */
export function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
}

/** httpOnly, SameSite=Lax, Path=/, Secure unless the public URL is http on loopback; ends with the browser. */
export function sessionCookieOptions(publicUrl: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: !isLoopbackHttp(publicUrl) };
}

export function setSessionCookie(reply: FastifyReply, token: string, publicUrl: string): void {
  void reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(publicUrl));
}

export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(publicUrl));
}

function idleCutoff(now: Date, lifetimes: SessionLifetimes): Date {
  return new Date(now.getTime() - lifetimes.idleSeconds * 1000);
}
