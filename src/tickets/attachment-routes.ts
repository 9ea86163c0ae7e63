import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { AttachmentCache, contentDisposition, ticketAttachment } from './attachments.js';

const attachmentParams = z.object({
  id: z.coerce.number().int().positive(),
  messageId: z.coerce.number().int().positive(),
  index: z.coerce.number().int().min(0).max(49),
});

/**
 * A message's attachment as a file (the `href` of the ticket JSON): fetched from the platform with the
 * channel's credentials, cached in memory (AttachmentCache: 64 MiB, files up to 8 MiB kept), answered
 * with its type; images inline, everything else as a download, never sniffed.
 */
export function registerAttachmentRoutes(app: FastifyInstance, runtime: Runtime, cache = new AttachmentCache()): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/tickets/:id/messages/:messageId/attachments/:index',
    {
      schema: {
        summary: 'One attachment of a ticket’s message, fetched from the platform with the channel’s credentials (cached)',
        tags: ['tickets'],
        params: attachmentParams,
      },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id, messageId, index } = request.params;
      const outcome = await ticketAttachment(runtime, cache, { ticketId: id, messageId, index });
      if (outcome.status === 'not_found') throw notFound(`attachment ${index} of message ${messageId} of ticket ${id}`);
      if (outcome.status === 'gone') throw new HttpError(404, 'attachment_gone', 'the platform no longer serves this file');
      if (outcome.status === 'unavailable') {
        const headers: Record<string, string> = outcome.retryAfterSeconds ? { 'retry-after': String(outcome.retryAfterSeconds) } : {};
        throw new HttpError(502, 'attachment_unavailable', 'the platform did not hand over the file; try again later', {}, headers);
      }
      const { file } = outcome;
      return reply
        .code(200)
        .headers({
          'content-type': file.contentType,
          'content-length': String(file.body.length),
          'content-disposition': contentDisposition(file),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, max-age=3600',
          'x-cache': outcome.cached ? 'hit' : 'miss',
        })
        .send(file.body);
    },
  );
}
