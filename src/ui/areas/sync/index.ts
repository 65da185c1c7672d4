import type { Area } from '../types';

/** The sync area: its pages, its panels on the client card and its header widgets. */
export const syncArea: Area = {
  routes: [],
  cardPanels: [],
  headerWidgets: [],
};
