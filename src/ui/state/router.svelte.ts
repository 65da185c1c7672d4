/** Hash routes (`#/page/param/…`): the app is static files, so no path has to exist on a server. */
export interface Route { page: string; params: string[] }

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'clients', params: parts.slice(1) };
}

class Router {
  route = $state<Route>(parse(location.hash));
  constructor() { addEventListener('hashchange', () => { this.route = parse(location.hash); }); }
  go(path: string): void { location.hash = '#/' + path; }
}

export const router = new Router();
