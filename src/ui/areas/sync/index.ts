import type { Area } from '../types';
import SyncWidget from './SyncWidget.svelte';

/** Team and sync: the page, the always-visible status in the header, presence on the card. */
export const syncArea: Area = {
  routes: [{ page: 'sync', load: () => import('./SyncPage.svelte'), nav: 'sync.nav', order: 90 }],
  cardPanels: [{ load: () => import('./Presence.svelte'), order: 0 }],
  headerWidgets: [SyncWidget],
};
