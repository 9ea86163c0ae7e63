import { descriptorOf } from '../../connectors/platforms.js';
import { sharedWebhookGroup } from '../../connectors/platforms.js';
import type { ChannelContext, Cursor, Platform } from '../../connectors/types.js';
import type { EntityConfig } from '../config/schema.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyChannels } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import type { SecretBox } from './secrets.js';

export type ChannelStatus = 'idle' | 'ok' | 'error' | 'rate_limited' | 'auth_expired' | 'disabled';
/** Written from the configuration file at start, or created by an admin in the app. */
export type ChannelSource = 'config' | 'app';

export interface ChannelState {
  context: ChannelContext;
  cursor: Cursor | null;
  status: ChannelStatus;
  enabled: boolean;
  pollIntervalSeconds: number;
  rateLimitedUntil: Date | null;
}

interface ChannelRow {
  id: string;
  entity_id: string;
  platform: Platform;
  account: Record<string, string>;
  base_url: string | null;
  credentials_encrypted: string | null;
  poll_interval_seconds: number;
  enabled: boolean;
  cursor: Cursor | null;
  status: ChannelStatus;
  rate_limited_until: Date | null;
}

/** The settings keys the configuration file owns; every other key (autoAssign, templates…) is the app's and survives a sync. */
const CONFIG_SETTINGS_KEYS = ['complaintIntake', 'themes', 'complaintWebhook'];

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
      await tx.query(
        `insert into entities (id, name, coordinator_name, coordinator_email, complaint_threshold, time_zone, settings)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb)
         on conflict (id) do update set name = excluded.name, coordinator_name = excluded.coordinator_name,
           coordinator_email = excluded.coordinator_email, complaint_threshold = excluded.complaint_threshold,
           time_zone = excluded.time_zone, settings = (entities.settings - $8::text[]) || excluded.settings,
           source = 'config', updated_at = now()`,
        [
          entity.id,
          entity.name,
          entity.coordinator?.name ?? null,
          entity.coordinator?.email ?? null,
          entity.complaintThreshold,
          entity.timeZone,
          JSON.stringify(entitySettings(entity, secrets)),
          CONFIG_SETTINGS_KEYS,
        ],
      );
      for (const channel of entity.channels) {
        const credentials = Object.fromEntries(Object.entries(channel.credentials).filter(([, value]) => value !== ''));
        const hasCredentials = Object.keys(credentials).length > 0;
        if (hasCredentials && !secrets) {
          throw new Error(`channel ${channel.id} has credentials: set INBOX_SECRET_KEY to store them encrypted`);
        }
        const previous = await tx.query<{ credentials_encrypted: string | null }>('select credentials_encrypted from channels where id = $1', [channel.id]);
        const before = previous.rows[0]?.credentials_encrypted;
        const unchanged = before && secrets && sameCredentials(secrets, before, credentials, channel.id);
        const sealed = hasCredentials && secrets ? (unchanged ? before : secrets.encrypt(credentials, channel.id)) : null;
        await tx.query(
          `insert into channels (id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status)
           values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, case when $9 then 'idle' else 'disabled' end)
           on conflict (id) do update set entity_id = excluded.entity_id, platform = excluded.platform, name = excluded.name,
             account = excluded.account, base_url = excluded.base_url, credentials_encrypted = excluded.credentials_encrypted,
             poll_interval_seconds = excluded.poll_interval_seconds, enabled = excluded.enabled,
             -- new credentials end a "reconnect needed" state; enabling a disabled channel makes it idle
             status = case when not excluded.enabled then 'disabled'
                           when channels.status = 'disabled' then 'idle'
                           when channels.status = 'auth_expired' and $10 then 'idle'
                           else channels.status end,
             auth_failures = case when $10 then 0 else channels.auth_failures end,
             source = 'config', updated_at = now()`,
          [channel.id, entity.id, channel.platform, channel.name ?? null, JSON.stringify(channel.account), channel.baseUrl ?? null, sealed, channel.pollIntervalSeconds, channel.enabled, !unchanged],
        );
      }
    }
  });
}

/** Entity options kept as JSON; the webhook secret is encrypted like channel credentials. */
function entitySettings(entity: EntityConfig, secrets: SecretBox | undefined): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (entity.complaintIntake) settings.complaintIntake = entity.complaintIntake;
  if (entity.themes) settings.themes = entity.themes;
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
  const { rows } = await db.query<ChannelRow>(
    `select id, entity_id, platform, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, cursor, status, rate_limited_until
       from channels where id = $1`,
    [id],
  );
  const row = rows[0];
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
  const { rows } = await db.query<{ id: string; poll_interval_seconds: number }>(
    'select id, poll_interval_seconds from channels where enabled order by id',
  );
  return rows.map((r) => ({ id: r.id, pollIntervalSeconds: r.poll_interval_seconds }));
}

/**
 * Channel health, recorded in one place (the poll worker calls these). Each change is announced
 * to the live health board.
 */
