/** All of accounts' SQL: users and their entities, failed logins, sessions, OpenID Connect logins in flight. */
import type { Queryable } from '../db/db.js';
import type { Language, Role } from './roles.js';
import type { Session } from './sessions.js';
import type { UserWithPassword } from './users.js';

// Users

interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  role: Role;
  language: Language;
  disabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
  entities: string[];
}

const SELECT_USER = `
  select u.id, u.email, u.name, u.password_hash, u.oidc_issuer, u.oidc_subject, u.role, u.language, u.disabled,
         u.created_at, u.last_login_at,
         coalesce((select jsonb_agg(ue.entity_id order by ue.entity_id) from user_entities ue where ue.user_id = u.id), '[]'::jsonb) as entities
    from users u`;

function toUser(row: UserRow): UserWithPassword {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    entities: row.entities,
    disabled: row.disabled,
    hasPassword: row.password_hash !== null,
    passwordHash: row.password_hash,
    oidcIssuer: row.oidc_issuer,
    oidcSubject: row.oidc_subject,
    createdAt: new Date(row.created_at),
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : null,
  };
}

/** `email` already normalised. Returns the new user's id. */
export async function insertUser(
  tx: Queryable,
  user: { email: string; name: string; role: Role; language: Language; passwordHash: string | null; oidcIssuer: string | null; oidcSubject: string | null },
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into users (email, name, role, language, password_hash, oidc_issuer, oidc_subject)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [user.email, user.name, user.role, user.language, user.passwordHash, user.oidcIssuer, user.oidcSubject],
  );
  return rows[0]!.id;
}

/** `email` already normalised. */
export async function userByEmail(db: Queryable, email: string): Promise<UserWithPassword | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.email = $1`, [email]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function userById(db: Queryable, id: number): Promise<UserWithPassword | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function userByOidc(db: Queryable, issuer: string, subject: string): Promise<UserWithPassword | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.oidc_issuer = $1 and u.oidc_subject = $2`, [issuer, subject]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Users with at least one of the entities, by e-mail; every user for null. */
export async function usersInScope(db: Queryable, entities: string[] | null): Promise<UserWithPassword[]> {
  const { rows } = await db.query<UserRow>(
    `${SELECT_USER}
      where $1::text[] is null
         or exists (select 1 from user_entities ue where ue.user_id = u.id and ue.entity_id = any($1::text[]))
      order by u.email`,
    [entities],
  );
  return rows.map(toUser);
}

/** Links the identity only when the account has none yet; false otherwise. */
export async function linkUserOidc(db: Queryable, userId: number, issuer: string, subject: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update users set oidc_issuer = $2, oidc_subject = $3 where id = $1 and oidc_subject is null',
    [userId, issuer, subject],
  );
  return rowCount > 0;
}

export async function updatePasswordHash(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await db.query('update users set password_hash = $2 where id = $1', [userId, passwordHash]);
}

export async function updateLanguage(db: Queryable, userId: number, language: Language): Promise<void> {
  await db.query('update users set language = $2 where id = $1', [userId, language]);
}

export async function updateLastLogin(db: Queryable, userId: number, at: Date): Promise<void> {
  await db.query('update users set last_login_at = $2 where id = $1', [userId, at]);
}

export async function disableUser(tx: Queryable, userId: number): Promise<void> {
  await tx.query('update users set disabled = true where id = $1', [userId]);
}

