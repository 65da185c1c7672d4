import type { Area } from '../types';

/** The import area: its pages, its panels on the client card and its header widgets. */
export const importArea: Area = {
  routes: [],
  cardPanels: [],
  headerWidgets: [],
};