export const channelHealth = {
  async polled(db: Queryable, id: string): Promise<void> {
    const { rows } = await db.query<{ entity_id: string }>(
      `update channels set status = 'ok', last_polled_at = now(), last_success_at = now(), rate_limited_until = null,
              auth_failures = 0, updated_at = now() where id = $1 returning entity_id`,
      [id],
    );
    await announce(db, id, rows[0]);
  },
  async rateLimited(db: Queryable, id: string, until: Date, error: string): Promise<void> {
    const { rows } = await db.query<{ entity_id: string }>(
      `update channels set status = 'rate_limited', last_polled_at = now(), rate_limited_until = $2, last_error = $3,
              last_error_at = now(), updated_at = now() where id = $1 returning entity_id`,
      [id, until, error],
    );
    await announce(db, id, rows[0]);
  },
  /** Returns true the first time, so admins are told once. */
  async authExpired(db: Queryable, id: string, error: string): Promise<boolean> {
    const { rows } = await db.query<{ was: ChannelStatus; entity_id: string }>(
      `update channels c set status = 'auth_expired', last_polled_at = now(), last_error = $2, last_error_at = now(),
              auth_failures = c.auth_failures + 1, updated_at = now()
         from (select status as was from channels where id = $1) before
        where c.id = $1 returning before.was, c.entity_id`,
      [id, error],
    );
    const first = rows[0] !== undefined && rows[0].was !== 'auth_expired';
    if (first) {
      await recordAudit(db, { actor: 'system', action: 'channel.auth_expired', subjectType: 'channel', subjectId: id, details: { error } });
    }
    await announce(db, id, rows[0]);
    return first;
  },
  async failed(db: Queryable, id: string, error: string): Promise<void> {
    const { rows } = await db.query<{ entity_id: string }>(
      `update channels set status = 'error', last_polled_at = now(), last_error = $2, last_error_at = now(), updated_at = now()
        where id = $1 returning entity_id`,
      [id, error],
    );
    await announce(db, id, rows[0]);
  },
};

async function announce(db: Queryable, channelId: string, row: { entity_id: string } | undefined): Promise<void> {
  if (row) await notifyChannels(db, row.entity_id, [channelId]);
}

/** What /api/channels shows: health, and backlog = open tickets + replies waiting to be sent. */
export interface ChannelHealth {
  id: string;
  entity: string;
  platform: Platform;
  name: string | null;
  source: ChannelSource;
  enabled: boolean;
  status: ChannelStatus;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  rateLimitedUntil: Date | null;
  pollIntervalSeconds: number;
  openTickets: number;
  queuedReplies: number;
  quarantined: number;
  backlog: number;
  reconnectNeeded: boolean;
}

/** `entities` limits the list to the caller's access scope; undefined = every channel. */
export async function listChannelHealth(db: Queryable, entities?: string[]): Promise<ChannelHealth[]> {
  const { rows } = await db.query<Omit<ChannelHealth, 'backlog' | 'reconnectNeeded'>>(
    `select ch.id, ch.entity_id as entity, ch.platform, ch.name, ch.source, ch.enabled, ch.status,
            ch.last_polled_at as "lastPolledAt", ch.last_success_at as "lastSuccessAt", ch.last_error as "lastError",
            ch.last_error_at as "lastErrorAt", ch.rate_limited_until as "rateLimitedUntil",
            ch.poll_interval_seconds as "pollIntervalSeconds",
            (select count(*)::int from tickets t where t.channel_id = ch.id and t.status in ('new', 'open')) as "openTickets",
            (select count(*)::int from messages m where m.channel_id = ch.id and m.delivery_status = 'queued') as "queuedReplies",
            (select count(*)::int from quarantine q where q.channel_id = ch.id and q.resolved_at is null) as quarantined
       from channels ch where ($1::text[] is null or ch.entity_id = any($1::text[])) order by ch.entity_id, ch.id`,
    [entities ?? null],
  );
  return rows.map((row) => ({ ...row, backlog: row.openTickets + row.queuedReplies, reconnectNeeded: row.status === 'auth_expired' }));
}

/**
 * Platforms whose deliveries for one account arrive at one callback URL (the descriptor's shared
 * webhook group): a delivery that arrives for one channel also belongs to the other enabled channels
 * of the same entity whose platform is in the group and whose account key has the same value.
 */
export async function webhookSiblings(db: Queryable, channel: ChannelContext): Promise<string[]> {
  const group = sharedWebhookGroup(channel.platform);
  const value = group ? channel.account[group.accountKey] : undefined;
  if (!group || !value) return [];
  const { rows } = await db.query<{ id: string }>(
    `select id from channels
      where enabled and id <> $1 and entity_id = $3 and platform = any($4::text[]) and account->>$5 = $2 order by id`,
    [channel.id, value, channel.entityId, group.platforms, group.accountKey],
  );
  return rows.map((r) => r.id);
}

// --- Channels managed in the app -------------------------------------------------------------

