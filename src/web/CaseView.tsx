import type { Dictionary } from './i18n.js';
import type { Route } from './routes.js';

/** Placeholder: filled in by the admin-screens work of issue 6. */
export function CaseView({ t, id }: { t: Dictionary; id: number; navigate: (route: Route) => void }) {
  return <h1>{t.appName} {id}</h1>;
}
