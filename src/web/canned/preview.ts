/**
 * The variables of a canned response and how they are filled in, straight from the domain (a pure
 * module the web app bundles), so the page's preview reads exactly as the ticket screen will.
 */
import { CANNED_VARIABLES, renderCanned } from '../../tickets/canned.js';

export { CANNED_VARIABLES, renderCanned as renderPreview };

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+(?:\.[a-zA-Z]+)*)\s*\}\}/g;

/** Variables written in the body that the server does not know (a typo such as {{contact.naam}}): they stay as written. */
export function unknownVariables(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) {
    if (!(CANNED_VARIABLES as readonly string[]).includes(match[1]!)) unknown.add(match[0]);
  }
  return [...unknown];
}
