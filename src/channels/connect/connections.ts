/**
 * "Connect, don't paste": the admin's OAuth authorization as use cases. start() makes the state
 * (bound to the admin's session, 10 minutes, single use) and the authorize URL; callback() spends
 * the state, exchanges the code server side and keeps the tokens sealed in a pending row; accounts()
 * lists what the tokens may attach; attach() makes the channel, or renews an existing channel's
 * credentials, and drops the pending row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { buildAuthorizeUrl, exchangeCode, listAttachableAccounts, randomToken, type AttachableAccount, type TokenSet } from '../../../connectors/oauth/client.js';
import { oauthFlowOf } from '../../../connectors/oauth/platforms.js';
import type { OAuthPlatform } from '../../../connectors/oauth/types.js';
import { descriptorOf, isPlatform } from '../../../connectors/platforms.js';
import type { Platform } from '../../../connectors/types.js';
import type { Settings } from '../../config/schema.js';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/db.js';
import { createChannel, getChannelConfig, updateChannel } from '../channels.js';
import type { SecretBox } from '../secrets.js';
import { oauthAppFor, type OAuthAppConfig } from './oauth-apps.js';
import { connectionRow, deleteConnection, deleteExpiredConnections, insertConnection, lockConnection, markAuthorized, takeByState, type ConnectionRow } from './sql.js';

/** How long an authorization may take at the platform. */
export const STATE_TTL_MS = 10 * 60 * 1000;
/** How long the tokens wait for the admin to pick an account. */
export const PICK_TTL_MS = 30 * 60 * 1000;

/** A refusal the routes turn into a status: 'bad' 400, 'conflict' 409, 'missing' 404. */
export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(
    readonly kind: 'bad' | 'conflict' | 'missing',
    message: string,
  ) {
    super(message);
  }
}

export interface ConnectDeps {
  db: Db;
  settings: Pick<Settings, 'oauth' | 'publicUrl'>;
  secrets: SecretBox | undefined;
  now: () => Date;
}

