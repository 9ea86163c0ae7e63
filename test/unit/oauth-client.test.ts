import { buildAuthorizeUrl, pkceChallenge, readTokenSet, tokenError } from '../../connectors/oauth/client.js';
import { facebookOAuth } from '../../connectors/facebook/oauth.js';
import { googleOAuth } from '../../connectors/google/oauth.js';
import { linkedinOAuth } from '../../connectors/linkedin/oauth.js';
import { oauthFlowOf } from '../../connectors/oauth/platforms.js';
import { DESCRIPTORS } from '../../connectors/platforms.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../../connectors/types.js';
import { xOAuth } from '../../connectors/x/oauth.js';
import { youtubeOAuth } from '../../connectors/youtube/oauth.js';

const app = { clientId: 'client-1', clientSecret: 'very-secret-client-value' };
const response = (status: number, json: unknown, headers: Record<string, string> = {}) => ({ status, ok: status < 300, headers, text: JSON.stringify(json), json });

describe('the authorize URL', () => {
  test('X: the real endpoint, the scopes with offline.access, state and PKCE S256 (RFC 7636 appendix B)', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(pkceChallenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const url = new URL(buildAuthorizeUrl(xOAuth, { app, redirectUri: 'https://inbox.example.org/oauth/callback', state: 's1', codeVerifier: verifier }));
    expect(url.origin + url.pathname).toBe('https://x.com/i/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://inbox.example.org/oauth/callback',
      scope: 'tweet.read tweet.write users.read dm.read dm.write offline.access',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    expect(() => buildAuthorizeUrl(xOAuth, { app, redirectUri: 'https://i/cb', state: 's' })).toThrow(/PKCE/);
  });

  test('each platform at its real host, or at the emulator given as base URL', () => {
    const at = (flow: typeof xOAuth, base?: string) => new URL(buildAuthorizeUrl(flow, { app, redirectUri: 'https://i/cb', state: 's', codeVerifier: 'v'.repeat(43), baseUrl: base }));
    expect(at(facebookOAuth).href).toMatch(/^https:\/\/www\.facebook\.com\/v\d+\.\d+\/dialog\/oauth\?/);
    expect(at(facebookOAuth).searchParams.get('scope')).toContain('pages_messaging');
    expect(at(linkedinOAuth).href).toMatch(/^https:\/\/www\.linkedin\.com\/oauth\/v2\/authorization\?/);
    expect(at(googleOAuth).searchParams.get('access_type')).toBe('offline');
    expect(at(youtubeOAuth).searchParams.get('scope')).toBe('https://www.googleapis.com/auth/youtube.force-ssl');
    expect(at(xOAuth, 'http://127.0.0.1:9999/').href).toMatch(/^http:\/\/127\.0\.0\.1:9999\/i\/oauth2\/authorize\?/);
    expect(facebookOAuth.endpoints('http://127.0.0.1:9999/').token).toMatch(/^http:\/\/127\.0\.0\.1:9999\/v\d+\.\d+\/oauth\/access_token$/);
  });

  test('every descriptor with oauth: true has a flow, and only those', () => {
    for (const d of DESCRIPTORS) expect({ id: d.id, flow: Boolean(oauthFlowOf(d.id)) }).toEqual({ id: d.id, flow: d.oauth === true });
  });
});

describe('token responses', () => {
  test('an access token response, its expiry from expires_in', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(readTokenSet(response(200, { access_token: 'a', refresh_token: 'r', expires_in: 7200, scope: 'x y' }), xOAuth, [], now)).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: new Date('2026-12-01T12:00:00Z'),
      scope: 'x y',
    });
    expect(() => readTokenSet(response(200, { error: 'nope' }), xOAuth)).toThrow(PermanentError);
  });

  test('refusals become the typed errors, the secrets kept out of the message', () => {
    const refused = tokenError(xOAuth, response(400, { error: 'invalid_grant', error_description: 'token very-secret-client-value is revoked' }), 'token', [app.clientSecret]);
    expect(refused).toBeInstanceOf(AuthExpiredError);
    expect(refused.message).not.toContain(app.clientSecret);
    expect(tokenError(facebookOAuth, response(400, { error: { message: 'Session has expired', type: 'OAuthException', code: 190 } }), 'token', [])).toBeInstanceOf(AuthExpiredError);
    expect(tokenError(xOAuth, response(401, { error: 'invalid_client' }), 'token', [])).toBeInstanceOf(PermanentError);
    const limited = tokenError(xOAuth, response(429, {}, { 'retry-after': '30' }), 'token', []);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(tokenError(xOAuth, response(503, {}), 'token', [])).toBeInstanceOf(TransientError);
  });
});

describe('which OAuth client a channel is connected with', () => {
  test("the configured client only at its own base URL: never with a secret toward a base URL typed on a channel", async () => {
    const { oauthAppFor } = await import('../../src/channels/connect/oauth-apps.js');
    const { EMULATOR_OAUTH_APP } = await import('../../connectors/oauth-emulator.js');
    const settings = { oauth: { x: { clientId: 'real-client', clientSecret: 'real-secret' } } };
    expect(oauthAppFor(settings, 'x')).toEqual({ clientId: 'real-client', clientSecret: 'real-secret', baseUrl: undefined });
    expect(oauthAppFor(settings, 'x', 'https://evil.example.org/')).toEqual({ clientId: 'real-client', clientSecret: 'real-secret', baseUrl: undefined });
    // an emulator on this machine: its own client
    expect(oauthAppFor(settings, 'x', 'http://127.0.0.1:4100/')).toEqual({ ...EMULATOR_OAUTH_APP, baseUrl: 'http://127.0.0.1:4100/' });
    expect(oauthAppFor({ oauth: { x: { clientId: 'c', clientSecret: 's', baseUrl: 'http://127.0.0.1:4100' } } }, 'x', 'http://127.0.0.1:4100/')).toEqual({ clientId: 'c', clientSecret: 's', baseUrl: 'http://127.0.0.1:4100' });
    expect(oauthAppFor({}, 'facebook')).toBeUndefined();
    expect(oauthAppFor({}, 'facebook', 'https://graph.facebook.com/v21.0/')).toBeUndefined();
  });
});
