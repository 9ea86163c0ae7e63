import type { Cursor, Platform } from '../../connectors/types.js';
import { DEFAULT_CHECK_BELOW, type ChannelConfig, type EntityConfig } from '../config/schema.js';
import type { Queryable } from '../db/db.js';
import type { ChannelHealth, ChannelSource, ChannelStatus, NewChannel } from './channels.js';
import type { QuarantineItem } from './quarantine.js';
import type { OutageReason } from './alert-rules.js';

/** All of the channels folder's SQL: channels (configuration, health), webhook deliveries, quarantine. */

// --- Channels --------------------------------------------------------------------------------

export interface ChannelRow {
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

/** Writes an entity from the configuration file; the settings keys the file owns are replaced, the app's kept. */
export async function upsertConfigEntity(tx: Queryable, entity: EntityConfig, settings: Record<string, unknown>, fileOwnedSettingsKeys: string[]): Promise<void> {
  await tx.query(
    `insert into entities (id, name, coordinator_name, coordinator_email, complaint_threshold, time_zone, settings, check_below)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $9)
     on conflict (id) do update set name = excluded.name, coordinator_name = excluded.coordinator_name,
       coordinator_email = excluded.coordinator_email, complaint_threshold = excluded.complaint_threshold,
       check_below = excluded.check_below,
       time_zone = excluded.time_zone, settings = (entities.settings - $8::text[]) || excluded.settings,
       source = 'config', updated_at = now()`,
    [
      entity.id,
      entity.name,
      entity.coordinator?.name ?? null,
      entity.coordinator?.email ?? null,
      entity.complaintThreshold,
      entity.timeZone,
      JSON.stringify(settings),
      fileOwnedSettingsKeys,
      entity.checkBelow ?? DEFAULT_CHECK_BELOW,
    ],
  );
}

/** The channel's sealed credentials; undefined when there is no such channel. */
export async function storedCredentials(tx: Queryable, channelId: string): Promise<string | null | undefined> {
  const { rows } = await tx.query<{ credentials_encrypted: string | null }>('select credentials_encrypted from channels where id = $1', [channelId]);
  return rows[0]?.credentials_encrypted;
}

/** The same, locking the row until the transaction ends. */
export async function lockStoredCredentials(tx: Queryable, channelId: string): Promise<string | null | undefined> {
  const { rows } = await tx.query<{ credentials_encrypted: string | null }>('select credentials_encrypted from channels where id = $1 for update', [channelId]);
  return rows[0]?.credentials_encrypted;
}

/** Writes a channel from the configuration file; runtime state (cursor, health) is kept. */
export async function upsertConfigChannel(
  tx: Queryable,
  entityId: string,
  channel: ChannelConfig,
  sealed: string | null | undefined,
  credentialsChanged: boolean,
): Promise<void> {
  await tx.query(
    `insert into channels (id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status, credentials_managed_in_app)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, case when $9 then 'idle' else 'disabled' end, $11)
     on conflict (id) do update set entity_id = excluded.entity_id, platform = excluded.platform, name = excluded.name,
       account = excluded.account, base_url = excluded.base_url, credentials_encrypted = excluded.credentials_encrypted,
       poll_interval_seconds = excluded.poll_interval_seconds, enabled = excluded.enabled,
       -- new credentials end a "reconnect needed" state; enabling a disabled channel makes it idle
       status = case when not excluded.enabled then 'disabled'
                     when channels.status = 'disabled' then 'idle'
                     when channels.status = 'auth_expired' and $10 then 'idle'
                     else channels.status end,
       auth_failures = case when $10 then 0 else channels.auth_failures end,
       source = 'config', credentials_managed_in_app = excluded.credentials_managed_in_app, updated_at = now()`,
    [channel.id, entityId, channel.platform, channel.name ?? null, JSON.stringify(channel.account), channel.baseUrl ?? null, sealed, channel.pollIntervalSeconds, channel.enabled, credentialsChanged, channel.credentialsManagedInApp === true],
  );
}

export async function channelRow(db: Queryable, id: string): Promise<ChannelRow | undefined> {
  const { rows } = await db.query<ChannelRow>(
    `select id, entity_id, platform, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, cursor, status, rate_limited_until
       from channels where id = $1`,
    [id],
  );
  return rows[0];
}

export async function enabledChannels(db: Queryable): Promise<Array<{ id: string; pollIntervalSeconds: number }>> {
  const { rows } = await db.query<{ id: string; poll_interval_seconds: number }>(
    'select id, poll_interval_seconds from channels where enabled order by id',
  );
  return rows.map((r) => ({ id: r.id, pollIntervalSeconds: r.poll_interval_seconds }));
}

// Health: each returns the channel's entity (undefined when there is no such channel).

export async function markPolled(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>(
    `update channels set status = 'ok', last_polled_at = now(), last_success_at = now(), rate_limited_until = null,
            auth_failures = 0, updated_at = now() where id = $1 returning entity_id`,
    [id],
  );
  return rows[0]?.entity_id;
}

export async function markRateLimited(db: Queryable, id: string, until: Date, error: string): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>(
    `update channels set status = 'rate_limited', last_polled_at = now(), rate_limited_until = $2, last_error = $3,
            last_error_at = now(), updated_at = now() where id = $1 returning entity_id`,
    [id, until, error],
  );
  return rows[0]?.entity_id;
}

