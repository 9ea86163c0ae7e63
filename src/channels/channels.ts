import type { z } from 'zod';
import { descriptorOf } from '../../connectors/platforms.js';
import { sharedWebhookGroup } from '../../connectors/platforms.js';
import type { ChannelContext, Cursor, Platform } from '../../connectors/types.js';
import type { EntityConfig } from '../config/schema.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyChannels } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import type { SecretBox } from './secrets.js';
import type { channelAlertWire, channelConfigWire, channelHealthWire, channelSourceWire, channelStatusWire } from './wire.js';
import { alertCutoff, lastOutageSince } from './alert-rules.js';
import {
  accountHolders,
  channelConfigRow,
  channelEntityAndPlatform,
  channelHealthRows,
  channelRow,
  channelStatusCounts,
  enabledChannels,
  insertAppChannel,
  lockAccountClaims,
  lockStoredCredentials,
  markAuthExpired,
  markFailed,
  markPolled,
  markRateLimited,
  alertingOutages,
  closeOutage,
  openOutage,
  outageSummaries,
  sharedAccountChannelIds,
  storedCredentials,
  updateChannelRow,
  upsertConfigChannel,
  upsertConfigEntity,
  type AccountHolder,
} from './sql.js';

export type ChannelStatus = z.output<typeof channelStatusWire>;
/** Written from the configuration file at start, or created by an admin in the app. */
export type ChannelSource = z.output<typeof channelSourceWire>;

export interface ChannelState {
  context: ChannelContext;
  cursor: Cursor | null;
  status: ChannelStatus;
  enabled: boolean;
  pollIntervalSeconds: number;
  rateLimitedUntil: Date | null;
}

/** The settings keys the configuration file owns; every other key (autoAssign, templates…) is the app's and survives a sync. */
const CONFIG_SETTINGS_KEYS = ['complaintIntake', 'themes', 'complaintWebhook', 'letters', 'signals'];

/**
 * Writes entities and channels from the configuration; runtime state (cursor, health) and what admins
 * set in the app (entity settings the file does not own) are kept. Entities and channels created in
 * the app are not touched, unless the file now defines the same id: then the file takes them over.
 */
export async function syncEntities(db: Db, entities: EntityConfig[], secrets: SecretBox | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    const configured = entities.flatMap((entity) => entity.channels.map((channel) => ({ ...channel, entityId: entity.id })));
    await assertAccountsFree(tx, configured);
    for (const entity of entities) {
      // Automatic sending is the file's when the file says it, else the app's (off until an admin opts in).
      const fileOwned = [...CONFIG_SETTINGS_KEYS, ...(entity.autoSend ? ['autoSend'] : []), ...(entity.moderation ? ['moderation'] : [])];
      await upsertConfigEntity(tx, entity, entitySettings(entity, secrets), fileOwned);
      for (const channel of entity.channels) {
        const credentials = Object.fromEntries(Object.entries(channel.credentials).filter(([, value]) => value !== ''));
        const hasCredentials = Object.keys(credentials).length > 0;
        if (hasCredentials && !secrets) {
          throw new Error(`channel ${channel.id} has credentials: set INBOX_SECRET_KEY to store them encrypted`);
        }
        const before = await storedCredentials(tx, channel.id);
        // Credentials managed in the app: what is stored stays; the file's only seed a channel without any.
        if (channel.credentialsManagedInApp && before) {
          await upsertConfigChannel(tx, entity.id, channel, before, false);
          continue;
        }
        const unchanged = before && secrets && sameCredentials(secrets, before, credentials, channel.id);
        const sealed = hasCredentials && secrets ? (unchanged ? before : secrets.encrypt(credentials, channel.id)) : null;
        await upsertConfigChannel(tx, entity.id, channel, sealed, !unchanged);
      }
    }
  });
}

