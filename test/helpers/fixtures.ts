import { readFileSync } from 'node:fs';

/** A response recorded from a platform's real API (test/fixtures/platforms/<platform>/<name>). */
export function platformFile(platform: string, name: string): Buffer {
  return readFileSync(new URL(`../fixtures/platforms/${platform}/${name}`, import.meta.url));
}

/** The same, parsed as JSON. */
export function platformJson<T = unknown>(platform: string, name: string): T {
  return JSON.parse(platformFile(platform, name).toString('utf8')) as T;
}
