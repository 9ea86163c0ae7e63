/**
 * Tokens that keep living (issue 15), run from the workers' sweep and from the poll:
 * - tokens of a refreshable OAuth flow with a refresh token are refreshed before they expire
 *   (connectors/oauth/client.ts refreshAccessToken), the new credentials sealed in the transaction
 *   that locks the channel's row, so of several workers one refreshes and a rotating refresh token
 *   (X) is used once; a refused refresh marks the channel auth_expired (its outage and alert follow);
 * - tokens that cannot be refreshed but whose expiry the platform tells (Meta's /debug_token) are
 *   read at most once a day, and again when new credentials are stored, kept as `tokenExpiresAt`;
 * - admins are warned `health.tokenWarningDays` ahead of an expiry that will not be refreshed, once
 *   per channel and expiry (claimed on the channel's row).
 * The rules are in token-rules.ts; no token value is ever logged or audited.
 */
import { oauthFlowOf } from '../../connectors/oauth/platforms.js';
import { refreshAccessToken } from '../../connectors/oauth/client.js';
import { accessTokenKeyOf, tokenInspectorOf } from '../../connectors/token-lifecycle.js';
import { AuthExpiredError, type ChannelContext } from '../../connectors/types.js';
import { listUsers } from '../accounts/users.js';
import { recordAudit } from '../db/audit.js';
import type { Runtime } from '../runtime.js';
import { alertRecipients } from './alert-rules.js';
import { channelHealth } from './channels.js';
import { oauthAppFor } from './connect/oauth-apps.js';
import {
  claimTokenWarning,
  lockTokenChannel,
  markTokenChecked,
  releaseTokenWarning,
  setTokenState,
  storeTokenCredentials,
  tokenChannelRows,
  type TokenChannelRow,
} from './sql.js';
import { composeTokenWarningMail } from './token-mail.js';
import {
  DEFAULT_TOKEN_WARNING_DAYS,
  failedCheckTime,
  inspectDue,
  parseExpiry,
  refreshDue,
  refreshedCredentials,
  refreshesItself,
  refreshMarginMs,
  warningDue,
  withExpiry,
  type TokenFacts,
} from './token-rules.js';

export interface TokenCheck {
  refreshed: number;
  /** Refresh tokens the platform refused: those channels wait for reconnection. */
  refused: number;
  /** Expiries read from the platform. */
  inspected: number;
  /** Channels whose admins were warned. */
  warned: number;
}

/** `health.tokenWarningDays` from the settings, or its default. */
export function tokenWarningDays(runtime: Pick<Runtime, 'settings'>): number {
  return runtime.settings.health?.tokenWarningDays ?? DEFAULT_TOKEN_WARNING_DAYS;
}

/** The sweep's token check over every enabled channel with credentials. */
export async function checkTokens(runtime: Runtime): Promise<TokenCheck> {
  const totals: TokenCheck = { refreshed: 0, refused: 0, inspected: 0, warned: 0 };
  if (!runtime.secrets) return totals;
  for (const row of await tokenChannelRows(runtime.db)) {
    try {
      await checkChannelToken(runtime, row, totals);
    } catch (error) {
      runtime.logger.warn({ channelId: row.id, error: String(error) }, 'token check failed');
    }
  }
  return totals;
}

function factsOf(platform: TokenChannelRow['platform'], credentials: Record<string, string>): TokenFacts {
  const hasRefreshToken = Boolean(credentials.refreshToken);
  const refreshable = oauthFlowOf(platform)?.refreshable ?? false;
  return {
    refreshable,
    hasRefreshToken,
    inspectable: tokenInspectorOf(platform) !== undefined && !(refreshable && hasRefreshToken),
    expiresAt: parseExpiry(credentials.tokenExpiresAt),
  };
}

