import type { Area } from '../types';

/** The analytics area: its pages, its panels on the client card and its header widgets. */
export const analyticsArea: Area = {
  routes: [],
  cardPanels: [],
  headerWidgets: [],
};
