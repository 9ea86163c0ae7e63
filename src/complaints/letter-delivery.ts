/**
 * How a case letter reaches the complainant, in the order the issue asks: privately on the channel
 * the complaint came in on, when that platform lets the entity write privately; otherwise to the
 * complainant's e-mail address; otherwise as a letter to print and post (name and address needed).
 * Pure.
 */
export const LETTER_ROUTES = ['channel', 'email', 'post'] as const;
export type LetterRoute = (typeof LETTER_ROUTES)[number];

/** sending: on its way (channel or e-mail); to_post: printed and posted by a person; then sent, failed or cancelled. */
export type LetterStatus = 'sending' | 'to_post' | 'sent' | 'failed' | 'cancelled';

export interface RouteFacts {
  /** The complaint's channel lets the entity send this citizen a private message (or it is e-mail). */
  privateOnChannel: boolean;
  email?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
}

/** The routes open for this case's letters, the preferred one first; empty when the citizen cannot be reached privately. */
export function letterRoutes(facts: RouteFacts): LetterRoute[] {
  const routes: LetterRoute[] = [];
  if (facts.privateOnChannel) routes.push('channel');
  if (filled(facts.email)) routes.push('email');
  if (filled(facts.name) && filled(facts.address)) routes.push('post');
  return routes;
}

function filled(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
