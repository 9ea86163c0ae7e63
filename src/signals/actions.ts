import { recordAudit } from '../db/audit.js';
import { recordOutsideEffect } from '../db/db.js';
import { completeOutbox, enqueueOutbox, type OutboxRow } from '../db/outbox.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { keyPhrases, topicId } from './key-phrases.js';
import { composeSignalMail } from './signal-mail.js';
import { signalSettingsOf, type SignalSettings } from './signal-settings.js';
import { DEFAULT_SPIKE_SETTINGS, DETECT_EVERY_MINUTES, hasFallenBack, hasHistory, judge, keepPhrasesSince, mergeCandidates, windowsAt, type Candidate, type SpikeVerdict } from './spike-rules.js';
import {
  advanceIndexProgress,
  endSignals,
  entitiesWithSignalSettings,
  insertMessageTopics,
  insertSignal,
  markSignalHandled,
  messageTexts,
  nextMessagesToIndex,
  oldestInBaseline,
  openSignals,
  pruneMessageTopics,
  signalEntity,
  signalMailSettings,
  signalRow,
  signalRows,
  topicCounts,
  windowMessages,
  type SignalRow,
} from './sql.js';

export type { SignalRow } from './sql.js';

type Deps = Pick<Runtime, 'db' | 'logger' | 'now'>;

const INDEX_BATCH = 2000;
/** Batches one detection indexes at most, so a first run over a large history does not hold a sweep for long. */
const MAX_INDEX_BATCHES = 5;
/** A signal lists at most this many of its messages (the first ones in the window). */
const MAX_MESSAGES_PER_SIGNAL = 200;
/** Texts read to give a topic's hash its words back. */
const TEXTS_TO_NAME = 5;

/**
 * Fills the key phrases (as hashes) of messages ingested since the last run, a batch per transaction
 * (at most `maxBatches`), then forgets those older than any window needs. Runs after ingest, never
 * inside it. `caughtUp` is false while messages are left for the next run.
 */
export async function indexKeyPhrases(deps: Deps, maxBatches = MAX_INDEX_BATCHES): Promise<{ messages: number; phrases: number; caughtUp: boolean }> {
  const now = deps.now();
  // Only messages a baseline can still reach are worth indexing (a backfill of last year is not),
  // and only those are kept: the longest window and baseline any entity has.
  const entities = (await entitiesWithSignalSettings(deps.db)).map((entity) => signalSettingsOf(entity.signals).spike);
  const since = keepPhrasesSince(now, {
    ...DEFAULT_SPIKE_SETTINGS,
    windowMinutes: Math.max(DEFAULT_SPIKE_SETTINGS.windowMinutes, ...entities.map((s) => s.windowMinutes)),
    baselineDays: Math.max(DEFAULT_SPIKE_SETTINGS.baselineDays, ...entities.map((s) => s.baselineDays)),
  });
  let messages = 0;
  let phrases = 0;
  let caughtUp = false;
  for (let run = 0; run < maxBatches && !caughtUp; run++) {
    caughtUp = await deps.db.transaction(async (tx) => {
      const batch = await nextMessagesToIndex(tx, since, INDEX_BATCH);
      if (batch.lastId === undefined) return true;
      const rows = batch.messages.flatMap((m) => keyPhrases(m.text).map((phrase) => ({ messageId: m.id, entityId: m.entityId, topic: topicId(phrase), sentAt: m.sentAt })));
      await insertMessageTopics(tx, rows);
      await advanceIndexProgress(tx, batch.lastId);
      messages += batch.messages.length;
      phrases += rows.length;
      return !batch.more;
    });
  }
  await pruneMessageTopics(deps.db, since);
  return { messages, phrases, caughtUp };
}

export interface DetectionResult {
  raised: number[];
  ended: number[];
  /** False while key phrases of older messages are still being indexed: detection waits for them (a baseline not yet complete would make spikes of its own). */
  caughtUp: boolean;
}

/**
 * Looks for spikes in every entity (or one): indexes new messages, ends episodes whose topic fell
 * back, and raises a signal (with its mail in the outbox, in the same transaction) for each new story.
 * One detection at a time over all processes; a second caller returns at once with nothing done.
 * The mails are dispatched after the commits (the sweeper dispatches any that could not be).
 */
