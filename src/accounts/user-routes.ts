import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canManageUser, entityScope } from './access.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import { LANGUAGES, ROLES } from './roles.js';
import type { Runtime } from '../runtime.js';
import { auditUserCreated, createUser, findByEmail, findById, listUsers, unknownEntities, updateUser, type User } from './users.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import { managedUserListWire, managedUserWire } from './wire.js';

const TAGS = ['users'];

const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH);
const entities = z.array(z.string().min(1).max(200)).min(1, 'at least one entity').max(100);

const createBody = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  entities,
  language: z.enum(LANGUAGES).optional(),
  /** Without one the account logs in through OpenID Connect, or gets a password later. */
  password: password.optional(),
});

const patchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  entities: entities.optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

const userParams = z.object({ id: z.coerce.number().int().positive() });

/** An account as admins see it: no password hash, no identity-provider subject. */
function view(user: User, request: FastifyRequest): z.output<typeof managedUserWire> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    language: user.language,
    entities: user.entities,
    disabled: user.disabled,
    hasPassword: user.hasPassword,
    hasOidc: user.oidcSubject !== null,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
    canManage: canManageUser(request.principal, user.entities),
  };
}

const GRANT_REFUSED = 'you cannot grant an entity you do not manage yourself';

export function registerUserRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/users',
    { schema: { summary: 'Accounts of my entities', tags: TAGS, response: { 200: managedUserListWire } }, config: { access: { permission: 'users.manage' } } },
    async (request) => {
      const users = await listUsers(runtime.db, entityScope(request.principal, 'users.manage'));
      return { items: users.map((user) => view(user, request)) };
    },
  );

  api.post(
    '/api/users',
    {
      schema: { summary: 'Add an account (agent, coordinator or admin) for entities I manage', tags: TAGS, body: createBody, response: { 201: managedUserWire } },
      config: { access: { permission: 'users.manage' } },
    },
    async (request, reply) => {
      const input = request.body;
      // the grant first: asking about an entity one does not manage must not tell whether it exists
      if (!canManageUser(request.principal, input.entities)) throw forbidden(GRANT_REFUSED);
      const missing = await unknownEntities(runtime.db, input.entities);
      if (missing.length) throw badRequest(`entities: unknown entity ${missing.join(', ')}`);
      if (await findByEmail(runtime.db, input.email)) throw conflict(`an account with e-mail ${input.email} exists already`);
      const user = await createUser(runtime.db, {
        email: input.email,
        name: input.name,
        role: input.role,
        entities: input.entities,
        ...(input.language ? { language: input.language } : {}),
        ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
      });
      await auditUserCreated(runtime.db, actorOf(request), user);
      return reply.code(201).send(view(user, request));
    },
  );

  api.patch(
    '/api/users/:id',
    {
      schema: {
        summary: 'Change an account: name, role, entities, disabled, password',
        tags: TAGS,
        params: userParams,
        body: patchBody,
        response: { 200: managedUserWire },
      },
      config: { access: { permission: 'users.manage' } },
    },
    async (request) => {
      const { id } = request.params;
      const what = `user ${id}`;
      const user = await findById(runtime.db, id);
      const scope = entityScope(request.principal, 'users.manage');
      // An account that shares none of the caller's entities is not shown to them at all.
      if (!user || (scope !== 'all' && !user.entities.some((entity) => scope.includes(entity)))) throw notFound(what);
      if (!canManageUser(request.principal, user.entities)) throw forbidden(`${what} also works for entities you do not manage`);
      const changes = request.body;
      const self = request.principal?.kind === 'user' && request.principal.userId === user.id;
      if (self && changes.disabled === true) throw conflict('you cannot disable your own account');
      if (self && changes.role !== undefined && changes.role !== user.role) throw conflict('you cannot change your own role: ask another admin');
      if (changes.entities) {
        if (!canManageUser(request.principal, changes.entities)) throw forbidden(GRANT_REFUSED);
        const missing = await unknownEntities(runtime.db, changes.entities);
        if (missing.length) throw badRequest(`entities: unknown entity ${missing.join(', ')}`);
      }
      const { password: newPassword, ...rest } = changes;
      const updated = await updateUser(
        runtime.db,
        user.id,
        { ...rest, ...(newPassword ? { passwordHash: await hashPassword(newPassword) } : {}) },
        { actor: actorOf(request), self },
      );
      if (!updated) throw notFound(what);
      return view((await findById(runtime.db, user.id))!, request);
    },
  );
}