export function redirectUriOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/oauth/callback`;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const bound = (id: string) => `oauth:${id}`;

function flowOf(platform: string): OAuthPlatform {
  const flow = isPlatform(platform) ? oauthFlowOf(platform) : undefined;
  if (!flow) throw new ConnectError('bad', `${platform} cannot be connected through OAuth: paste its credentials instead`);
  return flow;
}

function appOf(deps: ConnectDeps, platform: Platform, baseUrl: string | null): OAuthAppConfig {
  const app = oauthAppFor(deps.settings, platform, baseUrl);
  if (!app) throw new ConnectError('conflict', `no OAuth client is configured for ${platform}: set OAUTH_${platform.toUpperCase()}_CLIENT_ID and _CLIENT_SECRET (or settings oauth.${platform})`);
  return app;
}

function secretsOf(deps: ConnectDeps): SecretBox {
  if (!deps.secrets) throw new ConnectError('conflict', 'tokens cannot be stored: the server has no INBOX_SECRET_KEY to encrypt them with (set it and restart)');
  return deps.secrets;
}

export interface StartInput {
  platform: string;
  entity: string;
  channelId?: string | undefined;
  session: { id: string; userEmail: string };
}

export async function startConnection(deps: ConnectDeps, input: StartInput): Promise<{ authorizeUrl: string; connectionId: string }> {
  const flow = flowOf(input.platform);
  const platform = input.platform as Platform;
  const secrets = secretsOf(deps);
  let baseUrl: string | null = null;
  if (input.channelId) {
    const channel = await getChannelConfig(deps.db, input.channelId, undefined);
    if (!channel || channel.entity !== input.entity) throw new ConnectError('missing', `channel ${input.channelId}`);
    if (channel.platform !== platform) throw new ConnectError('bad', `channel ${channel.id} is a ${channel.platform} channel, not ${platform}`);
    assertRenewable(channel);
    baseUrl = channel.baseUrl;
  }
  const app = appOf(deps, platform, baseUrl);
  await deleteExpiredConnections(deps.db, deps.now());
  const id = randomBytes(16).toString('base64url');
  const state = randomToken();
  const codeVerifier = flow.pkce ? randomToken() : undefined;
  const redirectUri = redirectUriOf(deps.settings.publicUrl);
  await insertConnection(deps.db, {
    id,
    stateHash: hash(state),
    sessionId: input.session.id,
    userEmail: input.session.userEmail,
    entityId: input.entity,
    platform,
    channelId: input.channelId ?? null,
    baseUrl: app.baseUrl ?? null,
    redirectUri,
    sealed: secrets.encrypt(codeVerifier ? { codeVerifier } : {}, bound(id)),
    expiresAt: new Date(deps.now().getTime() + STATE_TTL_MS),
  });
  const authorizeUrl = buildAuthorizeUrl(flow, { app, redirectUri, state, codeVerifier, baseUrl: app.baseUrl });
  return { authorizeUrl, connectionId: id };
}

function assertRenewable(channel: { id: string; source: string; credentialsManagedInApp: boolean }): void {
  if (channel.source === 'config' && !channel.credentialsManagedInApp) {
    throw new ConnectError('conflict', `channel ${channel.id} is defined in the configuration file with its credentials: set credentialsManagedInApp: true there to connect it in the app`);
  }
}

export type CallbackOutcome =
  | { kind: 'authorized'; connectionId: string; platform: string }
  | { kind: 'denied' | 'failed'; platform: string; reason: string };

export interface CallbackInput {
  state: string | undefined;
  code: string | undefined;
  error: string | undefined;
  /** sha256 of the browser's session cookie (sessions.id); undefined without a live session. */
  sessionId: string | undefined;
}

/**
 * The platform sent the browser back. The state is spent whatever happens next; a state that is
 * unknown, spent, expired or from another session is a ConnectError('bad') (400).
 */
export async function completeCallback(deps: ConnectDeps, input: CallbackInput): Promise<CallbackOutcome> {
  if (!input.state) throw new ConnectError('bad', 'the platform sent no state: start connecting again from the channel form');
  const row = await takeByState(deps.db, hash(input.state));
  if (!row) throw new ConnectError('bad', 'this authorization is unknown or was used already: start connecting again from the channel form');
  if (row.expires_at.getTime() < deps.now().getTime()) {
    await deleteConnection(deps.db, row.id);
    throw new ConnectError('bad', 'this authorization took longer than 10 minutes: start connecting again');
  }
  if (!input.sessionId || input.sessionId !== row.session_id) {
    await deleteConnection(deps.db, row.id);
    throw new ConnectError('bad', 'this authorization was started in another session: start connecting again while logged in');
  }
  if (input.error || !input.code) {
    await deleteConnection(deps.db, row.id);
    return { kind: input.error === 'access_denied' ? 'denied' : 'failed', platform: row.platform, reason: (input.error ?? 'no code').slice(0, 60) };
  }
  const secrets = secretsOf(deps);
  const flow = flowOf(row.platform);
  const app = appOf(deps, row.platform as Platform, row.base_url);
  const { codeVerifier } = row.secret_encrypted ? secrets.decrypt(row.secret_encrypted, bound(row.id)) : {};
  let tokens: TokenSet;
  try {
    tokens = await exchangeCode(flow, { app, code: input.code, redirectUri: row.redirect_uri, codeVerifier, baseUrl: row.base_url ?? undefined });
  } catch (error) {
    await deleteConnection(deps.db, row.id);
    return { kind: 'failed', platform: row.platform, reason: error instanceof Error ? error.name : 'error' };
  }
  const sealed = secrets.encrypt(
    {
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt.toISOString() } : {}),
    },
    bound(row.id),
  );
  await markAuthorized(deps.db, row.id, sealed, new Date(deps.now().getTime() + PICK_TTL_MS));
  return { kind: 'authorized', connectionId: row.id, platform: row.platform };
}

/** The authorized connection of this session; ConnectError('missing') otherwise (existence is not revealed). */
async function authorized(deps: ConnectDeps, id: string, sessionId: string | undefined, row?: ConnectionRow): Promise<{ row: ConnectionRow; tokens: TokenSet }> {
  const found = row ?? (await connectionRow(deps.db, id));
  if (!found || found.status !== 'authorized' || found.session_id !== sessionId || found.expires_at.getTime() < deps.now().getTime()) {
    throw new ConnectError('missing', `connection ${id}`);
  }
  const plain = secretsOf(deps).decrypt(found.secret_encrypted ?? '', bound(found.id));
  if (!plain.accessToken) throw new ConnectError('missing', `connection ${id}`);
  return {
    row: found,
    tokens: { accessToken: plain.accessToken, refreshToken: plain.refreshToken, ...(plain.expiresAt ? { expiresAt: new Date(plain.expiresAt) } : {}) },
  };
}

async function attachable(deps: ConnectDeps, row: ConnectionRow, tokens: TokenSet): Promise<AttachableAccount[]> {
  const app = appOf(deps, row.platform as Platform, row.base_url);
  return listAttachableAccounts(flowOf(row.platform), { app, tokens, baseUrl: row.base_url ?? undefined });
}

export interface ConnectionAccounts {
  id: string;
  platform: string;
  entity: string;
  channelId: string | null;
  accounts: Array<{ id: string; name: string; detail: string | null; account: Record<string, string> }>;
}

export async function connectionAccounts(deps: ConnectDeps, id: string, sessionId: string | undefined): Promise<ConnectionAccounts> {
  const { row, tokens } = await authorized(deps, id, sessionId);
  const accounts = await attachable(deps, row, tokens);
  return {
    id: row.id,
    platform: row.platform,
    entity: row.entity_id,
    channelId: row.channel_id,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, detail: a.detail ?? null, account: a.account })),
  };
}

export interface AttachInput {
  account: string;
  channel?: { id: string; name?: string | undefined } | undefined;
  existingChannelId?: string | undefined;
  sessionId: string | undefined;
  actor: string;
}

/**
 * Makes the chosen account a channel of the connection's entity, or renews the credentials (and
 * the account, when another was chosen) of the channel being reconnected. Returns the channel id
 * and whether it is new. The pending row is gone afterwards.
 */
export async function attachAccount(deps: ConnectDeps, id: string, input: AttachInput): Promise<{ channelId: string; created: boolean; enabled: boolean }> {
  const { row, tokens } = await authorized(deps, id, input.sessionId);
  const chosen = (await attachable(deps, row, tokens)).find((a) => a.id === input.account);
  if (!chosen) throw new ConnectError('bad', `account ${input.account} is not among the accounts this authorization may attach`);
  const platform = row.platform as Platform;
  const targetId = row.channel_id ?? input.existingChannelId;
  if (row.channel_id && input.existingChannelId && input.existingChannelId !== row.channel_id) {
    throw new ConnectError('bad', `this authorization reconnects channel ${row.channel_id}`);
  }
  let result: { channelId: string; created: boolean; enabled: boolean };
  if (targetId) {
    const channel = await getChannelConfig(deps.db, targetId, undefined);
    if (!channel || channel.entity !== row.entity_id) throw new ConnectError('missing', `channel ${targetId}`);
    if (channel.platform !== platform) throw new ConnectError('bad', `channel ${channel.id} is a ${channel.platform} channel, not ${platform}`);
    assertRenewable(channel);
    // The same platform account (its claims), even when the channel names fewer keys: the account and cursor stay.
    const claims = (account: Record<string, string>) => descriptorOf(platform).accountClaims(account).sort().join(' ');
    const sameAccount = claims(channel.account) === claims(chosen.account);
    // A channel of the file keeps the file's account: only its credentials are the app's.
    if (!sameAccount && channel.source === 'config') throw new ConnectError('conflict', `channel ${channel.id} is defined in the configuration file for another account`);
    const updated = await updateChannel(deps.db, channel.id, { credentials: chosen.credentials, ...(sameAccount ? {} : { account: chosen.account }) }, deps.secrets, input.actor);
    if (!updated) throw new ConnectError('missing', `channel ${channel.id}`);
    result = { channelId: channel.id, created: false, enabled: updated.enabled };
  } else {
    if (!input.channel) throw new ConnectError('bad', 'give the new channel an id (channel.id) or name an existing channel (existingChannelId)');
    const created = await createChannel(
      deps.db,
      {
        id: input.channel.id,
        entityId: row.entity_id,
        platform,
        name: input.channel.name ?? chosen.name,
        account: chosen.account,
        baseUrl: row.base_url ?? undefined,
        credentials: chosen.credentials,
        pollIntervalSeconds: 60,
        enabled: true,
      },
      deps.secrets,
      input.actor,
    );
    if (!created) throw new ConnectError('conflict', `a channel with id ${input.channel.id} exists already`);
    result = { channelId: input.channel.id, created: true, enabled: true };
  }
  await deps.db.transaction(async (tx) => {
    const still = await lockConnection(tx, row.id);
    if (still) await deleteConnection(tx, row.id);
    await recordAudit(tx, {
      actor: input.actor,
      action: 'channel.oauth_connect',
      subjectType: 'channel',
      subjectId: result.channelId,
      details: { platform, entity: row.entity_id, created: result.created, account: chosen.account, credentialKeys: Object.keys(chosen.credentials).sort() },
    });
  });
  return result;
}
