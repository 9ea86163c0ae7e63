import type { Language, Role } from './roles.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import { notifySessionsEnded } from './session-events.js';

/** An account as the rest of the system sees it (no password hash). */
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  language: Language;
  entities: string[];
  disabled: boolean;
  hasPassword: boolean;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** Only the password login reads the hash. */
export type UserWithPassword = User & { passwordHash: string | null };

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  entities: string[];
  language?: Language;
  passwordHash?: string;
  oidc?: { issuer: string; subject: string };
}

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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

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

function withoutPassword(user: UserWithPassword): User {
  const rest: Partial<UserWithPassword> = { ...user };
  delete rest.passwordHash;
  return rest as User;
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const id = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>(
      `insert into users (email, name, role, language, password_hash, oidc_issuer, oidc_subject)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        normalizeEmail(input.email),
        input.name,
        input.role,
        input.language ?? 'nl',
        input.passwordHash ?? null,
        input.oidc?.issuer ?? null,
        input.oidc?.subject ?? null,
      ],
    );
    const userId = rows[0]!.id;
    await insertEntities(tx, userId, input.entities);
    return userId;
  });
  return (await findById(db, id))!;
}

/** With the password hash: for the password login only. */
export async function findByEmail(db: Queryable, email: string): Promise<UserWithPassword | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.email = $1`, [normalizeEmail(email)]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function findById(db: Queryable, id: number): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.id = $1`, [id]);
  return rows[0] ? withoutPassword(toUser(rows[0])) : undefined;
}

export async function findByOidc(db: Queryable, issuer: string, subject: string): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} where u.oidc_issuer = $1 and u.oidc_subject = $2`, [issuer, subject]);
  return rows[0] ? withoutPassword(toUser(rows[0])) : undefined;
}

/** Links an account to an OpenID Connect identity, only if it has none yet; false otherwise. */
export async function linkOidc(db: Queryable, userId: number, issuer: string, subject: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'update users set oidc_issuer = $2, oidc_subject = $3 where id = $1 and oidc_subject is null',
    [userId, issuer, subject],
  );
  return rowCount > 0;
}

/** Users with at least one entity in the scope; every user for 'all'. */
export async function listUsers(db: Queryable, scope: string[] | 'all'): Promise<User[]> {
  const { rows } = await db.query<UserRow>(
    `${SELECT_USER}
      where $1::text[] is null
         or exists (select 1 from user_entities ue where ue.user_id = u.id and ue.entity_id = any($1::text[]))
      order by u.email`,
    [scope === 'all' ? null : scope],
  );
  return rows.map((row) => withoutPassword(toUser(row)));
}

export async function setPassword(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await db.query('update users set password_hash = $2 where id = $1', [userId, passwordHash]);
}

export async function setLanguage(db: Queryable, userId: number, language: Language): Promise<void> {
  await db.query('update users set language = $2 where id = $1', [userId, language]);
}

export async function setEntities(db: Db, userId: number, entities: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from user_entities where user_id = $1', [userId]);
    await insertEntities(tx, userId, entities);
  });
}

/** Disables the account and ends its sessions at once. */
export async function disable(db: Db, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('update users set disabled = true where id = $1', [userId]);
    await tx.query('delete from sessions where user_id = $1', [userId]);
    await notifySessionsEnded(tx, { userId });
  });
}

export async function markLogin(db: Queryable, userId: number, at: Date): Promise<void> {
  await db.query('update users set last_login_at = $2 where id = $1', [userId, at]);
}

/** Entity ids of the list that do not exist. */
export async function unknownEntities(db: Queryable, entities: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from entities where id = any($1::text[])', [entities]);
  const known = new Set(rows.map((row) => row.id));
  return entities.filter((entity) => !known.has(entity));
}

async function insertEntities(tx: Queryable, userId: number, entities: string[]): Promise<void> {
  if (entities.length === 0) return;
  await tx.query(
    'insert into user_entities (user_id, entity_id) select $1, e from unnest($2::text[]) as e on conflict do nothing',
    [userId, [...new Set(entities)]],
  );
}

// Failed password logins, per account (the e-mail as typed, normalised; also for unknown addresses,
// so throttling answers the same whether an account exists or not) and client address.

export async function recordLoginFailure(db: Queryable, email: string, ip: string | undefined, at: Date): Promise<void> {
  await db.query('insert into login_failures (email, at, ip) values ($1, $2, $3)', [normalizeEmail(email), at, ip ?? null]);
}

/** The account's failed logins since `since`, from every client address, oldest first. */
export async function loginFailuresSince(db: Queryable, email: string, since: Date): Promise<Array<{ at: Date; ip: string | null }>> {
  const { rows } = await db.query<{ at: Date; ip: string | null }>('select at, ip from login_failures where email = $1 and at > $2 order by at', [
    normalizeEmail(email),
    since,
  ]);
  return rows.map((row) => ({ at: new Date(row.at), ip: row.ip }));
}

/**
 * After a successful login: that client's failures for the account are forgotten (not other
 * clients': the owner logging in must not wipe the count of someone guessing elsewhere). Also drops
 * everyone's failures older than `before`.
 */
export async function clearLoginFailures(db: Queryable, email: string, ip: string | undefined, before: Date): Promise<void> {
  await db.query('delete from login_failures where (email = $1 and ip is not distinct from $2) or at < $3', [normalizeEmail(email), ip ?? null, before]);
}

export interface UserChanges {
  name?: string | undefined;
  role?: Role | undefined;
  entities?: string[] | undefined;
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
}

/**
 * An admin's changes to an account, in one transaction, audited by field name. Disabling it, or a
 * new password set by someone else, ends its sessions at once. False when the account does not exist.
 */
export async function updateUser(db: Db, userId: number, changes: UserChanges, by: { actor: string; self: boolean }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `update users set name = coalesce($2, name), role = coalesce($3, role), disabled = coalesce($4, disabled),
              password_hash = coalesce($5, password_hash)
        where id = $1`,
      [userId, changes.name ?? null, changes.role ?? null, changes.disabled ?? null, changes.passwordHash ?? null],
    );
    if (rowCount === 0) return false;
    if (changes.entities) {
      await tx.query('delete from user_entities where user_id = $1', [userId]);
      await insertEntities(tx, userId, changes.entities);
    }
    if (changes.disabled === true || (changes.passwordHash !== undefined && !by.self)) {
      await tx.query('delete from sessions where user_id = $1', [userId]);
      await notifySessionsEnded(tx, { userId });
    } else if (changes.entities || changes.role) {
      // The sessions go on, but an open event stream decided what it shows when it opened: it ends,
      // and the browser's reconnect gets the new entities and role.
      await notifySessionsEnded(tx, { userId });
    }
    const changed = (Object.keys(changes) as Array<keyof UserChanges>)
      .filter((key) => changes[key] !== undefined)
      .map((key) => (key === 'passwordHash' ? 'password' : key));
    await recordAudit(tx, {
      actor: by.actor,
      action: 'user.update',
      subjectType: 'user',
      subjectId: userId,
      details: { changed, ...(changes.role ? { role: changes.role } : {}), ...(changes.entities ? { entities: changes.entities } : {}) },
    });
    return true;
  });
}

export async function auditUserCreated(db: Queryable, actor: string, user: User): Promise<void> {
  await recordAudit(db, { actor, action: 'user.create', subjectType: 'user', subjectId: user.id, details: { role: user.role, entities: user.entities } });
}
