/**
 * JSON as Meta puts it on the wire, for the Meta emulators (Facebook, Messenger, Instagram,
 * WhatsApp): webhook bodies in Meta's escaping, signed like Meta's deliveries, and Graph API answers.
 */
import type http from 'node:http';
import { SIGNATURE_HEADER, signMetaBody } from './signature.js';

/**
 * JSON as Meta serialises webhook bodies: '/' as '\/' and every character from U+007F up as \uXXXX
 * (surrogate pairs as two escapes). The bytes differ from JSON.stringify's, so a receiver that
 * re-serialises the parsed body before checking the signature fails, as it would with Meta.
 */
export function metaJson(body: unknown): string {
  return JSON.stringify(body)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A webhook delivery as Meta would POST it: the exact bytes and the headers that go with them. */
export interface MetaDelivery {
  body: Record<string, unknown>;
  rawBody: Buffer;
  headers: Record<string, string>;
}

/** Signs a body with X-Hub-Signature-256 the way Meta delivers it: a string as it is, anything else in metaJson(). */
export function signedMetaDelivery(appSecret: string, body: unknown): MetaDelivery {
  const raw = Buffer.from(typeof body === 'string' ? body : metaJson(body));
  return {
    body: JSON.parse(raw.toString()) as Record<string, unknown>,
    rawBody: raw,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signMetaBody(appSecret, raw) },
  };
}

/** What a Graph emulator answers a request with. */
export interface GraphReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One answered request, as the emulators log it. */
export interface GraphRequestLogEntry {
  method: string;
  /** Without the version prefix (/v21.0/…). */
  path: string;
  query: string;
  status: number;
}

/**
 * Answers one request like the Graph API: drops the version prefix from the path, lets `dispatch`
 * answer, logs the request and writes the answer as JSON with Graph's headers.
 */
export function serveGraphRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rawBody: string,
  log: GraphRequestLogEntry[],
  dispatch: (url: URL, path: string, method: string) => GraphReply,
): void {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname.replace(/^\/v\d+\.\d+\//, '/');
  const method = req.method ?? 'GET';
  const reply = dispatch(url, path, method);
  log.push({ method, path, query: url.search.slice(1), status: reply.status });
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', 'facebook-api-version': 'v21.0', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}
