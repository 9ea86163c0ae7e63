/** The moderation routes' shapes, shared with the web app (src/web/api/moderation.ts). */
import { z } from 'zod';
import { MODERATION_ACTIONS, MODERATION_FLAGS } from './names.js';

const state = z.enum(['hidden', 'visible', 'held', 'rejected', 'deleted']);
const action = z.enum(MODERATION_ACTIONS);

export const moderationWire = z.object({
  items: z.array(
    z.object({
      messageId: z.number(),
      platform: z.string(),
      state,
      actions: z.array(action),
      last: z
        .object({
          id: z.number(),
          action,
          status: z.enum(['queued', 'done', 'failed', 'superseded']),
          by: z.string(),
          byPolicy: z.boolean(),
          flag: z.string().nullable(),
          error: z.string().nullable(),
          requestedAt: z.string(),
          doneAt: z.string().nullable(),
        })
        .optional(),
    }),
  ),
});

export const requestBody = z.strictObject({ action, flag: z.enum(MODERATION_FLAGS).optional() });
export const policyWire = z.object({ autoHide: z.array(z.enum(MODERATION_FLAGS)) });
