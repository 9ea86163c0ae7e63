import { z } from 'zod';
import { instant, itemsOf } from '../http/wire.js';
import { OUTAGE_REASONS } from './alert-rules.js';

/**
 * The channel JSON of the API, one definition for both ends: the routes serialize through these
 * schemas (fields not named here never leave the server) and the web app takes its types from them
 * (`z.input`: dates as ISO strings). A platform is a plain string here, as the browser learns the
 * platforms from GET /api/platforms; the server's types narrow it to its Platform.
 */

export const channelStatusWire = z.enum(['idle', 'ok', 'error', 'rate_limited', 'auth_expired', 'disabled']);
/** Written from the configuration file at start, or created by an admin in the app. */
export const channelSourceWire = z.enum(['config', 'app']);

/** A channel of GET /api/channels: health, and backlog = open tickets + replies waiting to be sent. */
export const channelHealthWire = z.object({
  id: z.string(),
  entity: z.string(),
  platform: z.string(),
  name: z.string().nullable(),
  source: channelSourceWire,
  enabled: z.boolean(),
  status: channelStatusWire,
  lastPolledAt: instant.nullable(),
  lastSuccessAt: instant.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: instant.nullable(),
  rateLimitedUntil: instant.nullable(),
  pollIntervalSeconds: z.number(),
  openTickets: z.number(),
  queuedReplies: z.number(),
  quarantined: z.number(),
  backlog: z.number(),
  reconnectNeeded: z.boolean(),
  /** Since when the channel's open outage lasts (failing, refused or rate limited beyond its reset); null when healthy. */
  unhealthySince: instant.nullable().optional(),
  /** The last outage that ended in the last 7 days, and how many messages written during it were read afterwards. */
  lastOutage: z.object({ startedAt: instant, endedAt: instant, caughtUp: z.number() }).nullable().optional(),
  /** When the channel's access token expires, where known (src/channels/token-lifecycle.ts); null when it does not or is unknown. */
  tokenExpiresAt: instant.nullable().optional(),
  /** The token is refreshed by the workers before it expires: nobody needs to reconnect for it. */
  tokenRefreshes: z.boolean().optional(),
});

export const channelHealthListWire = itemsOf(channelHealthWire);

/** A channel of GET /api/channels/alerts: unhealthy longer than the alert threshold, for the banner of every user of its entity. */
export const channelAlertWire = z.object({
  channelId: z.string(),
  channelName: z.string().nullable(),
  platform: z.string(),
  entity: z.string(),
  reason: z.enum(OUTAGE_REASONS),
  since: instant,
});

export const channelAlertListWire = z.object({ alertAfterMinutes: z.number(), items: z.array(channelAlertWire) });

/** A channel's configuration as admins see it: which credentials are set, never their values. */
export const channelConfigWire = z.object({
  id: z.string(),
  entity: z.string(),
  platform: z.string(),
  name: z.string().nullable(),
  account: z.record(z.string(), z.string()),
  baseUrl: z.string().nullable(),
  pollIntervalSeconds: z.number(),
  enabled: z.boolean(),
  status: channelStatusWire,
  source: channelSourceWire,
  /** A channel of the entities file whose credentials are renewed in the app (PATCH credentials, "Connect with …"). */
  credentialsManagedInApp: z.boolean(),
  credentialKeys: z.array(z.string()),
});

/** GET /api/channels/:id adds where the platform sends its deliveries; null when the platform is only polled. */
export const channelDetailWire = channelConfigWire.extend({ webhookUrl: z.string().nullable() });

/** The 202 of "poll now": the job id of the queued poll (null when the queue gave none). */
export const pollQueuedWire = z.object({ status: z.literal('queued'), jobId: z.string().nullable() });

/** A quarantined item as admins see it: no raw payload (it may hold a citizen's text). */
export const quarantineItemWire = z.object({
  id: z.number(),
  itemType: z.string(),
  externalId: z.string().nullable(),
  reason: z.string(),
  seenCount: z.number(),
  createdAt: instant,
  lastSeenAt: instant,
});

export const quarantineListWire = itemsOf(quarantineItemWire);

/** A retried item was read: it made messages (ingested) or had nothing to store (ignored). */
export const quarantineRetriedWire = z.object({ status: z.enum(['ingested', 'ignored']) });
export const quarantineDismissedWire = z.object({ status: z.literal('dismissed') });
