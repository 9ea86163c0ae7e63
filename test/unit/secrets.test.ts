import { createDecipheriv, createHash, scryptSync } from 'node:crypto';
import { SecretBox } from '../../src/channels/secrets.js';

const PASSPHRASE = 'a passphrase of the installation';
const HEX_KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

// Written by the SecretBox before key derivation moved to scrypt (SHA-256 of the passphrase; the hex key as is).
const V1_FROM_PASSPHRASE = 'v1.BAADmNmReix7DOQ4.kkeuzxBpZN8Jd-BmgJjw3g.-pE3wLcHqniRN4qVDxNoA04kL8F5gLSW2eCW9cGr7ecpwa-6dhAinKc4qWrTPvhTsuQkJSM';
const V1_FROM_HEX_KEY = 'v1.iyoc-CgzMiYUyDH4.t_amRt-JazoyeelsophoVQ.GTnDw4Ovnntf8Drldsi9N0Lsl0s94pJgPz603AswCX5QaGI';

/** Decrypts a sealed value with a key chosen by the test, independently of the SecretBox. */
function openWith(key: Buffer, sealed: string, boundTo: string): unknown {
  const [, iv, tag, body] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8'));
}

describe('credentials at rest: key derivation', () => {
  test('values written as v1 (passphrase through SHA-256, or a hex key) still decrypt', () => {
    expect(new SecretBox(PASSPHRASE).decrypt(V1_FROM_PASSPHRASE, 'facebook-main')).toEqual({ accessToken: 'EAAG-old-token', appSecret: 's3cret' });
    expect(new SecretBox(HEX_KEY).decrypt(V1_FROM_HEX_KEY, 'x-main')).toEqual({ bearerToken: 'old-hex-key-token' });
  });

  test('new values are v2, under a scrypt-derived key (N=2^15, r=8, p=1) for a passphrase', () => {
    const sealed = new SecretBox(PASSPHRASE).encrypt({ accessToken: 'new-token' }, 'facebook-main');
    expect(sealed).toMatch(/^v2\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    const scryptKey = scryptSync(PASSPHRASE, 'social-inbox/credentials/v2', 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect(openWith(scryptKey, sealed, 'facebook-main')).toEqual({ accessToken: 'new-token' });
    // no longer the single SHA-256
    expect(() => openWith(createHash('sha256').update(PASSPHRASE).digest(), sealed, 'facebook-main')).toThrow();
    expect(new SecretBox(PASSPHRASE).decrypt(sealed, 'facebook-main')).toEqual({ accessToken: 'new-token' });
  });

  test('a 64-hex key is used as is in v2 too', () => {
    const sealed = new SecretBox(HEX_KEY).encrypt({ bearerToken: 't' }, 'x-main');
    expect(sealed).toMatch(/^v2\./);
    expect(openWith(Buffer.from(HEX_KEY, 'hex'), sealed, 'x-main')).toEqual({ bearerToken: 't' });
  });

  test('a wrong key, another channel or a tampered value fails with the clear error', () => {
    const v2 = new SecretBox(PASSPHRASE).encrypt({ accessToken: 'new-token' }, 'facebook-main');
    const wrong = new SecretBox('another passphrase entirely');
    expect(() => wrong.decrypt(v2, 'facebook-main')).toThrow('credentials: cannot decrypt (wrong INBOX_SECRET_KEY?)');
    expect(() => wrong.decrypt(V1_FROM_PASSPHRASE, 'facebook-main')).toThrow('credentials: cannot decrypt (wrong INBOX_SECRET_KEY?)');
    expect(() => new SecretBox(PASSPHRASE).decrypt(v2, 'facebook-other')).toThrow(/cannot decrypt/);
    const tampered = v2.replace(/^v2\.(.)/, (_match, first: string) => `v2.${first === 'A' ? 'B' : 'A'}`);
    expect(() => new SecretBox(PASSPHRASE).decrypt(tampered, 'facebook-main')).toThrow(/cannot decrypt/);
    // a version relabelled: the other derivation's key does not open it
    expect(() => new SecretBox(PASSPHRASE).decrypt(v2.replace(/^v2/, 'v1'), 'facebook-main')).toThrow(/cannot decrypt/);
    expect(() => new SecretBox(PASSPHRASE).decrypt(v2.replace(/^v2/, 'v3'), 'facebook-main')).toThrow('credentials: unknown format');
  });

  test('the passphrase is derived once per process, not per value', () => {
    const box = new SecretBox('derived once for this test only');
    box.encrypt({ a: '1' }, 'c'); // the first use pays for scrypt
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const other = new SecretBox('derived once for this test only');
      other.decrypt(other.encrypt({ a: String(i) }, 'c'), 'c');
    }
    // 40 scrypt runs would take seconds; 40 AES-GCM operations take well under one
    expect(performance.now() - started).toBeLessThan(500);
  });
});