/** Entity options kept as JSON; the webhook secret is encrypted like channel credentials. */
function entitySettings(entity: EntityConfig, secrets: SecretBox | undefined): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (entity.complaintIntake) settings.complaintIntake = entity.complaintIntake;
  if (entity.themes) settings.themes = entity.themes;
  if (entity.signals) settings.signals = entity.signals;
  if (entity.moderation) settings.moderation = entity.moderation;
  if (entity.autoSend) settings.autoSend = entity.autoSend;
  if (entity.letters) settings.letters = entity.letters;
  if (entity.complaintWebhook) {
    if (!secrets) throw new Error(`entity ${entity.id} has a complaint webhook secret: set INBOX_SECRET_KEY to store it encrypted`);
    settings.complaintWebhook = { url: entity.complaintWebhook.url, secretEncrypted: secrets.encrypt({ secret: entity.complaintWebhook.secret }, `entity:${entity.id}`) };
  }
  return settings;
}

function sameCredentials(secrets: SecretBox, sealed: string, credentials: Record<string, string>, channelId: string): boolean {
  try {
    return JSON.stringify(secrets.decrypt(sealed, channelId)) === JSON.stringify(credentials);
  } catch {
    return false;
  }
}

export async function loadChannel(db: Queryable, id: string, secrets: SecretBox | undefined): Promise<ChannelState | undefined> {
  const row = await channelRow(db, id);
  if (!row) return undefined;
  const credentials = row.credentials_encrypted && secrets ? secrets.decrypt(row.credentials_encrypted, row.id) : {};
  return {
    context: {
      id: row.id,
      entityId: row.entity_id,
      platform: row.platform,
      account: row.account,
      ...(row.base_url ? { baseUrl: row.base_url } : {}),
      credentials,
    },
    cursor: row.cursor,
    status: row.status,
    enabled: row.enabled,
    pollIntervalSeconds: row.poll_interval_seconds,
    rateLimitedUntil: row.rate_limited_until,
  };
}

export async function listEnabledChannels(db: Queryable): Promise<Array<{ id: string; pollIntervalSeconds: number }>> {
  return enabledChannels(db);
}

/**
 * Channel health, recorded in one place (the poll worker calls these). Each change is announced
 * to the live health board.
 */
export const channelHealth = {
  /** A successful poll also ends the channel's outage (in the same transaction). */
  async polled(db: Queryable, id: string): Promise<void> {
    const entityId = await atomically(db, async (tx) => {
      const entity = await markPolled(tx, id);
      if (entity !== undefined) await closeOutage(tx, id);
      return entity;
    });
    await announce(db, id, entityId);
  },
  /** Each failure opens the channel's outage or keeps it open; a rate limit's only from its reset on. */
  async rateLimited(db: Queryable, id: string, until: Date, error: string): Promise<void> {
    const entityId = await atomically(db, async (tx) => {
      const entity = await markRateLimited(tx, id, until, error);
      if (entity !== undefined) await openOutage(tx, id, 'rate_limited', until);
      return entity;
    });
    await announce(db, id, entityId);
  },
  /** Returns true the first time, so admins are told once. */
  async authExpired(db: Queryable, id: string, error: string): Promise<boolean> {
    const row = await atomically(db, async (tx) => {
      const marked = await markAuthExpired(tx, id, error);
      if (marked !== undefined) await openOutage(tx, id, 'auth_expired');
      return marked;
    });
    const first = row !== undefined && row.was !== 'auth_expired';
    if (first) {
      await recordAudit(db, { actor: 'system', action: 'channel.auth_expired', subjectType: 'channel', subjectId: id, details: { error } });
    }
    await announce(db, id, row?.entityId);
    return first;
  },
  async failed(db: Queryable, id: string, error: string): Promise<void> {
    const entityId = await atomically(db, async (tx) => {
      const entity = await markFailed(tx, id, error);
      if (entity !== undefined) await openOutage(tx, id, 'failed');
      return entity;
    });
    await announce(db, id, entityId);
  },
};

/** In a transaction of its own, or in the caller's when `db` is one already. */
function atomically<T>(db: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return 'transaction' in db ? (db as Db).transaction(work) : work(db);
}

async function announce(db: Queryable, channelId: string, entityId: string | undefined): Promise<void> {
  if (entityId !== undefined) await notifyChannels(db, entityId, [channelId]);
}

/** What /api/channels shows: health, and backlog = open tickets + replies waiting to be sent (its wire shape, src/channels/wire.ts). */
export type ChannelHealth = z.output<typeof channelHealthWire> & { platform: Platform };

