import { readFileSync } from 'node:fs';
// Type-only import: keeps model.json in the TypeScript program so `tsc` copies it next to the build output.
import type ModelJson from './model.json';
export const loaded = JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as typeof ModelJson;
