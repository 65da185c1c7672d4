import type { Area } from '../types';

/** The import area: #/import (wizard, imported files with undo, exports). */
export const importArea: Area = {
  routes: [{ page: 'import', load: () => import('./ImportPage.svelte'), nav: 'import.nav', order: 60 }],
  cardPanels: [{ load: () => import('./ImportSource.svelte'), order: 90 }],
  headerWidgets: [],
};