/** `entities` limits the list to the caller's access scope; undefined = every channel. */
export async function listChannelHealth(db: Queryable, entities?: string[], now: Date = new Date()): Promise<ChannelHealth[]> {
  const rows = await channelHealthRows(db, entities);
  const outages = new Map((await outageSummaries(db, rows.map((row) => row.id), lastOutageSince(now))).map((o) => [o.channelId, o]));
  return rows.map((row) => {
    const outage = outages.get(row.id);
    return {
      ...row,
      backlog: row.openTickets + row.queuedReplies,
      reconnectNeeded: row.status === 'auth_expired',
      unhealthySince: outage?.unhealthySince ?? null,
      lastOutage:
        outage?.lastStartedAt && outage.lastEndedAt ? { startedAt: outage.lastStartedAt, endedAt: outage.lastEndedAt, caughtUp: outage.caughtUp ?? 0 } : null,
    };
  });
}

/** The banner's channels: of these entities (undefined = all), unhealthy for at least `alertAfterMinutes` (src/channels/alert-rules.ts). */
export async function listHealthAlerts(db: Queryable, entities: string[] | undefined, now: Date, alertAfterMinutes: number): Promise<ChannelAlert[]> {
  return alertingOutages(db, entities, alertCutoff(now, alertAfterMinutes));
}

export type ChannelAlert = z.output<typeof channelAlertWire> & { platform: Platform };

/**
 * Platforms whose deliveries for one account arrive at one callback URL (the descriptor's shared
 * webhook group): a delivery that arrives for one channel also belongs to the other enabled channels
 * of the same entity whose platform is in the group and whose account key has the same value.
 */
export async function webhookSiblings(db: Queryable, channel: ChannelContext): Promise<string[]> {
  const group = sharedWebhookGroup(channel.platform);
  const value = group ? channel.account[group.accountKey] : undefined;
  if (!group || !value) return [];
  return sharedAccountChannelIds(db, channel, group.platforms, group.accountKey, value);
}

// --- Channels managed in the app -------------------------------------------------------------

/** A channel's configuration as admins see it: which credentials are set, never their values (its wire shape, src/channels/wire.ts). */
export type ChannelConfigView = z.output<typeof channelConfigWire> & { platform: Platform };

export async function getChannelConfig(db: Queryable, id: string, secrets: SecretBox | undefined): Promise<ChannelConfigView | undefined> {
  const row = await channelConfigRow(db, id);
  if (!row) return undefined;
  return {
    id: row.id,
    entity: row.entity_id,
    platform: row.platform,
    name: row.name,
    account: row.account,
    baseUrl: row.base_url,
    pollIntervalSeconds: row.poll_interval_seconds,
    enabled: row.enabled,
    status: row.status,
    source: row.source,
    credentialsManagedInApp: row.credentials_managed_in_app,
    credentialKeys: credentialKeys(row.credentials_encrypted, row.id, secrets),
  };
}

/** The names of the stored credentials; [] when none are stored or they cannot be read. */
function credentialKeys(sealed: string | null, channelId: string, secrets: SecretBox | undefined): string[] {
  if (!sealed || !secrets) return [];
  try {
    return Object.keys(secrets.decrypt(sealed, channelId)).sort();
  } catch {
    return [];
  }
}

/** Seals credentials for one channel row; null when there are none. Throws without a SecretBox when there are. */
function sealCredentials(credentials: Record<string, string>, channelId: string, secrets: SecretBox | undefined): string | null {
  if (Object.keys(credentials).length === 0) return null;
  if (!secrets) throw new Error(`channel ${channelId} has credentials: set INBOX_SECRET_KEY to store them encrypted`);
  return secrets.encrypt(credentials, channelId);
}

export interface NewChannel {
  id: string;
  entityId: string;
  platform: Platform;
  name?: string | undefined;
  account: Record<string, string>;
  baseUrl?: string | undefined;
  credentials: Record<string, string>;
  pollIntervalSeconds: number;
  enabled: boolean;
}

