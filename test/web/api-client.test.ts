import { ApiError, createClient, query } from '../../src/web/api/client.js';
import { ClaimedError, ticketCalls } from '../../src/web/api/tickets.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records what the client sends and answers with the given status and body. */
function stubFetch(status: number, body?: unknown): Sent[] {
  const sent: Sent[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, method: String(init.method), headers: init.headers as Record<string, string>, body: init.body as string | undefined });
    return new Response(status === 204 ? null : JSON.stringify(body ?? {}), { status, statusText: 'Status text', headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return sent;
}

/** The web app's one HTTP client: session cookie, CSRF token on changes, JSON, refusals as ApiError. */
describe('the API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  test('a change carries the CSRF token and JSON; a read carries neither', async () => {
    const sent = stubFetch(200, { ok: true });
    const client = createClient({ onUnauthorized: () => undefined });
    client.setCsrfToken('token-1');
    await client.request('GET', '/api/tickets');
    await client.request('POST', '/api/tickets/1/notes', { text: 'x' });
    expect(sent[0]!.headers).toEqual({ accept: 'application/json' });
    expect(sent[1]!.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': 'token-1' });
    expect(sent[1]!.body).toBe('{"text":"x"}');
  });

  test('two clients keep their own session token', async () => {
    const sent = stubFetch(200);
    const first = createClient({ onUnauthorized: () => undefined });
    const second = createClient({ onUnauthorized: () => undefined });
    first.setCsrfToken('mine');
    await second.request('DELETE', '/api/views/1');
    expect(sent[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  test("a refusal is an ApiError with the API's message, status and body", async () => {
    stubFetch(422, { message: 'Te lang.', field: 'text' });
    const client = createClient({ onUnauthorized: () => undefined });
    const error = await client.request('POST', '/api/tickets/1/notes', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, message: 'Te lang.', body: { message: 'Te lang.', field: 'text' } });
  });

  test('a 401 ends the session, except from the login routes themselves', async () => {
    stubFetch(401, { message: 'Not signed in' });
    let ended = 0;
    const client = createClient({ onUnauthorized: () => ended++ });
    await expect(client.request('GET', '/api/tickets')).rejects.toThrow('Not signed in');
    await expect(client.request('POST', '/api/auth/login', {})).rejects.toThrow('Not signed in');
    expect(ended).toBe(1);
  });

  test('a 204 answers nothing', async () => {
    stubFetch(204);
    await expect(createClient({ onUnauthorized: () => undefined }).request('DELETE', '/api/views/1')).resolves.toBeUndefined();
  });

  test('a claimed ticket says who has it', async () => {
    stubFetch(409, { message: 'claimed', assignee: { id: 7, name: 'Sarah' } });
    const calls = ticketCalls(createClient({ onUnauthorized: () => undefined }));
    const error = await calls.claim(3).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClaimedError);
    expect((error as ClaimedError).assignee).toEqual({ id: 7, name: 'Sarah' });
  });

  test('query strings leave out empty values', () => {
    expect(query({ entity: 'stad gent', lang: '', days: 30, state: undefined })).toBe('?entity=stad+gent&days=30');
    expect(query({ entity: undefined })).toBe('');
  });
});
