// Is the compiled dist/ there, and is it as new as the sources? Used by bin/inbox.js and `npm start`'s prestart
// (`node bin/dist-state.js` exits 0 when dist/ is fresh, 1 when it is missing or older than the sources).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distCli = path.join(root, 'dist', 'src', 'cli.js');
const SOURCES = ['src', 'connectors', 'workers', 'config/default.yaml', 'scripts/copy-assets.mjs', 'tsconfig.build.json', 'vite.config.ts'];

function newestMtime(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)));
  return newest;
}

/** 'missing', 'stale' (a source changed after the last build) or 'fresh'. An image without src/ is fresh. */
export function distState() {
  const stamp = statSync(path.join(root, 'dist', '.build-stamp'), { throwIfNoEntry: false });
  if (!existsSync(distCli) || !stamp) return 'missing';
  if (!existsSync(path.join(root, 'src'))) return 'fresh';
  const newest = Math.max(...SOURCES.map((source) => newestMtime(path.join(root, source))));
  return newest > stamp.mtimeMs ? 'stale' : 'fresh';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const state = distState();
  if (state !== 'fresh') console.error(`dist/ is ${state} (npm run build)`);
  process.exit(state === 'fresh' ? 0 : 1);
}
