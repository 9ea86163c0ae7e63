import type { Dictionary } from '../i18n.js';
import type { Route } from '../routes.js';

/** Placeholder: filled in by the admin-screens work of issue 6. */
export function Entities({ t }: { t: Dictionary; navigate: (route: Route) => void }) {
  return <h1>{t.appName}</h1>;
}
