/**
 * The harness's side of the chaos emulator: starts emulator-process.ts as a child process and talks
 * to its control API (every call bounded in time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { onCleanup, withTimeout } from './services.js';

export interface Ledger {
  accounts: Record<string, { ids: string[]; complaints: string[] }>;
  hostile: Array<{ kind: string; userId: string; id?: string; marker: string }>;
}

export interface EmulatorReply {
  kind: 'tweet' | 'dm';
  id: string;
  byUserId: string;
  target: string;
  at: string;
}

export class EmulatorControl {
  private constructor(
    readonly url: string,
    private readonly controlUrl: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(backlog: number, complaintEvery: number, cwd: string, logFile: string): Promise<EmulatorControl> {
    const err = openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/chaos/emulator-process.ts', String(backlog), String(complaintEvery)], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', err],
    });
    closeSync(err);
    onCleanup('x emulator', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const firstLine = new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the X emulator exited with ${code} before it started (see ${logFile})`)));
    });
    const { url, control } = JSON.parse(await withTimeout(firstLine, 60_000, 'X emulator start')) as { url: string; control: string };
    return new EmulatorControl(url, control, child);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.controlUrl), {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${json.error ?? response.status}`);
    return json;
  }

  fail(status: 429 | 500 | 503, opts: { count?: number; resetAt?: Date; path?: string } = {}): Promise<unknown> {
    return this.call('POST', 'fail', { status, count: opts.count ?? 1, resetAtMs: opts.resetAt?.getTime(), path: opts.path });
  }

  hang(ms: number, opts: { count?: number; path?: string } = {}): Promise<unknown> {
    return this.call('POST', 'hang', { ms, count: opts.count ?? 1, path: opts.path });
  }

  /** The next matching request is carried out, its answer held back `ms` (to kill the client meanwhile). */
  delayAfter(ms: number, opts: { count?: number; path?: string } = {}): Promise<unknown> {
    return this.call('POST', 'delay-after', { ms, count: opts.count ?? 1, path: opts.path });
  }

  async delayed(): Promise<Array<{ port: number; path: string; at: number }>> {
    return (await this.call<{ delayed: Array<{ port: number; path: string; at: number }> }>('GET', 'delayed')).delayed;
  }

  truncate(opts: { count?: number; path?: string } = {}): Promise<unknown> {
    return this.call('POST', 'truncate', { count: opts.count ?? 1, path: opts.path });
  }

  clear(): Promise<unknown> {
    return this.call('POST', 'clear', {});
  }

  async addMentions(userId: string, count: number, complaintEvery = 0): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('POST', 'mentions', { userId, count, complaintEvery })).ids;
  }

  trickle(userId: string, everyMs: number, complaintEvery: number): Promise<unknown> {
    return this.call('POST', 'trickle', { userId, everyMs, complaintEvery });
  }

  async addHostile(userId: string): Promise<Ledger['hostile']> {
    return (await this.call<{ items: Ledger['hostile'] }>('POST', 'hostile', { userId })).items;
  }

  ledger(): Promise<Ledger> {
    return this.call('GET', 'ledger');
  }

  async replies(): Promise<EmulatorReply[]> {
    return (await this.call<{ replies: EmulatorReply[] }>('GET', 'replies')).replies;
  }

  /** The client port of the newest mentions request for this user, if any. */
  async lastClient(userId: string): Promise<{ port?: number; at?: number }> {
    return this.call('GET', `client?user=${userId}`);
  }

  stats(): Promise<{ requests: number; statuses: Record<string, number>; faultsServed: unknown[] }> {
    return this.call('GET', 'stats');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await withTimeout(exited, 10_000, 'X emulator stop').catch(() => this.child.kill('SIGKILL'));
  }
}
