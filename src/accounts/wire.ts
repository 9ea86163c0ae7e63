import { z } from 'zod';
import { instant, itemsOf } from '../http/wire.js';
import { LANGUAGES, ROLES } from './roles.js';

/**
 * The account JSON of the API, one definition for both ends: the routes serialize through these
 * schemas (fields not named here never leave the server) and the web app takes its types from them
 * (`z.input`: dates as ISO strings).
 */

const role = z.enum(ROLES);
const language = z.enum(LANGUAGES);

/** The signed-in user as /api/auth/me names them: never a password hash or identity-provider subject. */
export const sessionUserWire = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role,
  entities: z.array(z.string()),
  language,
  /** What the role may do (in the user's entities): the web app offers only these actions. */
  permissions: z.array(z.string()),
});

/**
 * Who I am, and the CSRF token of my session (GET/PATCH /api/auth/me, POST /api/auth/password, the
 * login): the machine token has no user and no CSRF token, and says `machineToken: true`.
 */
export const whoAmIWire = z.object({
  user: sessionUserWire.nullable(),
  machineToken: z.literal(true).optional(),
  csrfToken: z.string().nullable(),
});

/** An account as admins see it (GET/POST/PATCH /api/users): no password hash, no identity-provider subject. */
export const managedUserWire = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role,
  language,
  entities: z.array(z.string()),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  hasOidc: z.boolean(),
  createdAt: instant,
  lastLoginAt: instant.nullable(),
  /** Whether the caller manages every entity of the account (only then may they change it). */
  canManage: z.boolean(),
});

export const managedUserListWire = itemsOf(managedUserWire);
