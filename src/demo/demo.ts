import type { EntityConfig } from '../config/schema.js';
import type { Db } from '../db/db.js';
import type { Logger } from '../log.js';
import type { Runtime } from '../runtime.js';
import { listTickets } from '../tickets/tickets.js';
import { arrangeBacklog, type BacklogConversation } from './backlog.js';
import { DemoScript, scriptStart, seededRandom, type ScriptedMessage } from './messages.js';
import { backlogTimes, nextDelayMs } from './pace.js';
import { startPlatformDemos, WebhookOutbox, type DemoOAuth, type DemoThread, type DemoWriter } from './platforms.js';
import { seedDemoWorkspace } from './workspace.js';

/** A fresh demo starts with this many messages from the last hours of the working day. */
export const DEMO_BACKLOG = { messages: 42, hours: 4 };

/** Waits between messages; the default is a timer (tests pass their own). */
export type Scheduler = (delayMs: number, run: () => void) => { cancel(): void };

const timer: Scheduler = (delayMs, run) => {
  const handle = setTimeout(run, delayMs);
  return { cancel: () => clearTimeout(handle) };
};

export interface DemoOptions {
  /** On average one message every this many seconds (setting demo.messageIntervalSeconds). */
  messageIntervalSeconds: number;
  logger: Logger;
  /** The script's seed and start (default: from the clock, so a restart does not replay an earlier run). */
  seed?: number;
  start?: number;
  backlog?: { messages: number; hours: number };
  schedule?: Scheduler;
  now?: () => Date;
}

export interface RunningDemo {
  entities: EntityConfig[];
  /** The emulators' OAuth clients: "Connect with …" works in the demo without any registration. */
  oauth: DemoOAuth;
  /**
   * Once the database is there, before the workers start: the demo logins and canned responses,
   * and in a database without tickets the backlog, written into the emulators.
   */
  seed(db: Db): Promise<void>;
  /** Once the API listens and the workers run: waiting webhooks go out, the backlog gets its states, citizens write in at the configured pace. */
  begin(runtime: Runtime, apiUrl: string | undefined): Promise<void>;
  /** Writes the script's next message now (what each tick does). */
  writeNext(at?: Date): Promise<ScriptedMessage>;
  stop(): Promise<void>;
}

/**
 * Demo mode: every platform's emulator in process, an entity per platform (two on X), and
 * citizens who write to each entity about its own services, at a pace of about one message per
 * `messageIntervalSeconds` over all entities.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const start = options.start ?? scriptStart(now(), options.messageIntervalSeconds);
  const script = new DemoScript({ start, seed: options.seed ?? start });
  const random = seededRandom((options.seed ?? start) ^ 0x5eed);
  const schedule = options.schedule ?? timer;
  const webhooks = new WebhookOutbox((delivery, error) =>
    logger.warn({ channelId: delivery.channelId, error: error instanceof Error ? error.message : String(error) }, 'demo: webhook delivery failed'),
  );
  const platforms = await startPlatformDemos({ citizens: 'demo', webhooks });
  const threads = new Map<number, DemoThread>();
  let backlog: BacklogConversation[] | undefined;
  let seeded = false;
  let pending: { cancel(): void } | undefined;
  let stopped = false;
  /** What is still running when the demo stops: the backlog's arrangement, a citizen writing. */
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => {});
    return work;
  };

  const writerOf = (entity: string): DemoWriter => {
    const writer = platforms.writers.get(entity);
    if (!writer) throw new Error(`demo: no writer for entity ${entity}`);
    return writer;
  };

  async function write(message: ScriptedMessage, at: Date): Promise<void> {
    if (message.followUp) {
      // The conversation may be from an earlier run (its emulator state is gone): then it is skipped.
      await threads.get(message.conversation)?.followUp(message, at);
      return;
    }
    threads.set(message.conversation, await writerOf(message.entity).write(message, at));
    // Follow-ups come within a few messages: old conversations need not be kept.
    if (threads.size > 500) threads.delete(threads.keys().next().value!);
  }

  async function writeNext(at: Date = now()): Promise<ScriptedMessage> {
    const message = script.next();
    await write(message, at);
    // Ids and kinds only: the texts are invented, but logs never hold message texts.
    logger.debug({ entity: message.entity, conversation: message.conversation, followUp: message.followUp }, 'demo: a citizen wrote');
    return message;
  }

  function tick(): void {
    if (stopped) return;
    pending = schedule(nextDelayMs(options.messageIntervalSeconds, random), () => {
      track(writeNext())
        .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'demo: a citizen could not write'))
        .finally(tick);
    });
  }

  return {
    entities: platforms.entities,
    oauth: platforms.oauth,
    writeNext,
    async seed(db) {
      await seedDemoWorkspace(db, platforms.entities.map((e) => e.id));
      if (seeded) return;
      seeded = true;
      const fresh = (await listTickets(db, { limit: 1, offset: 0, now: now() })).total === 0;
      if (!fresh) {
        logger.info('demo: the database has tickets already, no backlog added');
        return;
      }
      const size = options.backlog ?? DEMO_BACKLOG;
      const conversations: BacklogConversation[] = [];
      for (const at of backlogTimes(now(), size.messages, size.hours, random)) {
        const message = script.next();
        await write(message, at);
        if (!message.followUp) conversations.push({ first: message, at, laterFollowUp: false });
      }
      const waiting = script.awaitingFollowUp();
      for (const c of conversations) c.laterFollowUp = waiting.has(c.first.conversation);
      backlog = conversations;
      logger.info({ messages: size.messages, conversations: conversations.length }, 'demo: backlog of the last hours written');
    },
    async begin(runtime, apiUrl) {
      if (apiUrl) {
        const statuses = await webhooks.open(apiUrl);
        if (statuses.length) logger.info({ delivered: statuses.filter((s) => s === 200).length, of: statuses.length }, 'demo: webhook deliveries sent');
      }
      if (backlog) {
        const conversations = backlog;
        backlog = undefined;
        void track(arrangeBacklog(runtime, conversations, { shouldStop: () => stopped }))
          .then((arranged) => logger.info(arranged, 'demo: backlog tickets arranged'))
          .catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'demo: backlog could not be arranged'));
      }
      logger.info({ messageIntervalSeconds: options.messageIntervalSeconds }, 'demo: citizens are writing');
      tick();
    },
    async stop() {
      stopped = true;
      pending?.cancel();
      await Promise.allSettled([...running]);
      await platforms.stop();
    },
  };
}
