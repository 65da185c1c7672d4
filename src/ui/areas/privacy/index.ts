import type { Area } from '../types';

/** The privacy area: its pages, its panels on the client card and its header widgets. */
export const privacyArea: Area = {
  routes: [],
  cardPanels: [],
  headerWidgets: [],
};
