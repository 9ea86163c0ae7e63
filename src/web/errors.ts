/**
 * The one translation of errors for every screen: the API's stable code and fields (ApiError) to a
 * sentence in the interface's language. A code the app does not know yet gets a sentence for its
 * HTTP status; the server's `message` (English, for developers) is never shown.
 *
 *   const errorText = useErrorText();
 *   try { … } catch (caught) { setError(errorText(caught)); }
 */
import { useCallback } from 'react';
import { ApiError } from './api/client.js';
import { ClaimedError } from './api/tickets.js';
import { useT } from './dictionary.js';
import type { Dictionary } from './i18n.js';

/** A sentence for any error a screen catches: the API's refusals, a network failure, a claim lost. */
export function errorText(t: Dictionary, error: unknown): string {
  const e = t.errors;
  if (error instanceof ClaimedError) return e.codes.conflictClaimed(error.assignee.name);
  if (error instanceof ApiError) return apiErrorText(t, error);
  // fetch() rejects with a TypeError when the server cannot be reached
  if (error instanceof TypeError) return e.network;
  return e.unexpected;
}

/** errorText with the words of the language shown. */
export function useErrorText(): (error: unknown) => string {
  const t = useT();
  return useCallback((error: unknown) => errorText(t, error), [t]);
}

function apiErrorText(t: Dictionary, error: ApiError): string {
  const e = t.errors;
  const { code, fields, url } = error;
  const lang = t.admin.lang;
  const retry = typeof fields.retryAfterSeconds === 'number' ? ` ${e.codes.retryAfter(wait(t, fields.retryAfterSeconds))}` : '';

  if (url === '/api/auth/login') {
    if (code === 'unauthorized') return e.login.unauthorized;
    if (code === 'too_many_requests') return `${e.login.too_many_requests}${retry}`;
    if (code === 'bad_request') return e.login.bad_request;
  }
  if (url === '/api/auth/password') {
    if (code === 'forbidden') return e.password.forbidden;
    if (code === 'conflict') return e.password.conflict;
  }
  if (url === '/api/views' && code === 'bad_request' && fieldPath(error.message) === 'entity') return e.sharedViewEntity;
  switch (code) {
    case 'bad_request':
      return fieldSentence(t, error.message) ?? e.status[400]!;
    case 'forbidden': {
      const what = typeof fields.permission === 'string' ? e.permissions[fields.permission] : undefined;
      return what ? e.codes.forbiddenPermission(what) : e.codes.forbidden;
    }
    case 'conflict': {
      const assignee = fields.assignee as { name?: unknown } | undefined;
      if (assignee && typeof assignee.name === 'string') return e.codes.conflictClaimed(assignee.name);
      if (fields.mergedInto !== undefined) return e.codes.conflictMerged;
      if ('deliveryStatus' in fields) return e.codes.conflictNotUncertain;
      if (/^\/api\/cases\//.test(url)) return e.caseConflict;
      return e.codes.conflict;
    }
    case 'letter_incomplete': {
      const missing = Array.isArray(fields.missing) ? fields.missing.map((item) => t.admin.letters.requirements[String(item)] ?? String(item)) : [];
      return e.codes.letterIncomplete(missing.join(', '));
    }
    case 'no_route':
      return e.codes.no_route;
    case 'too_long':
      return typeof fields.limit === 'number' ? e.codes.tooLongLimit(fields.limit.toLocaleString(lang === 'nl' ? 'nl-BE' : 'en-GB')) : e.codes.too_long;
    case 'too_many_requests':
    case 'unavailable':
      return `${e.codes[code]}${retry}`;
    case 'unauthorized':
    case 'not_found':
    case 'visibility_not_allowed':
    case 'personal_details_in_public':
    case 'still_quarantined':
    case 'internal':
    case 'bad_gateway':
    case 'too_large':
    case 'method_not_allowed':
      return e.codes[code];
  }
  return e.status[String(error.status)] ?? (error.status >= 500 ? e.status.server! : e.status.client!);
}

/**
 * A 400 names its field first (`field.path: …`, the API's one wording, see src/http/errors.ts):
 * the field's name in words when the app knows it. Only the path is read, never the English after it.
 */
function fieldSentence(t: Dictionary, message: string): string | undefined {
  const path = fieldPath(message);
  if (!path) return undefined;
  const known = path
    .split('.')
    .reverse()
    .map((segment) => t.errors.fields[segment])
    .find((name) => name !== undefined);
  return known ? t.errors.field(known) : undefined;
}

function fieldPath(message: string): string | undefined {
  return /^([A-Za-z][\w.]*): /.exec(message)?.[1];
}

function wait(t: Dictionary, seconds: number): string {
  return seconds < 90 ? t.errors.seconds(Math.max(1, Math.round(seconds))) : t.errors.minutes(Math.ceil(seconds / 60));
}
