/**
 * The OAuth 2.0 authorization-code flow, as one description per platform (connectors/<platform>/oauth.ts)
 * and one client (client.ts). A description says where the platform's authorize and token endpoints
 * are (or an emulator's, from the base URL), which scopes to ask, whether PKCE is used, and how the
 * accounts the authorizing person may attach are listed and turned into a channel's `account` and
 * `credentials`, with exactly the keys that platform's connector reads.
 */
import type { HttpClient } from '../http.js';

/** The app's registration with the platform (client id and secret). */
export interface OAuthApp {
  clientId: string;
  clientSecret?: string | undefined;
}

/** What a token endpoint gave. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  /** When the access token stops working; undefined when the platform says nothing (long-lived Page tokens). */
  expiresAt?: Date | undefined;
  /** The scopes granted, as the platform listed them. */
  scope?: string | undefined;
}

export interface OAuthEndpoints {
  authorize: string;
  token: string;
  revoke?: string;
  /** Where the account lists are read (the platform's API, or the emulator). */
  api: string;
  /** Further API bases a platform's lists need (Google: accounts and locations live on two hosts). */
  more?: Record<string, string>;
}

/** A page, organization, channel, location or user the authorizing person may attach as a channel. */
export interface AttachableAccount {
  /** Stable id within the list (the picker sends it back). */
  id: string;
  /** What the picker shows. */
  name: string;
  /** Extra line in the picker (a handle, the account a location belongs to). */
  detail?: string;
  /** The channel's `account`, keys as the platform's descriptor names them. */
  account: Record<string, string>;
  /** The channel's `credentials` (tokens): never sent to the browser. */
  credentials: Record<string, string>;
}

export interface OAuthContext {
  http: HttpClient;
  endpoints: OAuthEndpoints;
  app: OAuthApp;
}

export interface OAuthPlatform {
  /** The platform id this flow connects (several may share a vendor's flow: facebook, messenger, instagram). */
  platform: string;
  /** The real endpoints, or an emulator's when `baseUrl` is given (ending in '/'). */
  endpoints(baseUrl?: string): OAuthEndpoints;
  scopes: readonly string[];
  /** The scope parameter's separator: ' ' (RFC 6749) or ',' (Meta accepts both; X and Google want spaces). */
  scopeSeparator?: string;
  /** PKCE with S256; X requires it. */
  pkce: boolean;
  /** How the client authenticates at the token endpoint: HTTP Basic (X confidential clients) or in the body. */
  clientAuth: 'basic' | 'body';
  /** Added to the authorize URL (Google: access_type=offline, prompt=consent). */
  authorizeParams?: Record<string, string>;
  /** The token endpoint is read with GET and a query string (Meta's /oauth/access_token). */
  tokenMethod?: 'GET' | 'POST';
  /** After the code exchange, e.g. Meta's exchange for a long-lived user token. */
  afterExchange?(ctx: OAuthContext, tokens: TokenSet): Promise<TokenSet>;
  /** The accounts the token may attach as channels of this platform. */
  listAccounts(ctx: OAuthContext, tokens: TokenSet): Promise<AttachableAccount[]>;
  /** The platform gives refresh tokens (X with offline.access, Google, LinkedIn where granted). */
  refreshable: boolean;
}
