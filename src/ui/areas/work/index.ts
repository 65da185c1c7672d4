import type { Area } from '../types';

/** The work area: its pages, its panels on the client card and its header widgets. */
export const workArea: Area = {
  routes: [],
  cardPanels: [],
  headerWidgets: [],
};
