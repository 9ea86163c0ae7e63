import { z } from 'zod';
import { PLATFORMS } from '../../connectors/types.js';
import { LETTER_KINDS, letterTemplateProblems, type LetterKind } from '../complaints/letter-texts.js';
import { entitySignalsSchema } from '../signals/signal-settings.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

export const channelSchema = z.strictObject({
  id,
  platform: z.enum(PLATFORMS),
  name: z.string().optional(),
  account: z.record(z.string(), z.string()).default({}),
  baseUrl: z.url().optional(),
  credentials: z.record(z.string(), z.string()).default({}),
  pollIntervalSeconds: z.number().int().min(1).max(86_400).default(60),
  enabled: z.boolean().default(true),
  /**
   * The credentials are given in the app ("Connect with …" or pasted), not in this file: the file's
   * `credentials`, if any, only seed a channel that has none yet, and a start never overwrites them.
   */
  credentialsManagedInApp: z.boolean().optional(),
});

const letterTemplate = z.strictObject({ subject: z.string().min(1).optional(), body: z.string().min(1).optional() });
const letterTemplates = z.strictObject(Object.fromEntries(LETTER_KINDS.map((kind) => [kind, letterTemplate.optional()])) as Record<LetterKind, z.ZodOptional<typeof letterTemplate>>);

const intakeTemplate = z.strictObject({ public: z.string().min(1).optional(), private: z.string().min(1).optional() });

/** An entity's checkBelow when the file gives none (the column's default too: migration 017). */
export const DEFAULT_CHECK_BELOW = 0.6;

export const entitySchema = z.strictObject({
  id,
  name: z.string().min(1),
  coordinator: z.strictObject({ name: z.string().min(1), email: z.email() }).optional(),
  complaintThreshold: z.number().min(0).max(1).default(0.5),
  /** A ticket whose category is less certain than this (or a possible complaint) is "to check" by a person; absent = 0.6. */
  checkBelow: z.number().min(0).max(1).optional(),
  timeZone: z.string().default('Europe/Brussels'),
  /** How a routed complaint's citizen is asked for the details the procedure needs. */
  complaintIntake: z
    .strictObject({
      auto: z.boolean().default(true),
      mode: z.enum(['ask_details', 'point_to_form']).default('ask_details'),
      formUrl: z.url().optional(),
      templates: z.strictObject({ nl: intakeTemplate.optional(), fr: intakeTemplate.optional(), en: intakeTemplate.optional() }).optional(),
    })
    .optional(),
  /**
   * Whether what the system prepares for a citizen after routing (the intake question, the public
   * invitation) goes out without a person's approval: only when enabled, and only from this complaint
   * confidence. Absent = the app's setting (off unless an admin opts in).
   */
  autoSend: z.strictObject({ enabled: z.boolean(), minConfidence: z.number().min(0.5).max(1).default(0.9) }).optional(),
  /** The entity's own complaint system (OTRS, Freshdesk…): routed complaints are POSTed there, signed. */
  complaintWebhook: z.strictObject({ url: z.url(), secret: z.string().min(16) }).optional(),
  themes: z.array(z.string().min(1)).optional(),
  /** Topic spikes (src/signals/): the service mailed about them and the detection's thresholds. */
  signals: entitySignalsSchema.optional(),
  /**
   * Moderation on the platform (src/moderation/): the classifier's flags whose messages are hidden (or
   * held for review) there without waiting for an agent. Absent = the app's setting (off until an admin sets it).
   */
  moderation: z.strictObject({ autoHide: z.array(z.enum(['insult', 'hate', 'threat', 'spam', 'personal_data'])) }).optional(),
  /**
   * The case letters' sender and the entity's own texts (subject/body per language and kind; see
   * src/complaints/letter-texts.ts for the placeholders and what each kind must contain).
   */
  letters: z
    .strictObject({
      senderLines: z.array(z.string().min(1)).max(6).optional(),
      place: z.string().min(1).optional(),
      templates: z.strictObject({ nl: letterTemplates.optional(), fr: letterTemplates.optional(), en: letterTemplates.optional() }).optional(),
    })
    .superRefine((letters, ctx) => {
      for (const problem of letterTemplateProblems(letters.templates ?? {})) ctx.addIssue({ code: 'custom', message: problem, path: ['templates'] });
    })
    .optional(),
  channels: z.array(channelSchema).default([]),
});

