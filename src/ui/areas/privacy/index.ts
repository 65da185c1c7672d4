import type { Area } from '../types';
import SweepWidget from './SweepWidget.svelte';

/** The privacy area: duplicates and merge, segments, consent and erase, the change history. */
export const privacyArea: Area = {
  routes: [
    { page: 'segments', load: () => import('./SegmentsPage.svelte'), nav: 'privacy.nav.segments', order: 60 },
    { page: 'duplicates', load: () => import('./DuplicatesPage.svelte'), nav: 'privacy.nav.duplicates', order: 61 },
  ],
  cardPanels: [
    { load: () => import('./MergedPanel.svelte'), order: 5 },
    { load: () => import('./PrivacyPanel.svelte'), order: 80 },
    { load: () => import('./HistoryPanel.svelte'), order: 90 },
  ],
  headerWidgets: [SweepWidget],
};
