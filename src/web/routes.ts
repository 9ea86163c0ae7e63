/** The app's pages and their URLs (history API; the server answers every non-API GET with index.html). */
export type Route =
  | { page: 'queue' }
  | { page: 'ticket'; id: number }
  | { page: 'cases' }
  | { page: 'case'; id: number }
  | { page: 'contact'; entity: string; id: number }
  | { page: 'dashboard' }
  | { page: 'report' }
  | { page: 'canned' }
  | { page: 'account' }
  | { page: 'admin-channels' }
  | { page: 'admin-entities' }
  | { page: 'admin-users' }
  | { page: 'accessibility' };

export function parseRoute(path: string): Route {
  const ticket = /^\/tickets\/(\d+)\/?$/.exec(path);
  if (ticket) return { page: 'ticket', id: Number(ticket[1]) };
  const complaintCase = /^\/cases\/(\d+)\/?$/.exec(path);
  const contact = /^\/contacts\/([^/]+)\/(\d+)\/?$/.exec(path);
  if (contact) return { page: 'contact', entity: decodeURIComponent(contact[1]!), id: Number(contact[2]) };
  if (complaintCase) return { page: 'case', id: Number(complaintCase[1]) };
  switch (path.replace(/\/$/, '')) {
    case '/cases':
      return { page: 'cases' };
    case '/dashboard':
      return { page: 'dashboard' };
    case '/rapport':
      return { page: 'report' };
    case '/canned-responses':
      return { page: 'canned' };
    case '/account':
      return { page: 'account' };
    case '/admin/channels':
      return { page: 'admin-channels' };
    case '/admin/entities':
      return { page: 'admin-entities' };
    case '/admin/users':
      return { page: 'admin-users' };
    case '/toegankelijkheid':
      return { page: 'accessibility' };
    default:
      return { page: 'queue' };
  }
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'queue':
      return '/';
    case 'ticket':
      return `/tickets/${route.id}`;
    case 'cases':
      return '/cases';
    case 'case':
      return `/cases/${route.id}`;
    case 'contact':
      return `/contacts/${encodeURIComponent(route.entity)}/${route.id}`;
    case 'dashboard':
      return '/dashboard';
    case 'report':
      return '/rapport';
    case 'canned':
      return '/canned-responses';
    case 'account':
      return '/account';
    case 'admin-channels':
      return '/admin/channels';
    case 'admin-entities':
      return '/admin/entities';
    case 'admin-users':
      return '/admin/users';
    case 'accessibility':
      return '/toegankelijkheid';
  }
}
