/** The invariants a chaos run must keep, and the table it prints. */
import type { FaultResult } from './faults.js';
import type { Tally } from './measure.js';
import type { ExitRecord } from './services.js';

export interface Invariant {
  name: string;
  ok: boolean;
  evidence: string;
}

function sample(s: Array<{ complaint: string; count: number }>): string {
  return s.length ? ` (e.g. complaint ${s.map((x) => `${x.complaint} ×${x.count}`).join(', ')})` : '';
}

export function checkInvariants(r: {
  counts: Tally;
  faults: FaultResult[];
  unexpectedExits: ExitRecord[];
  runningAtEnd: Record<string, boolean>;
  apiHealthy: boolean;
}): Invariant[] {
  const c = r.counts;
  const lostBy = c.channels.filter((ch) => ch.lost > 0).map((ch) => `${ch.channel}: ${ch.lost} of ${ch.expected} (e.g. ${ch.lostSample.join(', ')})`);
  const missingHostile = c.hostile.filter((h) => h.outcome === 'missing');
  const notRecovered = r.faults.filter((f) => f.recoveryMs === null);
  const notRunning = Object.entries(r.runningAtEnd).filter(([, running]) => !running).map(([name]) => name);
  return [
    { name: 'no message lost', ok: c.messages.lost === 0, evidence: lostBy.join('; ') || `${c.messages.stored} of ${c.messages.expected} stored` },
    {
      name: 'no message duplicated',
      ok: c.messages.duplicated === 0 && c.ticketsWithWrongMessageCount === 0,
      evidence: `${c.messages.duplicated} duplicate rows, ${c.ticketsWithWrongMessageCount} tickets whose message_count is wrong`,
    },
    {
      name: 'one coordinator mail per complaint',
      ok: c.mails.complaintsNotOne === 0 && c.mails.forUnknownComplaints === 0,
      evidence: `${c.complaints.inDatabase} complaints; distinct mails (Message-ID) per complaint min ${c.mails.min} max ${c.mails.max}, ${c.mails.complaintsNotOne} complaints with ≠ 1${sample(c.mails.sample)}, ${c.mails.forUnknownComplaints} for unknown complaints; ${c.mails.repeats} repeated with the same Message-ID`,
    },
    {
      name: 'one webhook per complaint',
      ok: c.webhooks.complaintsNotOne === 0 && c.webhooks.forUnknownComplaints === 0 && c.webhooks.badSignatures === 0,
      evidence: `distinct webhooks (Idempotency-Key) per complaint min ${c.webhooks.min} max ${c.webhooks.max}, ${c.webhooks.complaintsNotOne} complaints with ≠ 1${sample(c.webhooks.sample)}, ${c.webhooks.badSignatures} bad signatures; ${c.webhooks.repeats} repeated with the same key`,
    },
    {
      name: 'at most one reply per target on the platform',
      ok: c.replies.targetsWithMoreThanOne === 0,
      evidence: `${c.replies.total} replies to ${c.replies.targets} targets, max ${c.replies.maxPerTarget}; ${c.replies.targetsWithMoreThanOne} targets with > 1${c.replies.sample.length ? ` (e.g. ${c.replies.sample.map((s) => `${s.target} ×${s.count}`).join(', ')})` : ''}`,
    },
    {
      name: 'every hostile item stored or quarantined',
      ok: missingHostile.length === 0 && c.hostile.length > 0,
      evidence: c.hostile.length ? `missing: ${missingHostile.map((h) => h.kind).join(', ') || 'none'}` : 'no hostile items were added',
    },
    {
      name: 'every process still running, none exited on its own',
      ok: r.unexpectedExits.length === 0 && notRunning.length === 0 && r.apiHealthy,
      evidence: [
        r.unexpectedExits.length ? `unexpected exits: ${r.unexpectedExits.map((e) => `${e.name} (${e.code ?? e.signal}) at ${e.at}`).join(', ')}` : 'no unexpected exit',
        notRunning.length ? `not running at the end: ${notRunning.join(', ')}` : '',
        r.apiHealthy ? '' : 'API /health did not answer 200',
      ].filter(Boolean).join('; '),
    },
    {
      name: 'every fault recovered within its bound',
      ok: notRecovered.length === 0,
      evidence: notRecovered.length ? `not recovered: ${notRecovered.map((f) => f.name).join(', ')}` : `${r.faults.length} faults, all recovered`,
    },
  ];
}

