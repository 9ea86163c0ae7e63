import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, registerErrorMapping } from '../../src/http/errors.js';
import { registerRouteAccess } from '../../src/http/route-access.js';
import { createLogger } from '../../src/log.js';

/** Routes declare; one hook enforces; errors have one shape. Without servers: Fastify's inject. */
function app() {
  const fastify = Fastify();
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  registerErrorMapping(fastify, createLogger('test', 'silent'));
  registerRouteAccess(fastify);
  return fastify;
}

test('an /api route that declares no access is refused at startup', async () => {
  const fastify = app();
  expect(() => fastify.get('/api/forgotten', async () => ({}))).toThrow(/declares no access/);
  await fastify.close();
});

test('a route claiming to be public must be one the auth hook lets through', async () => {
  const fastify = app();
  expect(() => fastify.get('/api/open', { config: { access: { public: true } } }, async () => ({}))).toThrow(/PUBLIC_API_ROUTES/);
  await fastify.close();
});

test('a subject route answers 404 for an unknown subject and lets the handler see its entity otherwise', async () => {
  const fastify = app();
  fastify.decorateRequest('principal', null);
  fastify.addHook('onRequest', async (request) => {
    request.principal = { kind: 'token' };
  });
  fastify.defineSubject('thing', { see: 'tickets.read', entityOf: async (id) => (id === '1' ? 'alfa' : undefined), label: (id) => `thing ${id}` });
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/things/:id',
    { schema: { params: z.object({ id: z.coerce.number().int().positive() }) }, config: { access: { permission: 'tickets.read', subject: { kind: 'thing' } } } },
    async (request) => ({ entity: request.subjectEntity, id: request.params.id }),
  );
  expect((await fastify.inject('/api/things/1')).json()).toEqual({ entity: 'alfa', id: 1 });
  const missing = await fastify.inject('/api/things/2');
  expect([missing.statusCode, missing.json()]).toEqual([404, { error: 'not_found', message: 'thing 2 not found' }]);
  const invalid = await fastify.inject('/api/things/zero');
  expect(invalid.statusCode).toBe(400);
  expect(invalid.json().message).toMatch(/^id: /);
  await fastify.close();
});

test('a thrown HttpError keeps its status, code and extra fields', async () => {
  const fastify = app();
  fastify.get('/api/busy', { config: { access: { self: true } } }, async () => {
    throw conflict('someone else has it', { assignee: { id: 7, name: 'An' } });
  });
  const response = await fastify.inject('/api/busy');
  expect([response.statusCode, response.json()]).toEqual([409, { error: 'conflict', message: 'someone else has it', assignee: { id: 7, name: 'An' } }]);
  await fastify.close();
});
