import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';

/**
 * How a passphrase becomes the AES key, per format version. A 64-hex-character key is used as is in
 * every version.
 * - v1 (read only): one SHA-256 of the passphrase — cheap to guess at, kept so stored values decrypt.
 * - v2: scrypt, N = 2^15, r = 8, p = 1 (32 MiB and some 100 ms per guess).
 *
 * The salt is one fixed application string rather than a random one. An installation has exactly one
 * passphrase and one key; a random salt would have to be stored next to every value (and scrypt run
 * again for each) or in the database before any credential could be read. What protects a passphrase
 * is the cost of each guess, and the application-specific salt makes tables computed for any other
 * software useless. Installations that want no passphrase at all set a random 64-hex key.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SCRYPT_SALT = 'social-inbox/credentials/v2';
const CURRENT = 'v2';

type Version = 'v1' | 'v2';

// Derived once per process and passphrase: scrypt is slow on purpose, and every worker, API request
// and test builds its own SecretBox.
const derived = new Map<string, Buffer>();

function deriveKey(secret: string, version: Version): Buffer {
  if (/^[0-9a-f]{64}$/i.test(secret)) return Buffer.from(secret, 'hex');
  if (version === 'v1') return createHash('sha256').update(secret).digest();
  const cacheKey = createHash('sha256').update(`${version}\0${secret}`).digest('hex');
  let key = derived.get(cacheKey);
  if (!key) {
    key = scryptSync(secret, SCRYPT_SALT, 32, SCRYPT);
    derived.set(cacheKey, key);
  }
  return key;
}

/**
 * Channel credentials at rest: AES-256-GCM under INBOX_SECRET_KEY. The channel id is bound as
 * additional authenticated data, so a ciphertext copied onto another channel row does not decrypt.
 * Format: <version>.<iv>.<tag>.<ciphertext>, each part base64url; new values are written as v2.
 */
export class SecretBox {
  readonly #secret: string;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('INBOX_SECRET_KEY must be at least 16 characters');
    this.#secret = secret;
  }

  encrypt(plain: Record<string, string>, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', deriveKey(this.#secret, CURRENT), iv);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return [CURRENT, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  decrypt(sealed: string, boundTo: string): Record<string, string> {
    const [version, iv, tag, body] = sealed.split('.');
    if ((version !== 'v1' && version !== 'v2') || !iv || !tag || body === undefined) throw new Error('credentials: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(this.#secret, version), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo));
    try {
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch {
      throw new Error('credentials: cannot decrypt (wrong INBOX_SECRET_KEY?)');
    }
  }
}
