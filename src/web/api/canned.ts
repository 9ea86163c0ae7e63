/** Canned responses as stored (the ticket screen gets them filled in: tickets.ts). */
import type { z } from 'zod';
import type { cannedResponseListWire, cannedResponseWire } from '../../tickets/wire.js';
import { query, type Client } from './client.js';

/** As stored (src/tickets/wire.ts): the body keeps its {{variables}}; the ticket screen gets them filled in by the API. */
export type StoredCannedResponse = z.input<typeof cannedResponseWire>;
export type CannedLang = StoredCannedResponse['lang'];
export const CANNED_LANGS: readonly CannedLang[] = ['nl', 'fr', 'en'];

export interface NewCannedResponse {
  entity: string;
  lang: CannedLang;
  title: string;
  body: string;
}

export type CannedResponsePatch = Partial<Pick<NewCannedResponse, 'lang' | 'title' | 'body'>>;

export function cannedCalls({ request }: Client) {
  return {
    cannedResponses: (filter: { entity?: string; lang?: CannedLang }) =>
      request<z.input<typeof cannedResponseListWire>>('GET', `/api/canned-responses${query({ entity: filter.entity, lang: filter.lang })}`),
    createCannedResponse: (response: NewCannedResponse) => request<StoredCannedResponse>('POST', '/api/canned-responses', response),
    updateCannedResponse: (responseId: number, patch: CannedResponsePatch) => request<StoredCannedResponse>('PATCH', `/api/canned-responses/${responseId}`, patch),
    deleteCannedResponse: (responseId: number) => request<void>('DELETE', `/api/canned-responses/${responseId}`),
  };
}
