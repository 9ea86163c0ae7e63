import { createClient } from '../../src/web/api/client.js';
import { ClaimedError } from '../../src/web/api/tickets.js';
import { errorText } from '../../src/web/errors.js';
import { DICTIONARIES } from '../../src/web/i18n.js';

const nl = DICTIONARIES.nl;
const en = DICTIONARIES.en;

/** The API's refusal as the client makes it: a stubbed fetch answers `status` with `body` (and headers). */
async function refusal(url: string, status: number, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })) as typeof fetch;
  try {
    return await createClient({ onUnauthorized: () => undefined })
      .request('POST', url, {})
      .catch((caught: unknown) => caught);
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** One translation for every screen: the API's code and fields, never its English message. */
describe('error texts', () => {
  test('an ApiError carries the code, the fields and Retry-After', async () => {
    const error = await refusal('/api/tickets/1/replies?x=1', 422, { error: 'too_long', message: 'reply too long', limit: 280 }, { 'retry-after': '5' });
    expect(error).toMatchObject({ status: 422, code: 'too_long', url: '/api/tickets/1/replies', fields: { limit: 280, retryAfterSeconds: 5 } });
  });

  test('the login refusal is Dutch and says what may be wrong; throttling says how long to wait', async () => {
    expect(errorText(nl, await refusal('/api/auth/login', 401, { error: 'unauthorized', message: 'wrong e-mail or password' }))).toBe(
      'Het e-mailadres of het wachtwoord klopt niet, of het account is uitgeschakeld.',
    );
    expect(errorText(nl, await refusal('/api/auth/login', 429, { error: 'too_many_requests', message: 'too many' }, { 'retry-after': '120' }))).toBe(
      'Te veel mislukte aanmeldpogingen. Probeer het over 2 minuten opnieuw.',
    );
  });

  test('codes with fields: the limit, the permission, who claimed the ticket', async () => {
    expect(errorText(nl, await refusal('/api/tickets/1/replies', 422, { error: 'too_long', message: 'x', limit: 1000 }))).toBe(
      'De tekst is te lang: dit platform laat hoogstens 1.000 tekens toe.',
    );
    expect(errorText(nl, await refusal('/api/tickets/1/assign', 403, { error: 'forbidden', message: 'tickets.assign is not allowed for entity syntra', permission: 'tickets.assign' }))).toBe(
      'Je hebt geen toestemming om tickets toe te wijzen.',
    );
    expect(errorText(en, await refusal('/api/tickets/1/claim', 409, { error: 'conflict', message: 'Sarah is already working on this ticket', assignee: { id: 2, name: 'Sarah' } }))).toBe(
      'Sarah is already handling this ticket.',
    );
    expect(errorText(nl, new ClaimedError({ id: 2, name: 'Sarah' }))).toBe('Sarah behandelt dit ticket al.');
    expect(errorText(nl, await refusal('/api/tickets/1/replies', 422, { error: 'personal_details_in_public', message: 'a public reply must not ask' }))).toMatch(
      /^Een openbaar antwoord mag niet om persoonsgegevens vragen/,
    );
  });

  test("a 400 names its field in words, never the server's sentence", async () => {
    const error = await refusal('/api/canned-responses', 400, { error: 'bad_request', message: 'body: Too small: expected string to have >=1 characters' });
    expect(errorText(nl, error)).toBe('Het veld „tekst” is niet juist ingevuld.');
    expect(errorText(en, error)).toBe('The field “text” is not filled in correctly.');
    // the shared-view refusal: what to do, not which field
    const shared = await refusal('/api/views', 400, { error: 'bad_request', message: 'entity: a shared view needs the entity it is shared with' });
    expect(errorText(nl, shared)).toBe('Een gedeelde weergave geldt voor één entiteit: kies eerst een entiteit in de filters.');
    const unknownField = await refusal('/api/tickets', 400, { error: 'bad_request', message: 'mine: only a logged-in user has tickets of their own' });
    expect(errorText(nl, unknownField)).toBe('Het verzoek is niet volledig of niet juist ingevuld.');
  });

  test('an unknown code gets a sentence for its status; a refused case step says so', async () => {
    const unknown = await refusal('/api/tickets/1/whatever', 422, { error: 'brand_new_code', message: 'something in English' });
    expect(errorText(nl, unknown)).toBe('Dit kan niet zoals gevraagd.');
    expect(errorText(nl, await refusal('/api/tickets/1', 418, { message: 'I am a teapot' }))).toBe('Het verzoek werd geweigerd.');
    expect(errorText(nl, await refusal('/api/tickets/1', 504, {}))).toBe('Er ging iets mis op de server. Probeer het later opnieuw.');
    expect(errorText(nl, await refusal('/api/cases/3/actions', 409, { error: 'conflict', message: 'Jan handles this complaint and cannot be involved in the facts' }))).toMatch(
      /^Deze stap kan nu niet in dit dossier/,
    );
  });

  test('a network failure and anything else', () => {
    expect(errorText(nl, new TypeError('Failed to fetch'))).toBe('De server is niet bereikbaar. Controleer je verbinding en probeer opnieuw.');
    expect(errorText(nl, new Error('boom'))).toBe('Er ging iets mis. Probeer het opnieuw.');
  });
});
