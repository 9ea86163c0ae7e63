import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuth } from '../accounts/access.js';
import type { OidcSettings } from '../accounts/oidc.js';
import { registerAuthRoutes } from '../accounts/routes.js';
import type { Runtime } from '../runtime.js';
import { registerCaseRoutes } from '../complaints/routes.js';
import { registerChannelRoutes } from '../channels/routes.js';
import { registerBackfillRoutes } from '../backfill/routes.js';
import { registerPlatformRoutes } from '../channels/platform-routes.js';
import { registerReportRoutes } from '../reports/routes.js';
import { registerSignalRoutes } from '../signals/routes.js';
import { registerEntityRoutes } from '../entities/routes.js';
import { registerPersonalDataRoutes } from '../personal-data/routes.js';
import { registerQuarantineRoutes } from '../channels/quarantine-routes.js';
import { registerQueueBoard } from './queue-board.js';
import { registerUserRoutes } from '../accounts/user-routes.js';
import { registerEventRoutes } from './events.js';
import { registerOpenApi } from './openapi.js';
import { registerQueryCharacterCheck } from './query-characters.js';
import { registerTicketRoutes } from '../tickets/routes.js';
import { registerTicketWorkflowRoutes } from '../tickets/workflow-routes.js';
import { registerTicketWorkspaceRoutes } from '../tickets/workspace-routes.js';
import { registerCannedResponseRoutes } from '../tickets/canned-routes.js';
import { registerViewRoutes } from '../tickets/view-routes.js';
import { registerSlaRoutes } from '../tickets/sla-routes.js';
import { registerAttachmentRoutes } from '../tickets/attachment-routes.js';
import { registerReferralRoutes } from '../referrals/routes.js';
import { registerModerationRoutes } from '../moderation/routes.js';
import { registerWebApp } from './web-app.js';
import { registerWebhookRoutes } from '../channels/webhook-routes.js';
import { registerErrorMapping } from './errors.js';
import { registerRouteAccess } from './route-access.js';
import { registerOpsRoutes } from '../ops/routes.js';

export interface ApiOptions {
  /** INBOX_API_TOKEN for scripts; undefined = people log in only. */
  apiToken: string | undefined;
  logger?: boolean;
  oidc?: OidcSettings | undefined;
  /** The built web app (dist/web); absent = API only. */
  webDir?: string | undefined;
  /** METRICS_TOKEN: /metrics answers only with it; undefined = /metrics is off. */
  metricsToken?: string | undefined;
}

/**
 * REST API. Every /api route needs a principal — a logged-in user (session cookie + CSRF header) or
 * the machine token — and each route asks src/accounts/access.ts whether it may act for the entity.
 */
export async function buildApi(runtime: Runtime, options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false });

  // The first request hook: no route (and so no query to the database) sees a control character in a query value.
  registerQueryCharacterCheck(app);
  await registerOpenApi(app);
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  registerOpsRoutes(app, runtime, { metricsToken: options.metricsToken });

  const authDeps = {
    db: runtime.db,
    apiToken: options.apiToken,
    publicUrl: runtime.settings.publicUrl,
    oidc: options.oidc,
    logger: runtime.logger,
    now: runtime.now,
  };
  registerErrorMapping(app, runtime.logger);
  registerRouteAccess(app);
  await registerAuth(app, authDeps);
  await registerAuthRoutes(app, authDeps);

  registerTicketRoutes(app, runtime);
  registerTicketWorkflowRoutes(app, runtime);
  registerTicketWorkspaceRoutes(app, runtime);
  registerCannedResponseRoutes(app, runtime);
  registerViewRoutes(app, runtime);
  registerSlaRoutes(app, runtime);
  registerAttachmentRoutes(app, runtime);
  registerReferralRoutes(app, runtime);
  registerModerationRoutes(app, runtime);
  registerChannelRoutes(app, runtime);
  registerBackfillRoutes(app, runtime);
  registerPlatformRoutes(app);
  registerQuarantineRoutes(app, runtime);
  registerEntityRoutes(app, runtime);
  registerPersonalDataRoutes(app, runtime);
  registerUserRoutes(app, runtime);
  registerReportRoutes(app, runtime);
  registerSignalRoutes(app, runtime);
  await registerQueueBoard(app, runtime, { apiToken: options.apiToken });
  registerCaseRoutes(app, runtime);
  registerEventRoutes(app, runtime);
  await registerWebhookRoutes(app, runtime);
  // Last: it answers every other GET with the app's index.html.
  if (options.webDir) await registerWebApp(app, { dir: options.webDir });
  return app;
}