/** Also returns the status the channel had before. */
export async function markAuthExpired(db: Queryable, id: string, error: string): Promise<{ was: ChannelStatus; entityId: string } | undefined> {
  const { rows } = await db.query<{ was: ChannelStatus; entity_id: string }>(
    `update channels c set status = 'auth_expired', last_polled_at = now(), last_error = $2, last_error_at = now(),
            auth_failures = c.auth_failures + 1, updated_at = now()
       from (select status as was from channels where id = $1) before
      where c.id = $1 returning before.was, c.entity_id`,
    [id, error],
  );
  return rows[0] ? { was: rows[0].was, entityId: rows[0].entity_id } : undefined;
}

export async function markFailed(db: Queryable, id: string, error: string): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>(
    `update channels set status = 'error', last_polled_at = now(), last_error = $2, last_error_at = now(), updated_at = now()
      where id = $1 returning entity_id`,
    [id, error],
  );
  return rows[0]?.entity_id;
}

/** `entities` limits the list to those entities' channels; undefined = every channel. */
export async function channelHealthRows(db: Queryable, entities?: string[]): Promise<Array<Omit<ChannelHealth, 'backlog' | 'reconnectNeeded'>>> {
  const { rows } = await db.query<Omit<ChannelHealth, 'backlog' | 'reconnectNeeded'>>(
    `select ch.id, ch.entity_id as entity, ch.platform, ch.name, ch.source, ch.enabled, ch.status,
            ch.last_polled_at as "lastPolledAt", ch.last_success_at as "lastSuccessAt", ch.last_error as "lastError",
            ch.last_error_at as "lastErrorAt", ch.rate_limited_until as "rateLimitedUntil",
            ch.poll_interval_seconds as "pollIntervalSeconds",
            ch.token_expires_at as "tokenExpiresAt", ch.token_refreshes as "tokenRefreshes",
            (select count(*)::int from tickets t where t.channel_id = ch.id and t.status in ('new', 'open')) as "openTickets",
            (select count(*)::int from messages m where m.channel_id = ch.id and m.delivery_status = 'queued') as "queuedReplies",
            (select count(*)::int from quarantine q where q.channel_id = ch.id and q.resolved_at is null) as quarantined
       from channels ch where ($1::text[] is null or ch.entity_id = any($1::text[])) order by ch.entity_id, ch.id`,
    [entities ?? null],
  );
  return rows;
}

