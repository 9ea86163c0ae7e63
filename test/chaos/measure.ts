/**
 * Reading the outcome: counts from the run's database (a connection pool that survives PostgreSQL
 * restarts), bounded waits, and the final tally checked against the emulator's ledger.
 */
import pg from 'pg';
import type { EmulatorReply, Ledger } from './control.js';
import { ACCOUNTS } from './scenario.js';
import { sleep, withTimeout } from './services.js';

export class Counter {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 5_000, query_timeout: 60_000 });
    // A PostgreSQL restart ends idle connections: that is expected here, the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await withTimeout(this.pool.query<T>(sql, params), 90_000, 'database query')).rows;
  }

  async stored(channelId: string): Promise<number> {
    const rows = await this.query<{ n: number }>("select count(*)::int as n from messages where direction = 'inbound' and channel_id = $1", [channelId]);
    return rows[0]!.n;
  }

  async has(channelId: string, externalIds: string[]): Promise<boolean> {
    const rows = await this.query<{ n: number }>(
      "select count(distinct external_id)::int as n from messages where direction = 'inbound' and channel_id = $1 and external_id = any($2::text[])",
      [channelId, externalIds],
    );
    return rows[0]!.n === new Set(externalIds).size;
  }

  /** Outbox rows still to do (coordinator mails, webhooks, replies). */
  async openOutbox(): Promise<number> {
    const rows = await this.query<{ n: number }>("select count(*)::int as n from outbox where status in ('pending', 'processing')");
    return rows[0]!.n;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Polls `check` until it is true or `ms` passed; errors (a database restarting) count as false. Returns ms taken or null. */
export async function waitUntil(check: () => Promise<boolean>, ms: number, everyMs = 250): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    try {
      if (await withTimeout(check(), Math.max(1000, ms), 'check')) return Date.now() - started;
    } catch {
      // not yet
    }
    if (Date.now() - started > ms) return null;
    await sleep(everyMs);
  }
}

export interface ChannelTally {
  channel: string;
  expected: number;
  stored: number;
  distinct: number;
  lost: number;
  /**
   * Not stored because the channel is still paused by a platform rate limit that ends within the
   * allowed pause (they arrive when it ends): not counted as lost. A longer pause counts them as lost.
   */
  heldByRateLimit: number;
  /** Rows beyond one per (channel, external id). */
  duplicated: number;
  /** Stored ids the emulator never served as well-formed mentions (hostile items excluded). */
  unexpected: number;
  lostSample: string[];
}

export interface Tally {
  channels: ChannelTally[];
  messages: { expected: number; stored: number; distinct: number; lost: number; duplicated: number };
  tickets: number;
  ticketsWithWrongMessageCount: number;
  complaints: { expected: number; inDatabase: number; expectedButMissing: number };
  /**
   * Per complaint, distinct deliveries: a mail by its Message-ID, a webhook by its Idempotency-Key.
   * `repeats` counts deliveries of one already received (the same key, after a crash between
   * sending and recording it), which a receiver recognises by that key.
   */
  mails: { total: number; repeats: number; min: number; max: number; complaintsNotOne: number; forUnknownComplaints: number; sample: Array<{ complaint: string; count: number }> };
  webhooks: {
    total: number; repeats: number; min: number; max: number; complaintsNotOne: number; forUnknownComplaints: number; sample: Array<{ complaint: string; count: number }>;
    badSignatures: number;
  };
  replies: { total: number; targets: number; maxPerTarget: number; targetsWithMoreThanOne: number; sample: Array<{ target: string; count: number }> };
  quarantine: Array<{ channel: string; externalId: string | null; itemType: string; reason: string; seen: number }>;
  hostile: Array<{ kind: string; id?: string; outcome: 'stored' | 'quarantined' | 'missing'; reason?: string }>;
  outbox: Record<string, number>;
  channelStates: Array<{ id: string; status: string; lastError: string | null; rateLimitedUntil: string | null }>;
}

function minMax(counts: number[]): { min: number; max: number } {
  return counts.length ? { min: Math.min(...counts), max: Math.max(...counts) } : { min: 0, max: 0 };
}

