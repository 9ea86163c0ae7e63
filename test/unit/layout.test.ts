import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DESCRIPTORS } from '../../connectors/platforms.js';

/**
 * The rules of ../shared/design/ARCHITECTURE.md that a file listing can check: where SQL may be,
 * who writes the audit log, where platforms are named, and that imports do not go in circles.
 */
const ROOT = resolve(process.cwd());
const CODE_DIRS = ['src', 'workers', 'connectors', 'bin'];

function sourceFiles(dir: string): string[] {
  const full = join(ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(relative(ROOT, path));
    return /\.(ts|tsx|js)$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
  });
}

const files = CODE_DIRS.flatMap(sourceFiles);
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** String and template literals of a file, roughly: enough to find SQL text. */
function literals(source: string): string[] {
  return [...source.matchAll(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)].map((m) => m[0]);
}

const SQL = /\b(select\b[\s\S]*?\bfrom\s+[a-z_]+|insert\s+into\s+[a-z_]+|update\s+[a-z_]+\s+set\b|delete\s+from\s+[a-z_]+|create\s+(table|index)\b)/i;
/** A feature's sql.ts, or a sub-feature's (src/<feature>/<sub>/sql.ts). */
const FEATURE_SQL = /^src\/[a-z-]+\/(?:[a-z-]+\/)?sql\.ts$/;
const SQL_PLACES = new RegExp(`${FEATURE_SQL.source}|^src\\/db\\/`);

test('SQL is only in a feature’s sql.ts, src/db/ and the migrations: no route, worker or rule holds any', () => {
  const offenders = files.filter((file) => !SQL_PLACES.test(file) && !file.startsWith('src/web/'))
    .filter((file) => /\.query\s*[<(]/.test(read(file)) || literals(read(file)).some((text) => SQL.test(text)));
  expect(offenders).toEqual([]);
});

test('recordAudit in src/db/audit.ts is the only writer of the audit log', () => {
  const writers = files.filter((file) => /insert\s+into\s+audit_log/i.test(read(file)));
  expect(writers).toEqual(['src/db/audit.ts']);
});

test('no platform is named outside connectors/ (demo data aside): the rest learns platforms from the descriptors', () => {
  // E-mail is also a plain word and X a letter: those two are checked by their other names only.
  const names = DESCRIPTORS.filter((d) => d.id !== 'email').flatMap((d) => [d.names.nl, d.names.en, d.id, ...(d.id === 'x' ? ['twitter'] : [])]).filter((name) => name.length > 2);
  const pattern = new RegExp(`\\b(${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i');
  const outside = files.filter((file) => !file.startsWith('connectors/') && !file.startsWith('src/demo/'));
  const naming = outside.flatMap((file) => literals(read(file)).filter((text) => pattern.test(text)).map((text) => `${file}: ${text.slice(0, 80)}`));
  expect(naming).toEqual([]);
});

/** Runtime imports (type-only imports vanish when compiled) between our own files. */
function runtimeImports(file: string): string[] {
  const source = read(file);
  const found = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return found.map((specifier) => {
    const target = relative(ROOT, resolve(dirname(join(ROOT, file)), specifier));
    const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target];
    return candidates.find((candidate) => files.includes(candidate)) ?? target;
  });
}

test('no import circles', () => {
  const graph = new Map(files.map((file) => [file, runtimeImports(file).filter((target) => files.includes(target))]));
  const state = new Map<string, 'visiting' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  expect(circles).toEqual([]);
});

test('a feature reads another feature’s data through its actions, never its sql.ts', () => {
  // A sql.ts belongs to its folder: a feature's is read by the feature and its sub-folders, a
  // sub-feature's (src/channels/connect/sql.ts) only by the sub-feature, the rest of the feature uses its actions.
  const crossing = files.flatMap((file) => runtimeImports(file)
    .filter((target) => FEATURE_SQL.test(target) && !file.startsWith(`${dirname(target)}/`))
    .map((target) => `${file} → ${target}`));
  expect(crossing).toEqual([]);
});