function table(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}

export function printTable(report: {
  variant: string;
  durationMs: number;
  invariants: Invariant[];
  counts: Tally;
  faults: FaultResult[];
  processes: { unexpectedExits: ExitRecord[] };
}): void {
  const c = report.counts;
  const out: string[] = [];
  out.push('', `Chaos run (${report.variant}), ${(report.durationMs / 60_000).toFixed(1)} min`, '', 'Counts');
  out.push(
    table([
      ['messages expected / stored / distinct', `${c.messages.expected} / ${c.messages.stored} / ${c.messages.distinct}`],
      ...c.channels.map((ch): [string, string] => [`  ${ch.channel}`, `${ch.expected} / ${ch.stored} / ${ch.distinct}, lost ${ch.lost}${ch.heldByRateLimit ? `, ${ch.heldByRateLimit} held behind a rate limit` : ''}, duplicated ${ch.duplicated}, unexpected ${ch.unexpected}`]),
      ['lost / duplicated', `${c.messages.lost} / ${c.messages.duplicated}`],
      ['tickets', String(c.tickets)],
      ['complaints expected / in database', `${c.complaints.expected} / ${c.complaints.inDatabase} (${c.complaints.expectedButMissing} expected but missing)`],
      ['coordinator mails per complaint', `delivered ${c.mails.total}, distinct per complaint min ${c.mails.min} max ${c.mails.max}, ≠1: ${c.mails.complaintsNotOne}; repeats (same Message-ID): ${c.mails.repeats}`],
      ['webhooks per complaint', `delivered ${c.webhooks.total}, distinct per complaint min ${c.webhooks.min} max ${c.webhooks.max}, ≠1: ${c.webhooks.complaintsNotOne}; repeats (same Idempotency-Key): ${c.webhooks.repeats}`],
      ['replies on the emulator', `${c.replies.total} to ${c.replies.targets} targets, max per target ${c.replies.maxPerTarget}, targets >1: ${c.replies.targetsWithMoreThanOne}`],
      ['quarantined items', `${c.quarantine.length}${c.quarantine.length ? `: ${c.quarantine.map((q) => `${q.externalId ?? '(no id)'} ${q.reason.slice(0, 60)}`).join(' | ')}` : ''}`],
      ['hostile stored / quarantined / missing', `${c.hostile.filter((h) => h.outcome === 'stored').length} / ${c.hostile.filter((h) => h.outcome === 'quarantined').length} / ${c.hostile.filter((h) => h.outcome === 'missing').length}`],
      ...c.hostile.map((h): [string, string] => [`  ${h.kind}`, `${h.outcome}${h.reason ? ` (${h.reason.slice(0, 80)})` : ''}`]),
      ['outbox', Object.entries(c.outbox).map(([k, n]) => `${k} ${n}`).join(', ')],
      ...c.channelStates.map((s): [string, string] => [`channel ${s.id}`, `${s.status}${s.rateLimitedUntil ? `, rate limited until ${s.rateLimitedUntil}` : ''}${s.lastError ? `, last error: ${s.lastError.slice(0, 100)}` : ''}`]),
      ['unexpected process exits', report.processes.unexpectedExits.map((e) => `${e.name} (${e.code ?? e.signal})`).join(', ') || 'none'],
    ]),
  );
  out.push('', 'Faults (recovery time)');
  out.push(
    table(
      report.faults.map((f): [string, string] => [
        f.name,
        `${f.recoveryMs === null ? `NOT RECOVERED within ${(f.boundMs / 1000).toFixed(0)} s` : `${(f.recoveryMs / 1000).toFixed(1)} s`}${f.underLoad ? ', under load' : ''}${f.intervention ? ` [${f.intervention}]` : ''}`,
      ]),
    ),
  );
  out.push('', 'Invariants');
  out.push(table(report.invariants.map((i): [string, string] => [`${i.ok ? 'PASS' : 'FAIL'} ${i.name}`, i.evidence])));
  out.push('', report.invariants.every((i) => i.ok) ? 'chaos: all invariants hold' : `chaos: ${report.invariants.filter((i) => !i.ok).length} invariant(s) FAILED`, '');
  console.log(out.join('\n'));
}