export const entitiesFileSchema = z
  .strictObject({ entities: z.array(entitySchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.entities.forEach((entity, e) =>
      entity.channels.forEach((channel, c) => {
        if (seen.has(channel.id)) {
          ctx.addIssue({ code: 'custom', path: ['entities', e, 'channels', c, 'id'], message: `duplicate channel id "${channel.id}"` });
        }
        seen.add(channel.id);
      }),
    );
  });

/** The app's registration with a platform for "Connect with …" (OAuth 2.0); baseUrl points the flow at an emulator or proxy. */
export const oauthAppSchema = z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().optional(), baseUrl: z.url().optional() });

export const settingsSchema = z.strictObject({
  api: z.strictObject({ host: z.string(), port: z.number().int().min(0).max(65_535) }),
  publicUrl: z.string(),
  database: z.strictObject({ url: z.string().nullable(), dataDir: z.string() }),
  redis: z.strictObject({ url: z.string() }),
  queue: z.strictObject({ prefix: z.string().min(1) }),
  workers: z.strictObject({
    pollConcurrency: z.number().int().min(1),
    routeConcurrency: z.number().int().min(1),
    outboundConcurrency: z.number().int().min(1),
    sweepIntervalSeconds: z.number().min(1),
  }),
  mail: z.strictObject({ smtpUrl: z.string().nullable(), from: z.string(), dir: z.string() }),
  /** Demo mode: citizens write on average one message every messageIntervalSeconds (over all demo entities). */
  demo: z.strictObject({ messageIntervalSeconds: z.number().positive() }),
  /** A channel unhealthy this long mails its entity's admins and shows a banner (src/channels/health-alerts.ts); absent = 15 minutes. */
  health: z
    .strictObject({
      alertAfterMinutes: z.number().positive(),
      /** Days ahead of an expiry that will not be refreshed that the admins are warned (src/channels/token-lifecycle.ts); absent = 7. */
      tokenWarningDays: z.number().positive().optional(),
    })
    .optional(),
  auth: z.strictObject({
    /** An entity's own identity provider (OpenID Connect); null = local accounts only. */
    oidc: z
      .strictObject({
        issuer: z.url(),
        clientId: z.string().min(1),
        clientSecret: z.string().optional(),
        redirectUri: z.url(),
        autoProvision: z.strictObject({ role: z.enum(['agent', 'coordinator', 'admin']), entities: z.array(z.string()).min(1) }).optional(),
      })
      .nullable(),
  }),
  /** Per platform (x, facebook, messenger, instagram, linkedin, youtube, google); OAUTH_<PLATFORM>_CLIENT_ID/_CLIENT_SECRET set them too. */
  oauth: z.partialRecord(z.enum(PLATFORMS), oauthAppSchema).optional(),
  /**
   * App-level rate budgets (src/channels/app-budget.ts): per group, the platforms whose calls count
   * against one app's limit, and how many calls per window one app may make over all its channels.
   */
  rateBudgets: z
    .record(z.string().regex(/^[a-z0-9-]+$/), z.strictObject({ platforms: z.array(z.enum(PLATFORMS)).min(1), requests: z.number().int().min(1), perSeconds: z.number().positive() }))
    .optional(),
});

export type ChannelConfig = z.infer<typeof channelSchema>;
export type EntityConfig = z.infer<typeof entitySchema>;
export type Settings = z.infer<typeof settingsSchema>;
