/** Canned responses as stored (the ticket screen gets them filled in: tickets.ts). */
import { query, type Client } from './client.js';

export type CannedLang = 'nl' | 'fr' | 'en';
export const CANNED_LANGS: readonly CannedLang[] = ['nl', 'fr', 'en'];

/** As stored: the body keeps its {{variables}}; the ticket screen gets them filled in by the API. */
export interface StoredCannedResponse {
  id: number;
  entity: string;
  lang: CannedLang;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

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
      request<{ items: StoredCannedResponse[] }>('GET', `/api/canned-responses${query({ entity: filter.entity, lang: filter.lang })}`),
    createCannedResponse: (response: NewCannedResponse) => request<StoredCannedResponse>('POST', '/api/canned-responses', response),
    updateCannedResponse: (responseId: number, patch: CannedResponsePatch) => request<StoredCannedResponse>('PATCH', `/api/canned-responses/${responseId}`, patch),
    deleteCannedResponse: (responseId: number) => request<void>('DELETE', `/api/canned-responses/${responseId}`),
  };
}
