import type { Area } from '../types';
import SyncPage from './SyncPage.svelte';
import SyncWidget from './SyncWidget.svelte';
import Presence from './Presence.svelte';

/** Team and sync: the page, the always-visible status in the header, presence on the card. */
export const syncArea: Area = {
  routes: [{ page: 'sync', component: SyncPage, nav: 'sync.nav', order: 90 }],
  cardPanels: [{ component: Presence, order: 0 }],
  headerWidgets: [SyncWidget],
};
