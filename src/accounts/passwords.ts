import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with 64 MiB and 3 passes, RFC 9106's second
 * recommended setting: about 0.1–0.2 s per login on a server core.
 */
const COST = { memoryCost: 65_536, timeCost: 3, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused before hashing: no one types more, and it bounds the work per request. */
export const MAX_PASSWORD_LENGTH = 1024;

let dummyHash: Promise<string> | undefined;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

/**
 * True when the password matches. Without a hash (unknown e-mail, account without password) it
 * still verifies against a dummy hash of the same cost, so the answer takes as long either way.
 */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash(randomBytes(24).toString('base64url'), COST);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** True for a hash made with other parameters than today's: rehash it at the next successful login. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const used = parseOptions(passwordHash);
    return used.memoryCost !== COST.memoryCost || used.timeCost !== COST.timeCost || used.parallelism !== COST.parallelism;
  } catch {
    return true;
  }
}

/** 144 random bits as 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Why a new password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}