async function checkChannelToken(runtime: Runtime, row: TokenChannelRow, totals: TokenCheck): Promise<void> {
  const now = runtime.now();
  const credentials = runtime.secrets!.decrypt(row.sealed, row.id);
  const facts = factsOf(row.platform, credentials);
  const refreshes = refreshesItself(facts);
  if (refreshDue(facts, now, refreshMarginMs(runtime.settings.workers.sweepIntervalSeconds))) {
    const outcome = await refreshLocked(runtime, row.id, { kind: 'due' });
    if (outcome.result === 'refreshed') totals.refreshed++;
    if (outcome.result === 'refused') {
      totals.refused++;
      await channelHealth.authExpired(runtime.db, row.id, outcome.message);
    }
    return;
  }
  let expiresAt = facts.expiresAt ?? null;
  if (inspectDue(facts, { checkedAt: row.tokenCheckedAt, checkedCurrent: row.checkedCurrent }, now)) {
    const outcome = await inspectLocked(runtime, row.id);
    if (outcome.result === 'invalid') {
      await channelHealth.authExpired(runtime.db, row.id, 'the platform says the access token is no longer valid');
      return;
    }
    if (outcome.result === 'inspected') {
      totals.inspected++;
      expiresAt = outcome.expiresAt;
    }
  } else if (!sameInstant(row.tokenExpiresAt, expiresAt) || row.tokenRefreshes !== refreshes) {
    // credentials written elsewhere (a paste, a reconnect): the columns follow them
    await setTokenState(runtime.db, row.id, expiresAt, refreshes);
  }
  const warnedFor = sameInstant(row.tokenExpiresAt, expiresAt) ? row.tokenWarnedFor : null;
  if (expiresAt && warningDue({ expiresAt, refreshes, warnedFor }, now, tokenWarningDays(runtime))) {
    if (await warnAdmins(runtime, row.id, expiresAt)) totals.warned++;
  }
}