export async function tally(
  counter: Counter,
  ledger: Ledger,
  mails: { perComplaint: Map<string, number>; keysPerComplaint: Map<string, Set<string>> },
  webhooks: { perComplaint: Map<string, number>; keysPerComplaint: Map<string, Set<string>>; badSignatures: number },
  replies: EmulatorReply[],
  maxPauseMs: number,
): Promise<Tally> {
  const pausedUntil = new Map(
    (await counter.query<{ id: string; until: Date | null }>('select id, rate_limited_until as until from channels')).map((r) => [r.id, r.until]),
  );
  const hostileIds = new Set(ledger.hostile.flatMap((h) => (h.id ? [h.id] : [])));
  const channels: ChannelTally[] = [];
  for (const account of Object.values(ACCOUNTS)) {
    const expected = ledger.accounts[account.userId]?.ids ?? [];
    const rows = await counter.query<{ external_id: string | null; n: number }>(
      "select external_id, count(*)::int as n from messages where direction = 'inbound' and channel_id = $1 group by external_id",
      [account.channel],
    );
    const stored = new Set(rows.map((r) => r.external_id ?? ''));
    const missing = expected.filter((id) => !stored.has(id));
    const until = pausedUntil.get(account.channel)?.getTime() ?? 0;
    const held = until > Date.now() && until <= Date.now() + maxPauseMs;
    const lost = held ? [] : missing;
    const expectedSet = new Set(expected);
    channels.push({
      channel: account.channel,
      expected: expected.length,
      stored: rows.reduce((sum, r) => sum + r.n, 0),
      distinct: rows.length,
      lost: lost.length,
      heldByRateLimit: held ? missing.length : 0,
      duplicated: rows.reduce((sum, r) => sum + (r.n - 1), 0),
      unexpected: rows.filter((r) => !expectedSet.has(r.external_id ?? '') && !hostileIds.has(r.external_id ?? '')).length,
      lostSample: lost.slice(0, 5),
    });
  }
  const sum = (f: (c: ChannelTally) => number) => channels.reduce((s, c) => s + f(c), 0);

  const [ticketRow] = await counter.query<{ tickets: number; mismatched: number }>(
    `select (select count(*)::int from tickets) as tickets,
            (select count(*)::int from tickets t
              where t.message_count <> (select count(*) from messages m where m.ticket_id = t.id and m.direction = 'inbound')) as mismatched`,
  );
  const complaintRows = await counter.query<{ id: string; external_id: string | null }>(
    `select c.id::text as id, (select m.external_id from messages m where m.ticket_id = c.ticket_id and m.direction = 'inbound' order by m.id limit 1) as external_id
       from complaints c`,
  );
  const complaintIds = complaintRows.map((r) => r.id);
  const complaintExternal = new Set(complaintRows.map((r) => r.external_id));
  const expectedComplaints = Object.values(ledger.accounts).flatMap((a) => a.complaints);

  const perComplaint = (deliveries: Map<string, number>, keys: Map<string, Set<string>>) => {
    const counts = new Map([...keys.entries()].map(([id, set]) => [id, set.size]));
    const each = complaintIds.map((id) => counts.get(id) ?? 0);
    const known = new Set(complaintIds);
    const total = [...deliveries.values()].reduce((s, n) => s + n, 0);
    return {
      total,
      repeats: total - [...counts.values()].reduce((s, n) => s + n, 0),
      ...minMax(each),
      complaintsNotOne: each.filter((n) => n !== 1).length,
      sample: complaintIds.filter((id) => (counts.get(id) ?? 0) !== 1).slice(0, 5).map((id) => ({ complaint: id, count: counts.get(id) ?? 0 })),
      forUnknownComplaints: [...counts.entries()].filter(([id]) => !known.has(id)).reduce((s, [, n]) => s + n, 0),
    };
  };

  const byTarget = new Map<string, number>();
  for (const r of replies) byTarget.set(r.target, (byTarget.get(r.target) ?? 0) + 1);
  const repeated = [...byTarget.entries()].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);

  const quarantine = await counter.query<{ channel_id: string; external_id: string | null; item_type: string; reason: string; seen_count: number }>(
    'select channel_id, external_id, item_type, reason, seen_count from quarantine order by id',
  );
  const hostile: Tally['hostile'] = [];
  for (const h of ledger.hostile) {
    const channel = Object.values(ACCOUNTS).find((a) => a.userId === h.userId)!.channel;
    const [stored] = await counter.query<{ n: number }>(
      "select count(*)::int as n from messages where direction = 'inbound' and channel_id = $1 and (external_id = $2 or starts_with(text, $3))",
      [channel, h.id ?? '', h.marker],
    );
    if (stored!.n > 0) {
      hostile.push({ kind: h.kind, ...(h.id ? { id: h.id } : {}), outcome: 'stored' });
      continue;
    }
    const [quarantined] = await counter.query<{ reason: string }>(
      'select reason from quarantine where channel_id = $1 and (external_id = $2 or strpos(raw::text, $3) > 0) limit 1',
      [channel, h.id ?? '', h.marker],
    );
    hostile.push({ kind: h.kind, ...(h.id ? { id: h.id } : {}), outcome: quarantined ? 'quarantined' : 'missing', ...(quarantined ? { reason: quarantined.reason } : {}) });
  }
  const outboxRows = await counter.query<{ key: string; n: number }>("select kind || ':' || status as key, count(*)::int as n from outbox group by 1 order by 1");
  const channelStates = await counter.query<{ id: string; status: string; last_error: string | null; rate_limited_until: Date | null }>(
    'select id, status, last_error, rate_limited_until from channels order by id',
  );

  return {
    channels,
    messages: { expected: sum((c) => c.expected), stored: sum((c) => c.stored), distinct: sum((c) => c.distinct), lost: sum((c) => c.lost), duplicated: sum((c) => c.duplicated) },
    tickets: ticketRow!.tickets,
    ticketsWithWrongMessageCount: ticketRow!.mismatched,
    complaints: {
      expected: expectedComplaints.length,
      inDatabase: complaintIds.length,
      expectedButMissing: expectedComplaints.filter((id) => !complaintExternal.has(id)).length,
    },
    mails: perComplaint(mails.perComplaint, mails.keysPerComplaint),
    webhooks: { ...perComplaint(webhooks.perComplaint, webhooks.keysPerComplaint), badSignatures: webhooks.badSignatures },
    replies: {
      total: replies.length,
      targets: byTarget.size,
      maxPerTarget: Math.max(0, ...byTarget.values()),
      targetsWithMoreThanOne: repeated.length,
      sample: repeated.slice(0, 5).map(([target, count]) => ({ target, count })),
    },
    quarantine: quarantine.map((q) => ({ channel: q.channel_id, externalId: q.external_id, itemType: q.item_type, reason: q.reason.slice(0, 300), seen: q.seen_count })),
    hostile,
    outbox: Object.fromEntries(outboxRows.map((r) => [r.key, r.n])),
    channelStates: channelStates.map((c) => ({
      id: c.id,
      status: c.status,
      lastError: c.last_error?.slice(0, 200) ?? null,
      rateLimitedUntil: c.rate_limited_until ? c.rate_limited_until.toISOString() : null,
    })),
  };
}
