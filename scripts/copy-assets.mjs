// After tsc: copies the non-TypeScript files the code reads at run time (migrations, the classifier model) into dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = ['src', 'connectors', 'workers'];
const assets = /\.(sql|json)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (assets.test(name)) cpSync(file, path.join('dist', file));
  }
}
for (const root of roots) walk(root);
