/** Hash routes: the app is static files, so the path never has to exist on a server. */
export type Route =
  | { page: 'clients' }
  | { page: 'client'; id: string }
  | { page: 'new-client' }
  | { page: 'settings' };

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'clients' && parts[1] === 'new') return { page: 'new-client' };
  if (parts[0] === 'clients' && parts[1]) return { page: 'client', id: parts[1] };
  if (parts[0] === 'settings') return { page: 'settings' };
  return { page: 'clients' };
}

class Router {
  route = $state<Route>(parse(location.hash));
  constructor() { addEventListener('hashchange', () => { this.route = parse(location.hash); }); }
  go(path: string): void { location.hash = '#/' + path; }
}

export const router = new Router();
