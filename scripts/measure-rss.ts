/**
 * Memory of the compiled API and worker under sustained ingest (issue 16: ≤ 250 MB each, flat).
 * Starts `node dist/src/cli.js api` and `… worker` (npm run build first) on a scratch PostgreSQL
 * database, feeds X channels on an emulator in this process with a steady stream of varied
 * mentions (texts from the corpus with unique words, so caches meet new tokens all along; each
 * channel its own X app, so the app-level rate budget leaves it a call every 2 s), asks the
 * API for lists and the dashboard meanwhile, samples each process's RSS every 10 s and prints
 * start / peak / end and the trend of the second half.
 *
 *   npx tsx scripts/measure-rss.ts            # RSS_SECONDS=300 RSS_RATE=300 (mentions a second) RSS_CHANNELS=20
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { XEmulator } from '../connectors/x/emulator.js';
import { loadSplit } from './corpus.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.RSS_SECONDS ?? 300);
const RATE = Number(process.env.RSS_RATE ?? 300);
const CHANNELS = Number(process.env.RSS_CHANNELS ?? 20);
const SAMPLE_MS = 10_000;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Least-squares slope in MB per minute. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den ? (num / den) * 60 : 0;
}

function startProcess(command: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url?: string }> {
  const child = spawn(process.execPath, [path.join(repo, 'dist/src/cli.js'), command], { cwd: os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${command}] ${chunk.toString()}`));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (/"level":(50|60)/.test(line)) process.stderr.write(`[${command}] ${line.slice(0, 300)}\n`);
      const url = /"url":"(http:\/\/localhost:\d+)"/.exec(output);
      if (command === 'api' && url) resolve({ child, url: url[1]! });
      if (command === 'worker' && /job schedulers established|workers started/.test(output)) resolve({ child });
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output.slice(-2000)}`)));
  });
}

async function main(): Promise<void> {
  if (spawnSync(process.execPath, [path.join(repo, 'bin/dist-state.js')], { stdio: 'inherit' }).status !== 0) {
    if (spawnSync('npm', ['run', '-s', 'build'], { cwd: repo, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  }
  const name = `inbox_rss_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const prefix = `rss-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inbox-rss-'));
  const emulator = new XEmulator();
  const baseUrl = await emulator.start();
  const children: ChildProcess[] = [];
  try {
    const accounts = Array.from({ length: CHANNELS }, (_, i) => ({ userId: String(5000 + i), handle: `entity${i}`, token: `rss-token-${i}` }));
    for (const account of accounts) emulator.addAccount(account);
    const channels = accounts
      .map((a, i) => `      - { id: rss-x-${i}, platform: x, name: "@${a.handle}", account: { userId: "${a.userId}", handle: ${a.handle} }, baseUrl: "${baseUrl}", credentials: { bearerToken: ${a.token}, appSecret: rss-app-${i} }, pollIntervalSeconds: 5 }`)
      .join('\n');
    const entities = path.join(dir, 'entities.yaml');
    writeFileSync(entities, `entities:\n  - id: rss\n    name: RSS\n    coordinator: { name: Klachten, email: klachten@example.org }\n    channels:\n${channels}\n`);
    const token = randomBytes(16).toString('hex');
    const env = {
      ...process.env,
      // V8 flags to try on both processes, e.g. RSS_NODE_OPTIONS=--max-old-space-size=128
      NODE_OPTIONS: process.env.RSS_NODE_OPTIONS ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      INBOX_CONFIG: entities,
      INBOX_API_TOKEN: token,
      INBOX_SECRET_KEY: randomBytes(24).toString('hex'),
      INBOX_QUEUE_PREFIX: prefix,
      INBOX_MAIL_DIR: path.join(dir, 'mail'),
    };
    const api = await startProcess('api', env);
    children.push(api.child);
    const worker = await startProcess('worker', env);
    children.push(worker.child);

    // The stream: corpus texts with a unique word and number each, spread over the channels.
    const texts = loadSplit('train').map((record) => record.text);
    let fed = 0;
    const feeder = setInterval(() => {
      for (let k = 0; k < RATE / 10; k++, fed++) {
        const account = accounts[fed % accounts.length]!;
        const unique = `${randomBytes(4).toString('hex')}${fed % 7 === 0 ? ` ${String(100_000 + fed)}` : ''}`;
        emulator.addMention({ toUserId: account.userId, authorId: String(900_000 + (fed % 50_000)), username: `citizen${fed % 50_000}`, text: `@${account.handle} ${texts[fed % texts.length]} ${unique}`, lang: fed % 3 ? 'nl' : 'und' });
      }
    }, 100);
    // Agents meanwhile: lists, a filter, search and the dashboard.
    const routes = ['/api/tickets', '/api/tickets?category=complaint', '/api/tickets?q=bus', '/api/dashboard'];
    let requests = 0;
    const client = setInterval(() => {
      const route = routes[requests++ % routes.length]!;
      void fetch(`${api.url}${route}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer(), () => undefined);
    }, 250);

    const started = Date.now();
    const samples: Record<'api' | 'worker', Array<[number, number]>> = { api: [], worker: [] };
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const sample = async (): Promise<void> => {
      const t = (Date.now() - started) / 1000;
      samples.api.push([t, rssMb(api.child.pid!)]);
      samples.worker.push([t, rssMb(worker.child.pid!)]);
      const messages = (await db.query<{ n: string }>('select count(*) as n from messages')).rows[0]!.n;
      console.log(`${t.toFixed(0).padStart(4)} s  api ${samples.api.at(-1)![1].toFixed(0)} MB  worker ${samples.worker.at(-1)![1].toFixed(0)} MB  fed ${fed}  stored ${messages}`);
    };
    await sample();
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      await sample();
    }
    clearInterval(feeder);
    clearInterval(client);
    await db.end();
    console.log(`\n${SECONDS} s, ${RATE} mentions/s over ${CHANNELS} channels, ${requests} API requests`);
    for (const proc of ['api', 'worker'] as const) {
      const points = samples[proc];
      const values = points.map(([, y]) => y);
      const secondHalf = points.filter(([t]) => t >= SECONDS / 2);
      console.log(`${proc.padEnd(6)} start ${values[0]!.toFixed(0)} MB  peak ${Math.max(...values).toFixed(0)} MB  end ${values.at(-1)!.toFixed(0)} MB  trend (second half) ${slope(secondHalf).toFixed(2)} MB/min`);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    // The API's close waits for this script's idle keep-alive connections: 20 s, then they are stopped hard.
    const exited = (child: ChildProcess) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined);
    await Promise.race([Promise.all(children.map(exited)), new Promise((resolve) => setTimeout(resolve, 20_000))]);
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await emulator.stop();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
// Sockets the feeder and the agents' requests left open would keep the script alive for minutes.
process.exit(0);
