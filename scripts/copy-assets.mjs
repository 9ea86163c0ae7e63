// After tsc: copies what the compiled code reads at run time into dist/, so dist/ starts on its own:
// the migrations (.sql), the classifier's model and language data (.json) and config/default.yaml.
// The web app (dist/web) comes from `vite build`. Run from anywhere: paths are relative to the repository.
import { cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['src', 'connectors', 'workers'];
const ASSET = /\.(sql|json)$/;
// Built by Vite (src/web), or never read by the server (tests' fixtures).
const SKIP_DIRS = new Set(['src/web', 'node_modules']);

/** Repository-relative paths of the files the compiled code reads at run time. */
export function assetFiles(root = repo) {
  const files = ['config/default.yaml'];
  const walk = (dir) => {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const file = path.posix.join(dir, name);
      if (statSync(path.join(root, file)).isDirectory()) {
        if (!SKIP_DIRS.has(file) && name !== '__fixtures__') walk(file);
      } else if (ASSET.test(name) && !name.endsWith('.test.json')) files.push(file);
    }
  };
  for (const dir of ROOTS) walk(dir);
  return files;
}

/** Copies the assets into outDir and stamps the build (bin/dist-state.js compares the stamp with the sources). */
export function copyAssets(root = repo, outDir = path.join(root, 'dist')) {
  const files = assetFiles(root);
  for (const file of files) cpSync(path.join(root, file), path.join(outDir, file));
  // dist/ read on its own (copied elsewhere) still holds ES modules, without Node guessing from the syntax.
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  writeFileSync(path.join(outDir, '.build-stamp'), `${new Date().toISOString()}\n`);
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const files = copyAssets();
  console.log(`copied ${files.length} assets into dist/`);
}
