import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

/**
 * Builds the inbox web app with Vite's JS API, using the repository's vite.config.ts (root src/web,
 * automatic JSX runtime) but writing to `outDir`, so a test never touches dist/web.
 * Run directly: `npx tsx test/e2e/build.ts <outDir>`.
 */
export async function buildWebApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: `${repoRoot}vite.config.ts`,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

/**
 * The same build in a child Node process. Jest runs tests inside a vm context, and Rolldown's native
 * binding rejects plugin objects made in another realm ("Value is none of these types
 * `BindingPluginOptions`…"), so the test cannot call Vite in-process.
 */
export async function buildWebAppOnce(outDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', thisFile, outDir], { cwd: repoRoot, timeout: 60_000 });
}

if (process.argv[1] && thisFile === process.argv[1]) {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: tsx test/e2e/build.ts <outDir>');
  await buildWebApp(outDir);
}
