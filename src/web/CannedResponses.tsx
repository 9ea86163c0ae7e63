import type { User } from './api.js';
import type { Dictionary } from './i18n.js';

/** Placeholder: the canned responses of the user's entities (list, add, edit, delete). */
export function CannedResponses({ t }: { t: Dictionary; user: User }) {
  return <h1>{t.admin.cannedResponses}</h1>;
}
