import { z } from 'zod';
import { itemsOf } from '../http/wire.js';

/**
 * The entity JSON of the API, one definition for both ends: the routes serialize through these
 * schemas (fields not named here never leave the server) and the web app takes its types from them.
 */

/** An entity's own intake texts in one language (they override the defaults and the file's). */
const languageTemplatesWire = z.object({ intakePrivate: z.string().optional(), intakePublic: z.string().optional() });

export const entityWire = z.object({
  id: z.string(),
  name: z.string(),
  coordinatorName: z.string().nullable(),
  coordinatorEmail: z.string().nullable(),
  complaintThreshold: z.number(),
  /** A ticket whose category is less certain than this (or a possible complaint) is "to check" by a person. */
  checkBelow: z.number(),
  timeZone: z.string(),
  autoAssign: z.enum(['off', 'round_robin']),
  /** Off (the default): what the system prepares for a citizen waits for a person's approval. */
  autoSend: z.object({ enabled: z.boolean(), minConfidence: z.number() }),
  /** Per intake language (entities.settings.templates); {} when the entity has none of its own. */
  templates: z.object({ nl: languageTemplatesWire.optional(), fr: languageTemplatesWire.optional(), en: languageTemplatesWire.optional() }),
  channelCount: z.number(),
  source: z.enum(['config', 'app']),
});

export const entityListWire = itemsOf(entityWire);