export async function detectSpikes(runtime: Runtime, options: { entityId?: string } = {}): Promise<DetectionResult> {
  const found = await findSpikes(runtime, options);
  await dispatchCommitted(runtime, found.outboxIds);
  return { raised: found.raised, ended: found.ended, caughtUp: found.caughtUp };
}

/** detectSpikes without a queue (the command line): the mails wait in the outbox for the workers' sweeper. */
export async function findSpikes(deps: Deps, options: { entityId?: string } = {}): Promise<DetectionResult & { outboxIds: number[] }> {
  const held = await deps.db.whileHolding('signals:detect', async () => {
    const { caughtUp } = await indexKeyPhrases(deps);
    const result = { raised: [] as number[], ended: [] as number[], outboxIds: [] as number[], caughtUp };
    if (!caughtUp) return result;
    for (const entity of await entitiesWithSignalSettings(deps.db, options.entityId)) {
      const settings = signalSettingsOf(entity.signals);
      if (!settings.enabled) continue;
      const found = await detectForEntity(deps, entity.id, settings);
      result.raised.push(...found.raised);
      result.ended.push(...found.ended);
      result.outboxIds.push(...found.outboxIds);
    }
    return result;
  });
  return held.busy ? { raised: [], ended: [], outboxIds: [], caughtUp: true } : held.value;
}

async function detectForEntity(deps: Deps, entityId: string, settings: SignalSettings): Promise<{ raised: number[]; ended: number[]; outboxIds: number[] }> {
  const { db, logger } = deps;
  const now = deps.now();
  const windows = windowsAt(now, settings.spike);
  const open = await openSignals(db, entityId);
  const counts = await topicCounts(db, entityId, windows, settings.spike.minCount, open.map((s) => s.topic));
  const byTopic = new Map(counts.map((c) => [c.topic, c]));

  const fallen = open.filter((s) => {
    const count = byTopic.get(s.topic);
    return !count || hasFallenBack(count, settings.spike);
  });
  await endSignals(db, fallen.map((s) => s.id), now);
  const stillOpen = open.filter((s) => !fallen.includes(s));
  const openTopics = new Set(stillOpen.map((s) => s.topic));

  const verdicts = new Map<number, SpikeVerdict>();
  for (const count of counts) {
    if (openTopics.has(count.topic)) continue;
    const verdict = judge(count, settings.spike);
    if (verdict.spike) verdicts.set(count.topic, verdict);
  }
  if (verdicts.size === 0 || !hasHistory(await oldestInBaseline(db, entityId, windows), windows)) return { raised: [], ended: fallen.map((s) => s.id), outboxIds: [] };

  const messagesOf = await windowMessages(db, entityId, [...verdicts.keys()], windows, MAX_MESSAGES_PER_SIGNAL);
  const phraseOf = await namesOfTopics(deps, messagesOf);
  const candidates: Array<Candidate & { count: number; baselineCount: number; verdict: SpikeVerdict }> = [];
  for (const [topic, verdict] of verdicts) {
    const phrase = phraseOf.get(topic);
    const ids = messagesOf.get(topic);
    const count = byTopic.get(topic);
    // A topic whose messages were erased or edited since has no words left to name it by.
    if (!phrase || !ids || !count) continue;
    candidates.push({ topic, phrase, messageIds: ids, count: count.count, baselineCount: count.baselineCount, verdict });
  }

  const raised: number[] = [];
  const outboxIds: number[] = [];
  for (const { lead, related } of mergeCandidates(candidates, stillOpen.map((s) => s.messageIds))) {
    const made = await db.transaction(async (tx) => {
      const id = await insertSignal(tx, {
        entityId,
        topic: lead.topic,
        phrase: lead.phrase,
        related,
        windowStart: windows.windowStart,
        windowEnd: windows.windowEnd,
        messageCount: lead.count,
        baselineCount: lead.baselineCount,
        baselineDays: settings.spike.baselineDays,
        expected: lead.verdict.expected,
        ratio: lead.verdict.ratio,
        pValue: lead.verdict.pValue,
        messageIds: [...lead.messageIds],
      });
      if (id === undefined) return undefined;
      await recordAudit(tx, {
        actor: 'system',
        action: 'signal.raised',
        subjectType: 'signal',
        subjectId: id,
        details: { entity: entityId, count: lead.count, baseline: lead.baselineCount, messages: lead.messageIds.length, mail: settings.email !== undefined },
      });
      const mail = settings.email ? await enqueueOutbox(tx, [{ kind: 'signal_mail', idempotencyKey: `signal-mail-${id}`, payload: { signalId: id } }]) : [];
      return { id, mail };
    });
    if (!made) continue;
    raised.push(made.id);
    outboxIds.push(...made.mail);
    logger.info({ entityId, signalId: made.id, count: lead.count, baseline: lead.baselineCount }, 'topic spike: signal raised');
  }
  return { raised, ended: fallen.map((s) => s.id), outboxIds };
}

