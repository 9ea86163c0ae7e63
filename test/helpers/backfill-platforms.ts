/**
 * Per polled platform, for the backfill tests: an emulator with a small page size, the channel that
 * reads it, and a way to put one citizen's message in at a given time.
 */
import type { ChannelConfig } from '../../src/config/schema.js';
import { XEmulator } from '../../connectors/x/emulator.js';

export interface SeededPlatform {
  channel: ChannelConfig;
  /** One citizen's message sent at `at`; `i` makes it distinct. Called oldest first. */
  add(at: Date, i: number): Promise<void> | void;
  stop(): Promise<void>;
}

export interface BackfillCase {
  platform: string;
  start(): Promise<SeededPlatform>;
}

const channelBase = { credentials: {}, pollIntervalSeconds: 60, enabled: true } as const;

export const X_ACCOUNT = { userId: '7100', handle: 'stad', name: 'Stad', token: 'backfill-user-token' };

export async function startX(pageSize = 3, channelId = 'bf-x'): Promise<SeededPlatform & { emu: XEmulator }> {
  const emu = new XEmulator({ pageSize });
  emu.addAccount(X_ACCOUNT);
  await emu.start();
  return {
    emu,
    channel: { ...channelBase, id: channelId, platform: 'x', account: { userId: X_ACCOUNT.userId, handle: X_ACCOUNT.handle }, baseUrl: emu.url, credentials: { userAccessToken: X_ACCOUNT.token } },
    add(at, i) {
      const citizen = { authorId: String(8000 + i), username: `burger${i}`, name: `Burger ${i}` };
      if (i % 2 === 0) emu.addMention({ toUserId: X_ACCOUNT.userId, ...citizen, text: `@stad vraag ${i} over de straatverlichting`, createdAt: at });
      else emu.addDm({ toUserId: X_ACCOUNT.userId, senderId: citizen.authorId, username: citizen.username, name: citizen.name, text: `bericht ${i} over mijn aanvraag`, createdAt: at });
    },
    stop: () => emu.stop(),
  };
}

export const backfillCases: BackfillCase[] = [{ platform: 'x', start: () => startX() }];
