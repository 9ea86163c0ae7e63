import type { Language, Role } from './roles.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import { notifySessionsEnded } from './session-events.js';
import {
  deleteLoginFailures,
  deleteUserEntities,
  deleteUserSessions,
  disableUser,
  existingEntityIds,
  insertLoginFailure,
  insertUser,
  insertUserEntities,
  linkUserOidc,
  loginFailuresOf,
  updateLanguage,
  updateLastLogin,
  updatePasswordHash,
  updateUserFields,
  userByEmail,
  userById,
  userByOidc,
  usersInScope,
} from './sql.js';

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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function withoutPassword(user: UserWithPassword): User {
  const rest: Partial<UserWithPassword> = { ...user };
  delete rest.passwordHash;
  return rest as User;
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const id = await db.transaction(async (tx) => {
    const userId = await insertUser(tx, {
      email: normalizeEmail(input.email),
      name: input.name,
      role: input.role,
      language: input.language ?? 'nl',
      passwordHash: input.passwordHash ?? null,
      oidcIssuer: input.oidc?.issuer ?? null,
      oidcSubject: input.oidc?.subject ?? null,
    });
    await insertUserEntities(tx, userId, input.entities);
    return userId;
  });
  return (await findById(db, id))!;
}

/** With the password hash: for the password login only. */
export async function findByEmail(db: Queryable, email: string): Promise<UserWithPassword | undefined> {
  return userByEmail(db, normalizeEmail(email));
}

export async function findById(db: Queryable, id: number): Promise<User | undefined> {
  const user = await userById(db, id);
  return user ? withoutPassword(user) : undefined;
}

export async function findByOidc(db: Queryable, issuer: string, subject: string): Promise<User | undefined> {
  const user = await userByOidc(db, issuer, subject);
  return user ? withoutPassword(user) : undefined;
}

/** Links an account to an OpenID Connect identity, only if it has none yet; false otherwise. */
export async function linkOidc(db: Queryable, userId: number, issuer: string, subject: string): Promise<boolean> {
  return linkUserOidc(db, userId, issuer, subject);
}

/** Users with at least one entity in the scope; every user for 'all'. */
export async function listUsers(db: Queryable, scope: string[] | 'all'): Promise<User[]> {
  const users = await usersInScope(db, scope === 'all' ? null : scope);
  return users.map(withoutPassword);
}

export async function setPassword(db: Queryable, userId: number, passwordHash: string): Promise<void> {
  await updatePasswordHash(db, userId, passwordHash);
}

export async function setLanguage(db: Queryable, userId: number, language: Language): Promise<void> {
  await updateLanguage(db, userId, language);
}

export async function setEntities(db: Db, userId: number, entities: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteUserEntities(tx, userId);
    await insertUserEntities(tx, userId, entities);
  });
}

/** Disables the account and ends its sessions at once. */
export async function disable(db: Db, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await disableUser(tx, userId);
    await deleteUserSessions(tx, userId);
    await notifySessionsEnded(tx, { userId });
  });
}

export async function markLogin(db: Queryable, userId: number, at: Date): Promise<void> {
  await updateLastLogin(db, userId, at);
}

/** Entity ids of the list that do not exist. */
export async function unknownEntities(db: Queryable, entities: string[]): Promise<string[]> {
  const known = new Set(await existingEntityIds(db, entities));
  return entities.filter((entity) => !known.has(entity));
}

// Failed password logins, per account (the e-mail as typed, normalised; also for unknown addresses,
// so throttling answers the same whether an account exists or not) and client address.

export async function recordLoginFailure(db: Queryable, email: string, ip: string | undefined, at: Date): Promise<void> {
  await insertLoginFailure(db, normalizeEmail(email), ip ?? null, at);
}

/** The account's failed logins since `since`, from every client address, oldest first. */
export async function loginFailuresSince(db: Queryable, email: string, since: Date): Promise<Array<{ at: Date; ip: string | null }>> {
  return loginFailuresOf(db, normalizeEmail(email), since);
}

/**
 * After a successful login: that client's failures for the account are forgotten (not other
 * clients': the owner logging in must not wipe the count of someone guessing elsewhere). Also drops
 * everyone's failures older than `before`.
 */
export async function clearLoginFailures(db: Queryable, email: string, ip: string | undefined, before: Date): Promise<void> {
  await deleteLoginFailures(db, normalizeEmail(email), ip ?? null, before);
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
    const found = await updateUserFields(tx, userId, {
      name: changes.name ?? null,
      role: changes.role ?? null,
      disabled: changes.disabled ?? null,
      passwordHash: changes.passwordHash ?? null,
    });
    if (!found) return false;
    if (changes.entities) {
      await deleteUserEntities(tx, userId);
      await insertUserEntities(tx, userId, changes.entities);
    }
    if (changes.disabled === true || (changes.passwordHash !== undefined && !by.self)) {
      await deleteUserSessions(tx, userId);
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