/** Gives each topic hash its words back from a few of its messages. */
async function namesOfTopics(deps: Deps, messagesOf: Map<number, number[]>): Promise<Map<number, string>> {
  const sample = [...new Set([...messagesOf.values()].flatMap((ids) => ids.slice(0, TEXTS_TO_NAME)))];
  const texts = await messageTexts(deps.db, sample);
  const names = new Map<number, string>();
  for (const [topic, ids] of messagesOf) {
    for (const id of ids.slice(0, TEXTS_TO_NAME)) {
      const phrase = keyPhrases(texts.get(id) ?? '').find((p) => topicId(p) === topic);
      if (phrase) {
        names.set(topic, phrase);
        break;
      }
    }
  }
  return names;
}

let lastRun = 0;

/**
 * The workers' sweep: detection every DETECT_EVERY_MINUTES in this process (detectSpikes itself runs
 * once at a time over all processes). While the key phrases are behind, every sweep indexes a few
 * more batches until they have caught up.
 */
export async function detectSpikesWhenDue(runtime: Runtime): Promise<void> {
  const now = Date.now();
  if (now - lastRun < DETECT_EVERY_MINUTES * 60_000) return;
  lastRun = now;
  const result = await detectSpikes(runtime);
  if (!result.caughtUp) lastRun = 0;
}

/** Signals of the caller's entities from the last `days` days; `active` = only what the banner shows. */
export async function listSignals(deps: Deps, entities: string[] | undefined, options: { days: number; active: boolean }): Promise<SignalRow[]> {
  const since = new Date(deps.now().getTime() - options.days * 24 * 60 * 60_000);
  return signalRows(deps.db, entities, since, options.active);
}

export async function getSignal(deps: Deps, id: number): Promise<SignalRow | undefined> {
  return signalRow(deps.db, id);
}

export async function entityOfSignal(deps: Deps, id: number): Promise<string | undefined> {
  return signalEntity(deps.db, id);
}

/** An agent acknowledges ("we are on it") or dismisses ("not a real spike") an open signal; audited. */
export async function handleSignal(deps: Deps, id: number, status: 'acknowledged' | 'dismissed', actor: string): Promise<'done' | 'already_handled'> {
  return deps.db.transaction(async (tx) => {
    if (!(await markSignalHandled(tx, id, status, actor, deps.now()))) return 'already_handled';
    await recordAudit(tx, { actor, action: status === 'acknowledged' ? 'signal.acknowledged' : 'signal.dismissed', subjectType: 'signal', subjectId: id });
    return 'done';
  });
}

/** Sends the mail of one signal (an outbox row of kind signal_mail), once: the row ends after the mail was accepted. */
export async function sendSignalMail(runtime: Runtime, row: OutboxRow): Promise<'sent' | 'skipped'> {
  const { db } = runtime;
  const signal = await signalRow(db, Number(row.payload.signalId));
  const stored = signal ? await signalMailSettings(db, signal.entityId) : undefined;
  const settings = signalSettingsOf(stored?.signals);
  if (!signal || !stored || !settings.email) {
    await completeOutbox(db, row.id);
    return 'skipped';
  }
  await runtime.mailer.send(composeSignalMail({ signal, to: settings.email, language: settings.language, timeZone: stored.timeZone, publicUrl: runtime.settings.publicUrl }));
  await recordOutsideEffect(() =>
    db.transaction(async (tx) => {
      await recordAudit(tx, { actor: 'system', action: 'signal.mailed', subjectType: 'signal', subjectId: signal.id, details: { entity: signal.entityId } });
      await completeOutbox(tx, row.id);
    }),
  );
  runtime.logger.info({ signalId: signal.id, entityId: signal.entityId }, 'topic spike: service mailed');
  return 'sent';
}