function sameInstant(a: Date | null | undefined, b: Date | null | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

type RefreshMode = { kind: 'due' } | { kind: 'refused'; usedAccessToken: string | undefined };
type RefreshOutcome = { result: 'refreshed' | 'already' | 'skipped' } | { result: 'refused'; message: string };

/**
 * Refreshes the channel's token inside one transaction that holds its row: another worker waits and
 * then finds the token fresh ('already'), so a refresh token is never used twice. The HTTP call is
 * made under the lock on purpose; it has a timeout.
 */
async function refreshLocked(runtime: Runtime, channelId: string, mode: RefreshMode): Promise<RefreshOutcome> {
  const { db, settings, logger } = runtime;
  const secrets = runtime.secrets!;
  return db.transaction(async (tx): Promise<RefreshOutcome> => {
    const row = await lockTokenChannel(tx, channelId);
    if (!row || !row.enabled || row.status === 'auth_expired') return { result: 'skipped' };
    const credentials = secrets.decrypt(row.sealed, row.id);
    const facts = factsOf(row.platform, credentials);
    const key = accessTokenKeyOf(row.platform);
    const now = runtime.now();
    if (mode.kind === 'due' && !refreshDue(facts, now, refreshMarginMs(settings.workers.sweepIntervalSeconds))) return { result: 'already' };
    if (mode.kind === 'refused' && credentials[key] !== mode.usedAccessToken) return { result: 'already' };
    const flow = oauthFlowOf(row.platform);
    const refreshToken = credentials.refreshToken;
    if (!flow?.refreshable || !refreshToken) return { result: 'skipped' };
    const app = oauthAppFor(settings, row.platform, row.baseUrl);
    if (!app) {
      logger.warn({ channelId, platform: row.platform }, 'token not refreshed: no OAuth app configured for the platform');
      return { result: 'skipped' };
    }
    let fresh: Awaited<ReturnType<typeof refreshAccessToken>>;
    try {
      fresh = await refreshAccessToken(flow, { app, refreshToken, baseUrl: app.baseUrl });
    } catch (error) {
      if (error instanceof AuthExpiredError) {
        await recordAudit(tx, { actor: 'system', action: 'channel.token_refresh_refused', subjectType: 'channel', subjectId: channelId, details: { reason: mode.kind } });
        logger.warn({ channelId }, 'refresh token refused: reconnect needed');
        return { result: 'refused', message: `AuthExpiredError: the refresh token was refused (${error.message})` };
      }
      throw error;
    }
    const next = refreshedCredentials(credentials, key, fresh);
    const expiresAt = parseExpiry(next.tokenExpiresAt) ?? null;
    await storeTokenCredentials(tx, channelId, secrets.encrypt(next, channelId), { expiresAt, refreshes: true });
    await recordAudit(tx, {
      actor: 'system',
      action: 'channel.token_refreshed',
      subjectType: 'channel',
      subjectId: channelId,
      details: { reason: mode.kind, expiresAt: expiresAt?.toISOString() ?? null, refreshTokenRotated: Boolean(fresh.refreshToken) },
    });
    logger.info({ channelId, expiresAt }, 'channel token refreshed');
    return { result: 'refreshed' };
  });
}

type InspectOutcome = { result: 'inspected'; expiresAt: Date | null } | { result: 'invalid' | 'skipped' | 'failed' };

/** Reads the token's expiry from the platform, once across workers (the row is held and the check time rechecked). */
async function inspectLocked(runtime: Runtime, channelId: string): Promise<InspectOutcome> {
  const { db, settings, logger } = runtime;
  const secrets = runtime.secrets!;
  return db.transaction(async (tx): Promise<InspectOutcome> => {
    const row = await lockTokenChannel(tx, channelId);
    const now = runtime.now();
    if (!row || !row.enabled || row.status === 'auth_expired') return { result: 'skipped' };
    const inspector = tokenInspectorOf(row.platform);
    const credentials = secrets.decrypt(row.sealed, row.id);
    if (!inspector || !inspectDue(factsOf(row.platform, credentials), { checkedAt: row.tokenCheckedAt, checkedCurrent: row.checkedCurrent }, now)) return { result: 'skipped' };
    const token = credentials[accessTokenKeyOf(row.platform)];
    const app = oauthAppFor(settings, row.platform, row.baseUrl);
    const clientSecret = app?.clientSecret ?? credentials.appSecret;
    if (!token || !app || !clientSecret) {
      await markTokenChecked(tx, channelId, now);
      return { result: 'skipped' };
    }
    try {
      const inspection = await inspector({ token, app: { clientId: app.clientId, clientSecret }, baseUrl: app.baseUrl });
      if (!inspection.valid) {
        await markTokenChecked(tx, channelId, now);
        return { result: 'invalid' };
      }
      const previous = parseExpiry(credentials.tokenExpiresAt) ?? null;
      if (sameInstant(previous, inspection.expiresAt) && sameInstant(row.tokenExpiresAt, inspection.expiresAt)) {
        await markTokenChecked(tx, channelId, now);
      } else {
        await storeTokenCredentials(tx, channelId, secrets.encrypt(withExpiry(credentials, inspection.expiresAt), channelId), { expiresAt: inspection.expiresAt, refreshes: false, checkedAt: now });
      }
      return { result: 'inspected', expiresAt: inspection.expiresAt };
    } catch (error) {
      logger.warn({ channelId, error: String(error) }, 'token expiry not read; trying again later');
      await markTokenChecked(tx, channelId, failedCheckTime(now));
      return { result: 'failed' };
    }
  });
}

/** Mails each admin of the entity once for this expiry; false when another worker had claimed it. */
async function warnAdmins(runtime: Runtime, channelId: string, expiresAt: Date): Promise<boolean> {
  const { db, logger, settings } = runtime;
  const target = await claimTokenWarning(db, channelId, expiresAt);
  if (!target) return false;
  const admins = alertRecipients(await listUsers(db, [target.entityId]), target.entityId);
  const now = runtime.now();
  let sent = 0;
  for (const admin of admins) {
    try {
      await runtime.mailer.send(composeTokenWarningMail({ target, to: admin, publicUrl: settings.publicUrl, now }));
      sent++;
    } catch (error) {
      logger.warn({ channelId, userId: admin.id, error: String(error) }, 'token expiry mail not sent');
    }
  }
  if (admins.length > 0 && sent === 0) {
    await releaseTokenWarning(db, channelId, expiresAt);
    return false;
  }
  await recordAudit(db, { actor: 'system', action: 'channel.token_expiry_warned', subjectType: 'channel', subjectId: channelId, details: { expiresAt: expiresAt.toISOString(), admins: sent } });
  logger.info({ channelId, expiresAt, admins: sent }, 'token expires soon: admins mailed');
  return true;
}

/**
 * The poll met AuthExpiredError: when the channel can refresh its token, one refresh (or the one
 * another worker just made) before it is marked auth_expired. True when the poll should try again.
 */
export async function refreshAfterRefusal(runtime: Runtime, channel: ChannelContext): Promise<boolean> {
  if (!runtime.secrets || !channel.credentials.refreshToken || !oauthFlowOf(channel.platform)?.refreshable) return false;
  try {
    const outcome = await refreshLocked(runtime, channel.id, { kind: 'refused', usedAccessToken: channel.credentials[accessTokenKeyOf(channel.platform)] });
    return outcome.result === 'refreshed' || outcome.result === 'already';
  } catch (error) {
    runtime.logger.warn({ channelId: channel.id, error: String(error) }, 'token refresh after a refusal failed');
    return false;
  }
}