/** The other enabled channels of the entity on one of `platforms` whose account has `accountKey` = `value`. */
export async function sharedAccountChannelIds(
  db: Queryable,
  channel: { id: string; entityId: string },
  platforms: readonly string[],
  accountKey: string,
  value: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from channels
      where enabled and id <> $1 and entity_id = $3 and platform = any($4::text[]) and account->>$5 = $2 order by id`,
    [channel.id, value, channel.entityId, platforms, accountKey],
  );
  return rows.map((r) => r.id);
}

export async function channelConfigRow(
  db: Queryable,
  id: string,
): Promise<(ChannelRow & { name: string | null; source: ChannelSource; credentials_managed_in_app: boolean }) | undefined> {
  const { rows } = await db.query<ChannelRow & { name: string | null; source: ChannelSource; credentials_managed_in_app: boolean }>(
    `select id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status, source, credentials_managed_in_app
       from channels where id = $1`,
    [id],
  );
  return rows[0];
}

/** Inserts an app channel; false when the id is taken. */
export async function insertAppChannel(tx: Queryable, input: NewChannel, sealed: string | null): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into channels (id, entity_id, platform, name, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status, source)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, case when $9 then 'idle' else 'disabled' end, 'app')
     on conflict (id) do nothing`,
    [input.id, input.entityId, input.platform, input.name ?? null, JSON.stringify(input.account), input.baseUrl ?? null, sealed, input.pollIntervalSeconds, input.enabled],
  );
  return rowCount > 0;
}

export async function channelEntityAndPlatform(tx: Queryable, id: string): Promise<{ entityId: string; platform: Platform } | undefined> {
  const { rows } = await tx.query<{ entity_id: string; platform: Platform }>('select entity_id, platform from channels where id = $1', [id]);
  return rows[0] ? { entityId: rows[0].entity_id, platform: rows[0].platform } : undefined;
}

/** The columns an admin's change writes; undefined leaves a column as it is. */
export interface ChannelUpdate {
  name?: string | null | undefined;
  account?: Record<string, string> | undefined;
  baseUrl?: string | null | undefined;
  pollIntervalSeconds?: number | undefined;
  /** Defined (sealed, or null for none) only when the credentials are replaced. */
  credentialsEncrypted?: string | null | undefined;
  enabled?: boolean | undefined;
}

/**
 * Another account clears the cursor; new credentials reset the auth failures and end a "reconnect
 * needed" state; the status follows `enabled`. Undefined when the channel does not exist.
 */
export async function updateChannelRow(
  tx: Queryable,
  id: string,
  update: ChannelUpdate,
): Promise<{ entityId: string; enabled: boolean; pollIntervalSeconds: number } | undefined> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (update.name !== undefined) set('name', update.name);
  if (update.account !== undefined) {
    set('account', JSON.stringify(update.account), '::jsonb');
    sets.push(`cursor = case when account = $${params.length}::jsonb then cursor else null end`);
  }
  if (update.baseUrl !== undefined) set('base_url', update.baseUrl);
  if (update.pollIntervalSeconds !== undefined) set('poll_interval_seconds', update.pollIntervalSeconds);
  const newCredentials = update.credentialsEncrypted !== undefined;
  if (newCredentials) {
    set('credentials_encrypted', update.credentialsEncrypted);
    sets.push('auth_failures = 0');
  }
  params.push(update.enabled ?? null);
  const enabled = `coalesce($${params.length}::boolean, enabled)`;
  sets.push(`enabled = ${enabled}`);
  sets.push(`status = case when not ${enabled} then 'disabled'
                           when status = 'disabled' then 'idle'
                           when status = 'auth_expired' and ${newCredentials} then 'idle'
                           else status end`);
  const { rows } = await tx.query<{ entity_id: string; enabled: boolean; poll_interval_seconds: number }>(
    `update channels set ${sets.join(', ')}, updated_at = now() where id = $1 returning entity_id, enabled, poll_interval_seconds`,
    params,
  );
  const row = rows[0];
  return row ? { entityId: row.entity_id, enabled: row.enabled, pollIntervalSeconds: row.poll_interval_seconds } : undefined;
}

/** A channel as the account check sees it. */
export interface AccountHolder {
  id: string;
  entityId: string;
  platform: Platform;
  account: Record<string, string>;
}

