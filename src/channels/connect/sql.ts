import type { Queryable } from '../../db/db.js';

/** An OAuth authorization in progress (migration 019). */
export interface ConnectionRow {
  id: string;
  session_id: string;
  user_email: string;
  entity_id: string;
  platform: string;
  channel_id: string | null;
  base_url: string | null;
  redirect_uri: string;
  secret_encrypted: string | null;
  status: 'started' | 'authorized';
  expires_at: Date;
}

const COLUMNS = 'id, session_id, user_email, entity_id, platform, channel_id, base_url, redirect_uri, secret_encrypted, status, expires_at';

export async function insertConnection(
  db: Queryable,
  row: { id: string; stateHash: string; sessionId: string; userEmail: string; entityId: string; platform: string; channelId: string | null; baseUrl: string | null; redirectUri: string; sealed: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    `insert into oauth_connections (id, state_hash, session_id, user_email, entity_id, platform, channel_id, base_url, redirect_uri, secret_encrypted, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [row.id, row.stateHash, row.sessionId, row.userEmail, row.entityId, row.platform, row.channelId, row.baseUrl, row.redirectUri, row.sealed, row.expiresAt],
  );
}

/** The started connection of this state, which is spent by the call (single use); undefined when unknown or spent. */
export async function takeByState(db: Queryable, stateHash: string): Promise<ConnectionRow | undefined> {
  const { rows } = await db.query<ConnectionRow>(
    `update oauth_connections set state_hash = null where state_hash = $1 and status = 'started' returning ${COLUMNS}`,
    [stateHash],
  );
  return rows[0];
}

export async function markAuthorized(db: Queryable, id: string, sealed: string, expiresAt: Date): Promise<void> {
  await db.query(`update oauth_connections set status = 'authorized', secret_encrypted = $2, expires_at = $3 where id = $1`, [id, sealed, expiresAt]);
}

export async function connectionRow(db: Queryable, id: string): Promise<ConnectionRow | undefined> {
  const { rows } = await db.query<ConnectionRow>(`select ${COLUMNS} from oauth_connections where id = $1`, [id]);
  return rows[0];
}

/** Locks the row for an attach, so two attaches of one connection do not both happen. */
export async function lockConnection(db: Queryable, id: string): Promise<ConnectionRow | undefined> {
  const { rows } = await db.query<ConnectionRow>(`select ${COLUMNS} from oauth_connections where id = $1 for update`, [id]);
  return rows[0];
}

export async function connectionEntity(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from oauth_connections where id = $1', [id]);
  return rows[0]?.entity_id;
}

export async function deleteConnection(db: Queryable, id: string): Promise<void> {
  await db.query('delete from oauth_connections where id = $1', [id]);
}

/** Drops what nobody finished. */
export async function deleteExpiredConnections(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from oauth_connections where expires_at < $1', [now]);
}
