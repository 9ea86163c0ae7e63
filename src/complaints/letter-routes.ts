import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { DECLINE_GROUNDS } from './procedure.js';
import { cancelLetter, letterForPrint, listLetters, markLetterPosted, previewLetter, sendLetter } from './letters.js';
import { caseLetterWire, codes, letterKindWire, letterLanguageWire, letterPreviewWire, letterRouteWire } from './wire.js';
import { renderLetterPdf } from '../pdf/letter.js';

const caseParams = z.object({ id: z.coerce.number().int().positive() });
const letterParams = caseParams.extend({ letterId: z.coerce.number().int().positive() });

/** What the coordinator fills in for the step a letter completes (only what its kind uses). */
const stepFields = {
  handler: z.string().trim().min(1).max(300).optional(),
  ground: z.enum(codes(DECLINE_GROUNDS)).optional(),
  motivation: z.string().trim().min(1).max(5000).optional(),
  reasons: z.string().trim().min(1).max(20_000).optional(),
};

const previewBody = z.strictObject({ kind: letterKindWire, language: letterLanguageWire.optional(), ...stepFields });

const sendBody = z.strictObject({
  kind: letterKindWire,
  language: letterLanguageWire,
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20_000),
  route: letterRouteWire,
  ...stepFields,
});

const TAGS = ['complaint cases'];

/**
 * The case's letters to the complainant: a preview from the entity's template, sending what the
 * person approved (the step is taken when it was sent), the PDF of a letter to post, posted, cancel.
 */
export function registerLetterRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'cases.read', subject: { kind: 'case' } } as const;
  const act = { permission: 'cases.act', subject: { kind: 'case' } } as const;

  api.get(
    '/api/cases/:id/letters',
    { schema: { summary: 'The letters written to the complainant, oldest first, with their delivery state', tags: TAGS, params: caseParams, response: { 200: z.object({ items: z.array(caseLetterWire) }) } }, config: { access: read } },
    async (request) => ({ items: await listLetters(runtime, request.params.id) }),
  );

  api.post(
    '/api/cases/:id/letters/preview',
    {
      schema: {
        summary: 'The letter of a step as the entity’s template writes it (in the citizen’s language unless given), the ways it can go, and what the law asks that it lacks; nothing is stored',
        tags: TAGS,
        params: caseParams,
        body: previewBody,
        response: { 200: letterPreviewWire },
      },
      config: { access: act },
    },
    async (request) => previewLetter(runtime, request.params.id, request.body),
  );

  api.post(
    '/api/cases/:id/letters',
    {
      schema: {
        summary: 'Send a letter as the person approved it: 422 when it lacks what the law asks or cannot go that way, 409 when the case does not allow its step or another letter is on its way; the step is taken once it was sent',
        tags: TAGS,
        params: caseParams,
        body: sendBody,
        response: { 201: caseLetterWire },
      },
      config: { access: act },
    },
    async (request, reply) => {
      const letter = await sendLetter(runtime, request.params.id, { ...request.body, actor: actorOf(request) });
      return reply.code(201).send(letter);
    },
  );

  api.post(
    '/api/cases/:id/letters/:letterId/posted',
    { schema: { summary: 'The printed letter was posted: it counts as sent and its step is taken', tags: TAGS, params: letterParams, response: { 200: caseLetterWire } }, config: { access: act } },
    async (request) => markLetterPosted(runtime, request.params.id, request.params.letterId, actorOf(request)),
  );

  api.delete(
    '/api/cases/:id/letters/:letterId',
    { schema: { summary: 'Cancel a letter waiting to be posted, or a failed one, so another way or step can be chosen', tags: TAGS, params: letterParams, response: { 200: caseLetterWire } }, config: { access: act } },
    async (request) => cancelLetter(runtime, request.params.id, request.params.letterId, actorOf(request)),
  );

  api.get(
    '/api/cases/:id/letters/:letterId/pdf',
    { schema: { summary: 'The PDF of a letter to print and post (A4, window envelope)', tags: TAGS, params: letterParams }, config: { access: read } },
    async (request, reply) => {
      const letter = await letterForPrint(runtime, request.params.id, request.params.letterId);
      const pdf = await renderLetterPdf(letter);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="brief-dossier-${request.params.id}-${request.params.letterId}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );
}
