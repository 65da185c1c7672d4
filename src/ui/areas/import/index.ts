import type { Area } from '../types';
import ImportPage from './ImportPage.svelte';
import ImportSource from './ImportSource.svelte';

/** The import area: #/import (wizard, imported files with undo, exports). */
export const importArea: Area = {
  routes: [{ page: 'import', component: ImportPage, nav: 'import.nav', order: 60 }],
  cardPanels: [{ component: ImportSource, order: 90 }],
  headerWidgets: [],
};
