import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db.js';
import { findById, type User } from './users.js';

import type { Language, Role } from './roles.js';

/** A person logged in through a session cookie: scoped to their entities. */
export interface UserPrincipal {
  kind: 'user';
  userId: number;
  email: string;
  name: string;
  role: Role;
  entities: string[];
  language: Language;
}

/** The machine token (INBOX_API_TOKEN): full access, for scripts and integrations. */
export interface TokenPrincipal {
  kind: 'token';
}

/** Who is making a request. */
export type Principal = UserPrincipal | TokenPrincipal;

export function userPrincipal(user: User): UserPrincipal {
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    entities: [...user.entities],
    language: user.language,
  };
}

/** The principal behind a session's user, or undefined when the account is gone or disabled. */
export async function loadUserPrincipal(db: Queryable, userId: number): Promise<UserPrincipal | undefined> {
  const user = await findById(db, userId);
  return user && !user.disabled ? userPrincipal(user) : undefined;
}

/** `Authorization: Bearer <token>` against the machine token, in constant time; false when no token is configured. */
export function bearerTokenMatches(expected: string | undefined, authorization: string | undefined): boolean {
  if (!expected || !authorization?.startsWith('Bearer ')) return false;
  // Hashing first gives equal lengths, so the comparison leaks nothing about the token's length either.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(authorization.slice(7)), digest(expected));
}

/** How a principal is named in audit columns (`actor`): 'api-token' or 'user:<e-mail>'. */
export function actorName(principal: Principal): string {
  return principal.kind === 'token' ? 'api-token' : `user:${principal.email}`;
}
