/**
 * Who did something, as a history shows it: the server gives people's names (a ticket's history and
 * a case's audit resolve `user:<e-mail>`); the other actors the audit log knows get words here.
 */
import type { Dictionary } from './i18n.js';

export function actorLabel(t: Dictionary, actor: string | null | undefined): string {
  if (!actor) return '';
  const known = t.admin.actors[actor];
  if (known) return known;
  // a user who no longer exists: their address, without the log's prefix
  if (actor.startsWith('user:')) return actor.slice('user:'.length);
  return actor;
}