/** Creates an app channel; false when the id is taken (by any entity's channel). */
export async function createChannel(db: Db, input: NewChannel, secrets: SecretBox | undefined, actor: string): Promise<boolean> {
  const sealed = sealCredentials(input.credentials, input.id, secrets);
  return db.transaction(async (tx) => {
    await assertAccountsFree(tx, [input]);
    if (!(await insertAppChannel(tx, input, sealed))) return false;
    await auditChannel(tx, actor, 'channel.create', input.id, { entity: input.entityId, platform: input.platform, credentialKeys: Object.keys(input.credentials).sort() });
    await notifyChannels(tx, input.entityId, [input.id]);
    return true;
  });
}

export interface ChannelChanges {
  name?: string | null | undefined;
  account?: Record<string, string> | undefined;
  baseUrl?: string | null | undefined;
  /** Replaces every stored credential; {} removes them. */
  credentials?: Record<string, string> | undefined;
  pollIntervalSeconds?: number | undefined;
  enabled?: boolean | undefined;
}

/**
 * Applies an admin's changes. New credentials end a "reconnect needed" state; another account
 * starts reading from scratch (the cursor belonged to the old one); enabling a disabled channel
 * makes it idle, disabling it stops its polling. Undefined when the channel does not exist.
 */
export async function updateChannel(
  db: Db,
  id: string,
  changes: ChannelChanges,
  secrets: SecretBox | undefined,
  actor: string,
): Promise<{ entityId: string; enabled: boolean; pollIntervalSeconds: number } | undefined> {
  return db.transaction(async (tx) => {
    if (changes.account !== undefined) {
      const current = await channelEntityAndPlatform(tx, id);
      if (current) await assertAccountsFree(tx, [{ id, ...current, account: changes.account }]);
    }
    // sealed inside the transaction, once the stored credentials are read
    let credentialsEncrypted: string | null | undefined;
    if (changes.credentials !== undefined) {
      // Keys sent replace those keys; the others stay, so a reconnect can paste only the new token.
      const sealed = await lockStoredCredentials(tx, id);
      const previous = sealed && secrets ? secrets.decrypt(sealed, id) : {};
      credentialsEncrypted = sealCredentials({ ...previous, ...changes.credentials }, id, secrets);
    }
    const row = await updateChannelRow(tx, id, {
      name: changes.name,
      account: changes.account,
      baseUrl: changes.baseUrl,
      pollIntervalSeconds: changes.pollIntervalSeconds,
      credentialsEncrypted,
      enabled: changes.enabled,
    });
    if (!row) return undefined;
    const changed = Object.keys(changes).filter((key) => changes[key as keyof ChannelChanges] !== undefined);
    await auditChannel(tx, actor, 'channel.update', id, { changed, ...(changes.credentials !== undefined ? { credentialKeys: Object.keys(changes.credentials).sort() } : {}) });
    await notifyChannels(tx, row.entityId, [id]);
    return row;
  });
}

/** A channel claims a platform account that a channel of another entity holds. */
export class AccountClaimedError extends Error {
  override name = 'AccountClaimedError';
}

/**
 * Refuses channels whose platform account (page, number, user, mailbox…) is held by another
 * entity's channel, in the database or among the others being written. The channels being written
 * win over the rows they replace. Serialized, so two admins cannot claim one account at once.
 */
async function assertAccountsFree(tx: Queryable, channels: AccountHolder[]): Promise<void> {
  await lockAccountClaims(tx);
  const stored = await accountHolders(tx);
  const written = new Set(channels.map((c) => c.id));
  const all = [...stored.filter((r) => !written.has(r.id)), ...channels];
  const claimsOf = (holder: AccountHolder) => descriptorOf(holder.platform).accountClaims(holder.account);
  for (const channel of channels) {
    const wanted = new Set(claimsOf(channel));
    if (wanted.size === 0) continue;
    const holder = all.find((other) => other.entityId !== channel.entityId && claimsOf(other).some((claim) => wanted.has(claim)));
    if (holder) throw new AccountClaimedError(`channel ${channel.id}: this platform account is already connected to another entity's channel`);
  }
}

async function auditChannel(tx: Queryable, actor: string, action: string, channelId: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit(tx, { actor, action, subjectType: 'channel', subjectId: channelId, details });
}

/** How many channels are in each status (for /metrics). */
export async function channelsByStatus(db: Queryable): Promise<Array<{ status: string; count: number }>> {
  return channelStatusCounts(db);
}
