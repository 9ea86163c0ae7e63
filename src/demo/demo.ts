import { XEmulator } from '../../connectors/x/emulator.js';
import type { EntityConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { DEMO_CITIZENS, DEMO_FOLLOW_UPS, DEMO_MESSAGES, type DemoMessage } from './messages.js';
import { deliverDemoWebhooks, startPlatformDemos } from './platforms.js';

const ACCOUNTS = {
  'de-lijn': { userId: '1001', handle: 'delijn', name: 'De Lijn', token: 'demo-delijn-token' },
  vdab: { userId: '1002', handle: 'VDAB_be', name: 'VDAB', token: 'demo-vdab-token' },
} as const;

export interface RunningDemo {
  entities: EntityConfig[];
  emulator: XEmulator;
  /** Sends the webhook-only platforms' deliveries (WhatsApp, Instagram DMs) once the API listens. */
  deliverWebhooks(apiUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Demo mode: the X emulator in process, two entities whose channels point at it, and a steady
 * trickle of citizens' messages so the queue fills while you watch.
 */
export async function startDemo(options: { trickleSeconds: number; logger: Logger }): Promise<RunningDemo> {
  const emulator = new XEmulator();
  const url = await emulator.start();
  for (const account of Object.values(ACCOUNTS)) emulator.addAccount(account);

  const entities: EntityConfig[] = [
    demoEntity('de-lijn', 'De Lijn', 'Klachtendienst De Lijn (demo)', 'klachten@delijn.demo', url),
    demoEntity('vdab', 'VDAB', 'Klachtenmanagement VDAB (demo)', 'klachten@vdab.demo', url),
  ];

  const platforms = await startPlatformDemos();
  const trickle = new Trickle(emulator);
  for (let i = 0; i < 8; i++) trickle.next();
  const timer = setInterval(() => trickle.next(), options.trickleSeconds * 1000);
  options.logger.info({ emulator: url, platforms: platforms.entities.flatMap((e) => e.channels.map((c) => c.platform)) }, 'demo: emulators started, citizens are writing');
  return {
    entities: [...entities, ...platforms.entities],
    emulator,
    async deliverWebhooks(apiUrl) {
      const statuses = await deliverDemoWebhooks(apiUrl, platforms.deliveries);
      options.logger.info({ delivered: statuses.filter((s) => s === 200).length, of: statuses.length }, 'demo: webhook deliveries sent');
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([emulator.stop(), platforms.stop()]);
    },
  };
}

function demoEntity(id: keyof typeof ACCOUNTS, name: string, coordinator: string, email: string, baseUrl: string): EntityConfig {
  const account = ACCOUNTS[id];
  return {
    id,
    name,
    coordinator: { name: coordinator, email },
    complaintThreshold: 0.6,
    timeZone: 'Europe/Brussels',
    channels: [
      {
        id: `${id}-x`,
        platform: 'x',
        name: `@${account.handle}`,
        account: { userId: account.userId, handle: account.handle },
        baseUrl,
        credentials: { bearerToken: account.token, userAccessToken: account.token },
        pollIntervalSeconds: 5,
        enabled: true,
      },
    ],
  };
}

/** Walks through the demo messages in turn, now and then following up in an earlier conversation. */
class Trickle {
  private index = 0;
  private readonly sent: Array<{ message: DemoMessage; citizen: (typeof DEMO_CITIZENS)[number]; tweetId: string }> = [];

  constructor(private readonly emulator: XEmulator) {}

  next(): void {
    const earlier = this.sent[Math.floor(Math.random() * this.sent.length)];
    if (earlier && Math.random() < 0.2) {
      const followUp = DEMO_FOLLOW_UPS.find((f) => f.lang === earlier.message.lang) ?? DEMO_FOLLOW_UPS[0]!;
      this.send(earlier.message, earlier.citizen, followUp.text, earlier.tweetId);
      return;
    }
    // Steps through the list coprime to its length, so both entities hear from citizens early on.
    const message = DEMO_MESSAGES[(this.index * 5) % DEMO_MESSAGES.length]!;
    const citizen = DEMO_CITIZENS[(this.index * 7) % DEMO_CITIZENS.length]!;
    this.index++;
    this.sent.push({ message, citizen, tweetId: this.send(message, citizen, message.text) });
  }

  private send(message: DemoMessage, citizen: (typeof DEMO_CITIZENS)[number], text: string, inReplyTo?: string): string {
    const account = ACCOUNTS[message.to];
    if (message.via === 'dm') {
      return this.emulator.addDm({ toUserId: account.userId, senderId: citizen.id, username: citizen.username, name: citizen.name, text });
    }
    const body = inReplyTo && !text.startsWith('@') ? `@${account.handle} ${text}` : text;
    return this.emulator.addMention({
      toUserId: account.userId,
      authorId: citizen.id,
      username: citizen.username,
      name: citizen.name,
      text: body,
      lang: message.lang,
      ...(inReplyTo ? { inReplyToTweetId: inReplyTo } : {}),
    });
  }
}
