#!/usr/bin/env node
// The `inbox` command. Runs the compiled dist/ (`npm run build`) in this process when it is there and, in a
// checkout, not older than the sources; NODE_ENV=production requires it. Otherwise, and always with INBOX_DEV=1,
// it runs the TypeScript sources through tsx (development: `npm run inbox`, `npm run dev`).
import { distCli, distState } from './dist-state.js';
import { pathToFileURL } from 'node:url';

const production = process.env.NODE_ENV === 'production';
const dev = process.env.INBOX_DEV === '1' && !production;
const state = dev ? 'unused' : distState();

if (state === 'fresh' || (production && state === 'stale')) {
  if (state === 'stale') console.error('inbox: dist/ is older than the sources: run `npm run build` to run what is checked out');
  await import(pathToFileURL(distCli).href);
} else if (production) {
  console.error('inbox: dist/ is missing: run `npm run build` first (NODE_ENV=production runs only compiled code)');
  process.exit(2);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(`inbox: dist/ is ${state} and tsx is not installed: run \`npm run build\``);
    process.exit(2);
  }
  register();
  await import('../src/cli.ts');
}
