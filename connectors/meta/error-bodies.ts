/**
 * The Graph API's real error envelopes and usage headers, for the Meta emulators (Facebook,
 * Messenger, Instagram, WhatsApp). Bodies follow test/fixtures/platforms/facebook/errors_observed.json
 * and error_400_oauth_100_with_x_app_usage.json (recorded or quoted from Meta's docs).
 */

export interface GraphErrorReply {
  status: number;
  body: { error: Record<string, unknown> };
  headers: Record<string, string>;
}

export type GraphFailure = 'expired_token' | 'page_throttle' | 'app_throttle' | 'page_request_limit' | 'messenger_throttle'
  | 'whatsapp_throughput' | 'transient' | 'invalid_parameter' | 'permission' | 'server_error' | 'outside_window';

function trace(): string {
  return `A${Math.random().toString(36).slice(2, 12)}`;
}

/** `X-Business-Use-Case-Usage` for one id, e.g. type 'pages' or 'messenger'; minutes as Graph counts them. */
export function bucHeader(id: string, type: string, percent: number, regainMinutes = 0): string {
  return JSON.stringify({
    [id]: [{ type, call_count: percent, total_cputime: Math.min(percent, 100), total_time: Math.min(percent, 100), estimated_time_to_regain_access: regainMinutes }],
  });
}

export function appUsageHeader(percent: number): string {
  return JSON.stringify({ call_count: percent, total_cputime: Math.min(percent, 100), total_time: Math.min(percent, 100) });
}

function wwwAuth(message: string): string {
  return `OAuth "Facebook Platform" "invalid_request" "${message.replace(/"/g, "'")}"`;
}

/**
 * The reply a Graph server gives for a failure. `usageId` names the page / account in the BUC
 * header; `regainMinutes` is its estimated_time_to_regain_access.
 */
export function graphErrorReply(kind: GraphFailure, opts: { usageId?: string; bucType?: string; regainMinutes?: number } = {}): GraphErrorReply {
  const id = opts.usageId ?? '0';
  const regain = opts.regainMinutes ?? 0;
  const oauth = (status: number, error: Record<string, unknown>, extra: Record<string, string> = {}): GraphErrorReply => ({
    status,
    body: { error: { ...error, fbtrace_id: trace() } },
    headers: { 'www-authenticate': wwwAuth(String(error.message)), ...extra },
  });
  switch (kind) {
    case 'expired_token':
      return oauth(400, {
        message: 'Error validating access token: Session has expired on Saturday, 24-Mar-18 05:00:00 PDT. The current time is Saturday, 24-Mar-18 05:20:17 PDT.',
        type: 'OAuthException', code: 190, error_subcode: 463,
      });
    case 'page_throttle':
      return oauth(400, {
        message: '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
        type: 'OAuthException', code: 80001,
      }, { 'x-business-use-case-usage': bucHeader(id, opts.bucType ?? 'pages', 100, regain) });
    case 'messenger_throttle':
      return oauth(400, {
        message: '(#80006) There have been too many messenger api calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
        type: 'OAuthException', code: 80006,
      }, { 'x-business-use-case-usage': bucHeader(id, opts.bucType ?? 'messenger', 100, regain) });
    case 'app_throttle':
      return oauth(403, { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, is_transient: true }, {
        'x-app-usage': appUsageHeader(100),
      });
    case 'page_request_limit':
      return oauth(403, { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32 }, {
        'x-business-use-case-usage': bucHeader(id, opts.bucType ?? 'pages', 100, regain),
      });
    case 'whatsapp_throughput':
      return oauth(400, {
        message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429,
        error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
      });
    case 'transient':
      return { status: 500, body: { error: { message: 'Please retry', code: 2, is_transient: true, fbtrace_id: trace() } }, headers: {} };
    case 'server_error':
      return { status: 503, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true, fbtrace_id: trace() } }, headers: {} };
    case 'invalid_parameter':
      return oauth(400, { message: '(#100) Tried accessing nonexisting field (first_name) on node type (Page)', type: 'OAuthException', code: 100 }, {
        'x-app-usage': appUsageHeader(0),
      });
    case 'permission':
      return oauth(403, { message: '(#200) Requires pages_manage_engagement permission to manage the object', type: 'OAuthException', code: 200 });
    case 'outside_window':
      return oauth(400, {
        message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
        type: 'OAuthException', code: 10, error_subcode: 2018278,
      });
  }
}

/** Graph's answer to an unknown path or object id (code 100, subcode 33). */
export function graphUnknownObject(id: string): GraphErrorReply {
  return {
    status: 400,
    body: {
      error: {
        message: `Unsupported get request. Object with ID '${id.slice(0, 80)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: trace(),
      },
    },
    headers: {},
  };
}

/** Graph's answer to a request without a usable token. */
export function graphMissingToken(): GraphErrorReply {
  return {
    status: 400,
    body: { error: { message: 'An active access token must be used to query information about the current user.', type: 'OAuthException', code: 2500, fbtrace_id: trace() } },
    headers: { 'www-authenticate': wwwAuth('An active access token must be used to query information about the current user.') },
  };
}

/** Graph's answer to a token it does not know (code 190, no subcode). */
export function graphInvalidToken(): GraphErrorReply {
  return {
    status: 400,
    body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: trace() } },
    headers: { 'www-authenticate': wwwAuth('Invalid OAuth access token - Cannot parse access token') },
  };
}
