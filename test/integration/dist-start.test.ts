import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain JavaScript build script, no types
import { assetFiles } from '../../scripts/copy-assets.mjs';

// Production runs the compiled dist/ (npm run build): it must start on its own, from another folder,
// without tsx and without src/. The suite builds at most once: a dist/ as new as the sources is reused.
const repo = process.cwd();

function ensureBuilt(): void {
  if (spawnSync(process.execPath, ['bin/dist-state.js'], { cwd: repo, stdio: 'ignore' }).status === 0) return;
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

describe('the compiled dist/', () => {
  let app: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    ensureBuilt();
    app = mkdtempSync(path.join(os.tmpdir(), 'inbox-dist-'));
    cpSync(path.join(repo, 'dist'), path.join(app, 'dist'), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  }, 400_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(app, { recursive: true, force: true });
  });

  it('holds every file the code reads at run time', () => {
    const files = assetFiles(repo) as string[];
    expect(files).toEqual(expect.arrayContaining(['config/default.yaml', 'src/classify/model.json', 'src/classify/eld-subset.json', 'src/db/migrations/001_initial.sql']));
    const migrations = readdirSync(path.join(repo, 'src/db/migrations')).filter((name) => name.endsWith('.sql'));
    expect(files.filter((file) => file.startsWith('src/db/migrations/'))).toHaveLength(migrations.length);
    for (const file of [...files, 'package.json', 'src/cli.js', 'src/boot.js', 'workers/index.js', 'web/index.html']) expect(existsSync(path.join(app, 'dist', file))).toBe(true);
    expect(existsSync(path.join(app, 'src'))).toBe(false);
  });

  it('starts from another folder with a fresh embedded database, answers, and stops on SIGTERM', async () => {
    const entities = path.join(app, 'entities.yaml');
    writeFileSync(entities, 'entities:\n  - id: dist-test\n    name: Dist test\n    coordinator: { name: Klachten, email: klachten@example.org }\n');
    child = spawn(process.execPath, [path.join(app, 'dist/src/cli.js'), 'start'], {
      cwd: os.tmpdir(),
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'production',
        PORT: '0',
        DATABASE_URL: '',
        INBOX_CONFIG: entities,
        INBOX_API_TOKEN: 'dist-test-token',
        INBOX_QUEUE_PREFIX: `dist-test-${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/localhost:\d+)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    expect(existsSync(path.join(app, 'data/pglite'))).toBe(true);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Database, Redis and the workers' heartbeat, from the compiled workers in the same process.
    let ready: Response | undefined;
    for (let tries = 0; tries < 60 && ready?.status !== 200; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await fetch(`${url}/readyz`);
    }
    expect(ready?.status).toBe(200);
    const tickets = await fetch(`${url}/api/tickets`, { headers: { authorization: 'Bearer dist-test-token' } });
    expect(tickets.status).toBe(200);
    const login = await fetch(`${url}/`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/<script[^>]+src="\/assets\//);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 180_000);
});