/** Null fields stay as they are. False when the account does not exist. */
export async function updateUserFields(
  tx: Queryable,
  userId: number,
  fields: { name: string | null; role: Role | null; disabled: boolean | null; passwordHash: string | null },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update users set name = coalesce($2, name), role = coalesce($3, role), disabled = coalesce($4, disabled),
            password_hash = coalesce($5, password_hash)
      where id = $1`,
    [userId, fields.name, fields.role, fields.disabled, fields.passwordHash],
  );
  return rowCount > 0;
}

export async function deleteUserEntities(tx: Queryable, userId: number): Promise<void> {
  await tx.query('delete from user_entities where user_id = $1', [userId]);
}

export async function insertUserEntities(tx: Queryable, userId: number, entities: string[]): Promise<void> {
  if (entities.length === 0) return;
  await tx.query(
    'insert into user_entities (user_id, entity_id) select $1, e from unnest($2::text[]) as e on conflict do nothing',
    [userId, [...new Set(entities)]],
  );
}

/** The ids of the list that exist as entities. */
export async function existingEntityIds(db: Queryable, entities: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from entities where id = any($1::text[])', [entities]);
  return rows.map((row) => row.id);
}

// Failed password logins (`email` already normalised)

export async function insertLoginFailure(db: Queryable, email: string, ip: string | null, at: Date): Promise<void> {
  await db.query('insert into login_failures (email, at, ip) values ($1, $2, $3)', [email, at, ip]);
}

export async function loginFailuresOf(db: Queryable, email: string, since: Date): Promise<Array<{ at: Date; ip: string | null }>> {
  const { rows } = await db.query<{ at: Date; ip: string | null }>('select at, ip from login_failures where email = $1 and at > $2 order by at', [
    email,
    since,
  ]);
  return rows.map((row) => ({ at: new Date(row.at), ip: row.ip }));
}

/** That client's failures for the account, and everyone's older than `before`. */
export async function deleteLoginFailures(db: Queryable, email: string, ip: string | null, before: Date): Promise<void> {
  await db.query('delete from login_failures where (email = $1 and ip is not distinct from $2) or at < $3', [email, ip, before]);
}

// Sessions

interface SessionRow {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

/** Sessions past their end or idle since `idleCutoff`. */
export async function deleteEndedSessions(db: Queryable, now: Date, idleCutoff: Date): Promise<void> {
  await db.query('delete from sessions where expires_at <= $1 or last_seen_at <= $2', [now, idleCutoff]);
}

export async function insertSession(db: Queryable, session: Session, ip: string | null, userAgent: string | null): Promise<void> {
  await db.query(
    `insert into sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [session.id, session.userId, session.csrfToken, session.createdAt, session.expiresAt, session.lastSeenAt, ip, userAgent],
  );
}

export async function sessionById(db: Queryable, id: string): Promise<Session | undefined> {
  const { rows } = await db.query<SessionRow>(
    'select id, user_id, csrf_token, created_at, expires_at, last_seen_at from sessions where id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    lastSeenAt: new Date(row.last_seen_at),
  };
}

export async function touchSession(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('update sessions set last_seen_at = $2 where id = $1', [id, now]);
}

/** Returns the ids of the sessions it ended: none or this one. */
export async function deleteSession(db: Queryable, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('delete from sessions where id = $1 returning id', [id]);
  return rows.map((row) => row.id);
}

/** Returns the ids of the sessions it ended. */
export async function deleteUserSessions(db: Queryable, userId: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('delete from sessions where user_id = $1 returning id', [userId]);
  return rows.map((row) => row.id);
}

/** Whether the session exists and its account is enabled. */
export async function liveSessionExists(db: Queryable, sessionId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from sessions s join users u on u.id = s.user_id where s.id = $1 and not u.disabled', [sessionId]);
  return rows.length > 0;
}

// OpenID Connect logins in flight (keyed by the digest of the handle in the browser's cookie)

export interface PendingOidcLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  createdAt: Date;
}

export async function deleteOidcLoginsBefore(db: Queryable, before: Date): Promise<void> {
  await db.query('delete from oidc_logins where created_at < $1', [before]);
}

export async function insertOidcLogin(db: Queryable, id: string, login: PendingOidcLogin): Promise<void> {
  await db.query('insert into oidc_logins (id, state, nonce, code_verifier, created_at) values ($1, $2, $3, $4, $5)', [
    id,
    login.state,
    login.nonce,
    login.codeVerifier,
    login.createdAt,
  ]);
}

/** Deletes the login and returns it: each can be finished once. */
export async function takeOidcLogin(db: Queryable, id: string): Promise<PendingOidcLogin | undefined> {
  const { rows } = await db.query<{ state: string; nonce: string; code_verifier: string; created_at: Date }>(
    'delete from oidc_logins where id = $1 returning state, nonce, code_verifier, created_at',
    [id],
  );
  const row = rows[0];
  return row ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, createdAt: new Date(row.created_at) } : undefined;
}
