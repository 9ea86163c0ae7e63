import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** 400 naming the first invalid field. */
export function badRequest(reply: FastifyReply, error: z.ZodError | string): FastifyReply {
  const message = typeof error === 'string' ? error : `${error.issues[0]!.path.join('.') || 'request'}: ${error.issues[0]!.message}`;
  return reply.code(400).send({ error: 'bad_request', message });
}

export function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message: `${what} not found` });
}

export function conflict(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(409).send({ error: 'conflict', message });
}

export function forbidden(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(403).send({ error: 'forbidden', message });
}
