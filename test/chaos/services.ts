/**
 * The chaos harness's own servers and processes: a private PostgreSQL cluster (Debian's binaries,
 * run as the postgres user), a private redis-server without persistence, and real `inbox`
 * processes, each with its output in a log file. Everything started here is registered with
 * `cleanup`, which the harness runs on success, failure, Ctrl-C and its own deadline.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// ---- cleanup ----

const cleanups: Array<{ name: string; run: () => void | Promise<void> }> = [];

/** Registers an undo step; steps run newest first. Returns a function that unregisters it. */
export function onCleanup(name: string, run: () => void | Promise<void>): () => void {
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const at = cleanups.indexOf(entry);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

let cleaning: Promise<void> | undefined;

/** Runs every registered step once, each bounded to 15 s; errors are printed, never thrown. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve(step.run()), 15_000, `cleanup ${step.name}`);
      } catch (error) {
        console.error(`chaos: cleanup of ${step.name} failed: ${String(error)}`);
      }
    }
  })();
  return cleaning;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    }),
  ]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- ports ----

/** A port nobody listens on at the moment (the kernel's choice, on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitForPort(port: number, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await portAnswers(port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${ms} ms`);
    await sleep(100);
  }
}

// ---- PostgreSQL ----

export interface PostgresServer {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast|immediate`; resolves when the server accepts connections again. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(root, versions[0], 'bin');
}

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres user. */
function asPostgres(command: string, args: string[]): { command: string; args: string[] } {
  return process.getuid?.() === 0 ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

function run(command: string, args: string[], what: string, timeoutMs = 60_000): void {
  const cmd = asPostgres(command, args);
  const result = spawnSync(cmd.command, cmd.args, { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status ?? result.signal ?? result.error?.message}): ${result.stderr || result.stdout}`);
  }
}

/** `dir` must be writable by the postgres user; its server log is copied to `copyLogTo` at cleanup. */
export async function startPostgres(dir: string, copyLogTo: string): Promise<PostgresServer> {
  const logFile = path.join(dir, 'postgres.log');
  const bin = postgresBin();
  const port = await freePort();
  const data = path.join(dir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
    chmodSync(dir, 0o755);
  }
  run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'], 'initdb');
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (args: string[], what: string) => run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', ...args], what, 90_000);
  pgCtl(['start'], 'pg_ctl start');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop'], 'pg_ctl stop', 30_000);
    } catch (error) {
      console.error(`chaos: ${String(error)}`);
    }
  };
  onCleanup('postgres', async () => {
    await stop();
    if (existsSync(logFile)) copyFileSync(logFile, copyLogTo);
    rmSync(dir, { recursive: true, force: true });
  });
  await waitForPort(port, 30_000, 'PostgreSQL');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart(mode) {
      pgCtl(['-m', mode, 'restart'], `pg_ctl restart -m ${mode}`);
      await waitForPort(port, 30_000, 'PostgreSQL');
    },
    stop,
  };
}

// ---- Redis ----

export interface RedisServer {
  url: string;
  /** SIGKILL: everything in it is gone (no persistence). */
  kill(): Promise<void>;
  /** A new, empty redis-server on the same port. */
  start(): Promise<void>;
}

export async function startRedis(dir: string, logFile: string): Promise<RedisServer> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  let child: ChildProcess | undefined;
  const start = async () => {
    const out = openSync(logFile, 'a');
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    await waitForPort(port, 15_000, 'redis-server');
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await withTimeout(exited, 10_000, 'redis-server exit');
  };
  onCleanup('redis', async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  });
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start };
}

// ---- inbox processes ----

export interface ExitRecord {
  name: string;
  pid: number;
  code: number | null;
  signal: string | null;
  at: string;
  /** False when the harness itself killed it (SIGKILL fault or final stop). */
  unexpected: boolean;
}

/** One `inbox api|worker` process that can be killed and started again under the same name. */
export class InboxProcess {
  child: ChildProcess | undefined;
  private expectExit = false;
  starts = 0;
  /** Exited without the harness asking: a supervisor (run.ts) starts it again. */
  crashed = false;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
    private readonly exits: ExitRecord[],
    private readonly cwd: string,
  ) {
    onCleanup(name, () => this.killNow());
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const out = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...this.args], {
      cwd: this.cwd,
      env: this.env,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.expectExit = false;
    this.crashed = false;
    this.starts++;
    this.child = child;
    child.once('exit', (code, signal) => {
      const unexpected = !this.expectExit;
      this.exits.push({ name: this.name, pid: child.pid ?? -1, code, signal, at: new Date().toISOString(), unexpected });
      this.crashed = unexpected;
      if (unexpected) console.error(`chaos: ${this.name} (pid ${child.pid}) exited unexpectedly: ${code ?? signal}`);
    });
  }

  /** kill -9, waits for the exit (bounded). */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await withTimeout(exited, 10_000, `${this.name} exit after SIGKILL`);
  }

  /** SIGTERM (running jobs finish), SIGKILL after `graceMs`. Returns the exit code. */
  async stop(graceMs: number): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    this.expectExit = true;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    try {
      return await withTimeout(exited, graceMs, `${this.name} exit after SIGTERM`);
    } catch {
      child.kill('SIGKILL');
      await withTimeout(exited, 10_000, `${this.name} exit after SIGKILL`).catch(() => undefined);
      return null;
    }
  }

  private killNow(): void {
    if (this.running) {
      this.expectExit = true;
      this.child!.kill('SIGKILL');
    }
  }
}

/**
 * The pid, among `pids`, whose TCP socket has local port `localPort` on 127.0.0.1 (Linux /proc):
 * the emulator reports the client port of the request it saw, this finds the process behind it.
 */
export function pidOwningPort(localPort: number, pids: number[]): number | undefined {
  const hex = localPort.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1]!.endsWith(`:${hex}`)) inodes.add(cols[9]!);
    }
  }
  if (!inodes.size) return undefined;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return undefined;
}