/** Serializes account claims until the transaction ends, so two admins cannot claim one account at once. */
export async function lockAccountClaims(tx: Queryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('channel-account-claims'))`);
}

export async function accountHolders(tx: Queryable): Promise<AccountHolder[]> {
  const { rows } = await tx.query<{ id: string; entity_id: string; platform: Platform; account: Record<string, string> }>(
    'select id, entity_id, platform, account from channels',
  );
  return rows.map((r) => ({ id: r.id, entityId: r.entity_id, platform: r.platform, account: r.account }));
}

// --- Webhook deliveries ----------------------------------------------------------------------

export interface StoredWebhookEvent {
  id: number;
  channel_id: string;
  body: string;
  attempts: number;
}

/** Returns the new row's id, or undefined when the channel already holds a delivery with that hash. */
export async function insertWebhookEvent(db: Queryable, channelId: string, bodySha256: string, body: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `insert into webhook_events (channel_id, body_sha256, body) values ($1, $2, $3)
     on conflict (channel_id, body_sha256) do nothing returning id`,
    [channelId, bodySha256, body],
  );
  return rows[0]?.id;
}

/** A pending event nobody claimed in the last 2 minutes; counts the attempt. */
export async function claimPendingWebhookEvent(db: Queryable, id: number): Promise<StoredWebhookEvent | undefined> {
  const { rows } = await db.query<StoredWebhookEvent>(
    `update webhook_events set attempts = attempts + 1, processed_at = now()
      where id = $1 and status = 'pending' and (processed_at is null or processed_at < now() - interval '2 minutes')
      returning id, channel_id, body, attempts`,
    [id],
  );
  return rows[0];
}

export async function setWebhookEventStatus(db: Queryable, id: number, status: 'processed' | 'pending' | 'failed', error: string | null): Promise<void> {
  await db.query(`update webhook_events set status = $2, error = $3, processed_at = now() where id = $1`, [id, status, error]);
}

export async function staleWebhookEventIds(db: Queryable, olderThanSeconds: number, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `select id from webhook_events
      where status = 'pending' and coalesce(processed_at, received_at) < now() - make_interval(secs => $1)
      order by id limit $2`,
    [olderThanSeconds, limit],
  );
  return rows.map((r) => r.id);
}

export async function storedWebhookBody(db: Queryable, id: number): Promise<{ channelId: string; body: string } | undefined> {
  const { rows } = await db.query<{ channel_id: string; body: string }>('select channel_id, body from webhook_events where id = $1', [id]);
  return rows[0] ? { channelId: rows[0].channel_id, body: rows[0].body } : undefined;
}

// --- Quarantine ------------------------------------------------------------------------------

export async function unresolvedQuarantineItems(db: Queryable, channelId: string, limit: number): Promise<QuarantineItem[]> {
  const { rows } = await db.query<QuarantineItem>(
    `select id, item_type as "itemType", external_id as "externalId", reason, seen_count as "seenCount",
            created_at as "createdAt", last_seen_at as "lastSeenAt"
       from quarantine where channel_id = $1 and resolved_at is null order by last_seen_at desc, id desc limit $2`,
    [channelId, limit],
  );
  return rows;
}

export async function unresolvedQuarantineEntity(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>(
    'select ch.entity_id from quarantine q join channels ch on ch.id = q.channel_id where q.id = $1 and q.resolved_at is null',
    [id],
  );
  return rows[0]?.entity_id;
}

/** An unresolved item with its raw payload. */
export async function unresolvedQuarantineItem(
  db: Queryable,
  id: number,
): Promise<{ channelId: string; itemType: string; externalId: string | null; raw: unknown } | undefined> {
  const { rows } = await db.query<{ channel_id: string; item_type: string; external_id: string | null; raw: unknown }>(
    'select channel_id, item_type, external_id, raw from quarantine where id = $1 and resolved_at is null',
    [id],
  );
  const row = rows[0];
  return row ? { channelId: row.channel_id, itemType: row.item_type, externalId: row.external_id, raw: row.raw } : undefined;
}

export async function setQuarantineReason(db: Queryable, id: number, reason: string): Promise<void> {
  await db.query('update quarantine set reason = $2 where id = $1', [id, reason]);
}

export async function quarantineReason(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ reason: string }>('select reason from quarantine where id = $1', [id]);
  return rows[0]?.reason;
}

/** Resolves an unresolved item; returns its channel and entity, undefined when it was not (or no longer) quarantined. */
export async function resolveQuarantineItem(
  tx: Queryable,
  id: number,
  resolution: 'ingested' | 'ignored' | 'dismissed',
): Promise<{ channelId: string; entityId: string } | undefined> {
  const { rows } = await tx.query<{ channel_id: string; entity_id: string }>(
    `update quarantine q set resolved_at = now(), resolution = $2 from channels ch
      where q.id = $1 and q.resolved_at is null and ch.id = q.channel_id returning q.channel_id, ch.entity_id`,
    [id, resolution],
  );
  return rows[0] ? { channelId: rows[0].channel_id, entityId: rows[0].entity_id } : undefined;
}

// --- Outages (migration 018) -----------------------------------------------------------------

export type { OutageReason } from './alert-rules.js';

/**
 * Opens the channel's outage, or keeps the open one with this latest reason. `startsAt` (a rate
 * limit's reset) lets an outage begin later than now: a rate limit is only unhealthy beyond its reset.
 */
export async function openOutage(db: Queryable, channelId: string, reason: OutageReason, startsAt?: Date): Promise<void> {
  await db.query(
    `insert into channel_outages (channel_id, reason, started_at, last_failed_at)
     values ($1, $2, greatest(now(), coalesce($3::timestamptz, now())), now())
     on conflict (channel_id) where ended_at is null do update set reason = excluded.reason, last_failed_at = now()`,
    [channelId, reason, startsAt ?? null],
  );
}

/** Ends the channel's open outage; one that had not yet begun (a rate limit lifted before its reset) never happened. */
export async function closeOutage(db: Queryable, channelId: string): Promise<void> {
  await db.query(`delete from channel_outages where channel_id = $1 and ended_at is null and started_at > now()`, [channelId]);
  await db.query(`update channel_outages set ended_at = now() where channel_id = $1 and ended_at is null`, [channelId]);
}

/** An outage as the alert mails see it. */
export interface OutageForMail {
  id: number;
  channelId: string;
  channelName: string | null;
  platform: Platform;
  entityId: string;
  entityName: string;
  timeZone: string;
  reason: OutageReason;
  startedAt: Date;
  endedAt: Date | null;
  caughtUp: number;
}

const OUTAGE_FOR_MAIL = `o.id, o.channel_id as "channelId", ch.name as "channelName", ch.platform, ch.entity_id as "entityId",
  e.name as "entityName", e.time_zone as "timeZone", o.reason, o.started_at as "startedAt", o.ended_at as "endedAt"`;

/** Inbound messages written within the outage that were read after its last failure: what catch-up found. */
const CAUGHT_UP = `(select count(*)::int from messages m
   where m.channel_id = o.channel_id and m.direction = 'inbound' and m.sent_at >= o.started_at
     and m.sent_at < coalesce(o.ended_at, now()) and m.created_at > o.last_failed_at)`;

/**
 * Claims the alert of one open outage of an enabled channel that began at or before `cutoff` and was
 * not yet told: the row is marked in the same statement, so of several workers one gets it (the
 * others skip it). Outages in `skip` are left alone; undefined when there is none left.
 */
export async function claimOutageAlert(db: Queryable, cutoff: Date, at: Date, skip: number[] = []): Promise<OutageForMail | undefined> {
  const { rows } = await db.query<OutageForMail>(
    `update channel_outages o set alert_mailed_at = $2
       from channels ch join entities e on e.id = ch.entity_id
      where ch.id = o.channel_id
        and o.id = (select due.id from channel_outages due join channels c on c.id = due.channel_id
                     where c.enabled and due.ended_at is null and due.alert_mailed_at is null and due.started_at <= $1
                       and due.id <> all($3::bigint[])
                     order by due.started_at, due.id limit 1 for update of due skip locked)
      returning ${OUTAGE_FOR_MAIL}, 0 as "caughtUp"`,
    [cutoff, at, skip],
  );
  return rows[0];
}

/** Claims the recovery mail of one ended outage whose alert was mailed (but those in `skip`); undefined when there is none left. */
export async function claimOutageRecovery(db: Queryable, at: Date, skip: number[] = []): Promise<OutageForMail | undefined> {
  const { rows } = await db.query<OutageForMail>(
    `update channel_outages o set recovery_mailed_at = $1
       from channels ch join entities e on e.id = ch.entity_id
      where ch.id = o.channel_id
        and o.id = (select due.id from channel_outages due
                     where due.ended_at is not null and due.alert_mailed_at is not null and due.recovery_mailed_at is null
                       and due.id <> all($2::bigint[])
                     order by due.ended_at, due.id limit 1 for update of due skip locked)
      returning ${OUTAGE_FOR_MAIL}, ${CAUGHT_UP} as "caughtUp"`,
    [at, skip],
  );
  return rows[0];
}

/** Gives a claim back when not one mail of it could be sent, so a later check tries again. */
export async function releaseOutageClaim(db: Queryable, id: number, mail: 'alert' | 'recovery'): Promise<void> {
  const column = mail === 'alert' ? 'alert_mailed_at' : 'recovery_mailed_at';
  await db.query(`update channel_outages set ${column} = null where id = $1`, [id]);
}

/** Per channel: since when its open outage lasts, and its last outage that ended after `since` with what catch-up found. */
export async function outageSummaries(
  db: Queryable,
  channelIds: string[],
  since: Date,
): Promise<Array<{ channelId: string; unhealthySince: Date | null; lastStartedAt: Date | null; lastEndedAt: Date | null; caughtUp: number | null }>> {
  const { rows } = await db.query<{ channelId: string; unhealthySince: Date | null; lastStartedAt: Date | null; lastEndedAt: Date | null; caughtUp: number | null }>(
    `select ch.id as "channelId",
            (select started_at from channel_outages open
              where open.channel_id = ch.id and ch.enabled and open.ended_at is null and open.started_at <= now()) as "unhealthySince",
            last.started_at as "lastStartedAt", last.ended_at as "lastEndedAt", last.caught_up as "caughtUp"
       from channels ch
       left join lateral (select o.started_at, o.ended_at, ${CAUGHT_UP} as caught_up from channel_outages o
                           where o.channel_id = ch.id and o.ended_at is not null and o.ended_at >= $2
                           order by o.ended_at desc limit 1) last on true
      where ch.id = any($1::text[])`,
    [channelIds, since],
  );
  return rows;
}

/** Open outages of enabled channels of these entities (undefined = all) that began at or before `cutoff`. */
export async function alertingOutages(
  db: Queryable,
  entities: string[] | undefined,
  cutoff: Date,
): Promise<Array<{ channelId: string; channelName: string | null; platform: Platform; entity: string; reason: OutageReason; since: Date }>> {
  const { rows } = await db.query<{ channelId: string; channelName: string | null; platform: Platform; entity: string; reason: OutageReason; since: Date }>(
    `select o.channel_id as "channelId", ch.name as "channelName", ch.platform, ch.entity_id as entity, o.reason, o.started_at as since
       from channel_outages o join channels ch on ch.id = o.channel_id
      where o.ended_at is null and ch.enabled and o.started_at <= $2 and ($1::text[] is null or ch.entity_id = any($1::text[]))
      order by o.started_at, o.channel_id`,
    [entities ?? null, cutoff],
  );
  return rows;
}

// --- Token lifecycle (migration 021) ---------------------------------------------------------

/** A channel as the token lifecycle sees it: its sealed credentials and what is known of its token. */
export interface TokenChannelRow {
  id: string;
  entityId: string;
  platform: Platform;
  baseUrl: string | null;
  sealed: string;
  tokenExpiresAt: Date | null;
  tokenRefreshes: boolean;
  tokenCheckedAt: Date | null;
  /** The last expiry check read the credentials stored now (not older ones). */
  checkedCurrent: boolean;
  tokenWarnedFor: Date | null;
}

const TOKEN_STATE = `id, entity_id as "entityId", platform, base_url as "baseUrl", credentials_encrypted as sealed,
  token_expires_at as "tokenExpiresAt", token_refreshes as "tokenRefreshes", token_checked_at as "tokenCheckedAt",
  coalesce(token_checked_of = md5(credentials_encrypted), false) as "checkedCurrent", token_warned_for as "tokenWarnedFor"`;

/** Enabled channels with credentials that are not waiting for reconnection. */
export async function tokenChannelRows(db: Queryable): Promise<TokenChannelRow[]> {
  const { rows } = await db.query<TokenChannelRow>(
    `select ${TOKEN_STATE} from channels where enabled and credentials_encrypted is not null and status <> 'auth_expired' order by id`,
  );
  return rows;
}

/** The same for one channel, locking its row (and so its credentials) until the transaction ends. */
export async function lockTokenChannel(tx: Queryable, id: string): Promise<(TokenChannelRow & { status: ChannelStatus; enabled: boolean }) | undefined> {
  const { rows } = await tx.query<TokenChannelRow & { status: ChannelStatus; enabled: boolean }>(
    `select ${TOKEN_STATE}, status, enabled from channels where id = $1 and credentials_encrypted is not null for update`,
    [id],
  );
  return rows[0];
}

/**
 * New sealed credentials from the token lifecycle (a refresh, an expiry read): the token state beside
 * them; `checkedAt` marks an expiry read from the platform. A changed expiry forgets the warning.
 */
export async function storeTokenCredentials(
  tx: Queryable,
  id: string,
  sealed: string,
  state: { expiresAt: Date | null; refreshes: boolean; checkedAt?: Date | undefined },
): Promise<void> {
  await tx.query(
    `update channels set credentials_encrypted = $2, token_expires_at = $3, token_refreshes = $4,
            token_checked_at = coalesce($5::timestamptz, token_checked_at), token_checked_of = md5($2),
            token_warned_for = case when token_expires_at is distinct from $3 then null else token_warned_for end,
            updated_at = now()
      where id = $1`,
    [id, sealed, state.expiresAt, state.refreshes, state.checkedAt ?? null],
  );
}

/** The token state as read from credentials someone else wrote (a paste, a reconnect); a changed expiry forgets the warning. */
export async function setTokenState(db: Queryable, id: string, expiresAt: Date | null, refreshes: boolean): Promise<void> {
  await db.query(
    `update channels set token_expires_at = $2, token_refreshes = $3,
            token_warned_for = case when token_expires_at is distinct from $2 then null else token_warned_for end
      where id = $1 and (token_expires_at is distinct from $2 or token_refreshes is distinct from $3)`,
    [id, expiresAt, refreshes],
  );
}

/** The expiry check of these credentials counts as done at `at` (a failed check: `at` is when to try again, a day before). */
export async function markTokenChecked(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('update channels set token_checked_at = $2, token_checked_of = md5(credentials_encrypted) where id = $1', [id, at]);
}

/** A channel whose admins are to be warned of its token's expiry. */
export interface TokenWarningTarget {
  channelId: string;
  channelName: string | null;
  platform: Platform;
  entityId: string;
  entityName: string;
  timeZone: string;
  expiresAt: Date;
}

/** Claims the warning for this expiry: of several workers one gets it; undefined when warned already or the expiry changed. */
export async function claimTokenWarning(db: Queryable, id: string, expiresAt: Date): Promise<TokenWarningTarget | undefined> {
  const { rows } = await db.query<TokenWarningTarget>(
    `update channels ch set token_warned_for = $2
       from entities e
      where ch.id = $1 and e.id = ch.entity_id and ch.token_expires_at = $2 and ch.token_warned_for is distinct from $2
      returning ch.id as "channelId", ch.name as "channelName", ch.platform, ch.entity_id as "entityId", e.name as "entityName",
                e.time_zone as "timeZone", ch.token_expires_at as "expiresAt"`,
    [id, expiresAt],
  );
  return rows[0];
}

/** Gives a warning claim back when not one mail of it could be sent. */
export async function releaseTokenWarning(db: Queryable, id: string, expiresAt: Date): Promise<void> {
  await db.query('update channels set token_warned_for = null where id = $1 and token_warned_for = $2', [id, expiresAt]);
}

/** How many channels are in each status. */
export async function channelStatusCounts(db: Queryable): Promise<Array<{ status: string; count: number }>> {
  const { rows } = await db.query<{ status: string; count: number }>('select status, count(*)::int as count from channels group by status');
  return rows;
}