/** A channel's configuration as admins see it: which credentials are set, never their values. */
export interface ChannelConfigView {
  id: string;
  entity: string;
  platform: Platform;
  name: string | null;
  account: Record<string, string>;
  baseUrl: string | null;
  pollIntervalSeconds: number;
  enabled: boolean;
  status: ChannelStatus;
  source: ChannelSource;
  credentialKeys: string[];
}

export async function getChannelConfig(db: Queryable, id: string, secrets: SecretBox | undefined): Promise<ChannelConfigView | undefined> {
  const { rows } = await db.query<ChannelRow & { name: string | null; source: ChannelSource }>(
    `select id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status, source
       from channels where id = $1`,
    [id],
  );
  const row = rows[0];
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
    const { rowCount } = await tx.query(
      `insert into channels (id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status, source)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, case when $9 then 'idle' else 'disabled' end, 'app')
       on conflict (id) do nothing`,
      [input.id, input.entityId, input.platform, input.name ?? null, JSON.stringify(input.account), input.baseUrl ?? null, sealed, input.pollIntervalSeconds, input.enabled],
    );
    if (rowCount === 0) return false;
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
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (changes.name !== undefined) set('name', changes.name);
  if (changes.account !== undefined) {
    set('account', JSON.stringify(changes.account), '::jsonb');
    sets.push(`cursor = case when account = $${params.length}::jsonb then cursor else null end`);
  }
  if (changes.baseUrl !== undefined) set('base_url', changes.baseUrl);
  if (changes.pollIntervalSeconds !== undefined) set('poll_interval_seconds', changes.pollIntervalSeconds);
  const newCredentials = changes.credentials !== undefined;
  // sealed inside the transaction, once the stored credentials are read
  let credentialsParam = -1;
  if (newCredentials) {
    set('credentials_encrypted', null);
    credentialsParam = params.length - 1;
    sets.push('auth_failures = 0');
  }
  params.push(changes.enabled ?? null);
  const enabled = `coalesce($${params.length}::boolean, enabled)`;
  sets.push(`enabled = ${enabled}`);
  sets.push(`status = case when not ${enabled} then 'disabled'
                           when status = 'disabled' then 'idle'
                           when status = 'auth_expired' and ${newCredentials} then 'idle'
                           else status end`);
  return db.transaction(async (tx) => {
    if (changes.account !== undefined) {
      const current = await tx.query<{ entity_id: string; platform: Platform }>('select entity_id, platform from channels where id = $1', [id]);
      const row = current.rows[0];
      if (row) await assertAccountsFree(tx, [{ id, entityId: row.entity_id, platform: row.platform, account: changes.account }]);
    }
    if (newCredentials) {
      // Keys sent replace those keys; the others stay, so a reconnect can paste only the new token.
      const stored = await tx.query<{ credentials_encrypted: string | null }>('select credentials_encrypted from channels where id = $1 for update', [id]);
      const sealed = stored.rows[0]?.credentials_encrypted;
      const previous = sealed && secrets ? secrets.decrypt(sealed, id) : {};
      params[credentialsParam] = sealCredentials({ ...previous, ...changes.credentials }, id, secrets);
    }
    const { rows } = await tx.query<{ entity_id: string; enabled: boolean; poll_interval_seconds: number }>(
      `update channels set ${sets.join(', ')}, updated_at = now() where id = $1 returning entity_id, enabled, poll_interval_seconds`,
      params,
    );
    const row = rows[0];
    if (!row) return undefined;
    const changed = Object.keys(changes).filter((key) => changes[key as keyof ChannelChanges] !== undefined);
    await auditChannel(tx, actor, 'channel.update', id, { changed, ...(newCredentials ? { credentialKeys: Object.keys(changes.credentials!).sort() } : {}) });
    await notifyChannels(tx, row.entity_id, [id]);
    return { entityId: row.entity_id, enabled: row.enabled, pollIntervalSeconds: row.poll_interval_seconds };
  });
}

/** A channel claims a platform account that a channel of another entity holds. */
export class AccountClaimedError extends Error {
  override name = 'AccountClaimedError';
}

interface AccountHolder {
  id: string;
  entityId: string;
  platform: Platform;
  account: Record<string, string>;
}

/**
 * Refuses channels whose platform account (page, number, user, mailbox…) is held by another
 * entity's channel, in the database or among the others being written. The channels being written
 * win over the rows they replace. Serialized, so two admins cannot claim one account at once.
 */
async function assertAccountsFree(tx: Queryable, channels: AccountHolder[]): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('channel-account-claims'))`);
  const { rows } = await tx.query<{ id: string; entity_id: string; platform: Platform; account: Record<string, string> }>(
    'select id, entity_id, platform, account from channels',
  );
  const written = new Set(channels.map((c) => c.id));
  const all = [...rows.filter((r) => !written.has(r.id)).map((r) => ({ id: r.id, entityId: r.entity_id, platform: r.platform, account: r.account })), ...channels];
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
