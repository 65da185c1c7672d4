import type { Area } from '../types';
import DuplicatesPage from './DuplicatesPage.svelte';
import SegmentsPage from './SegmentsPage.svelte';
import PrivacyPanel from './PrivacyPanel.svelte';
import HistoryPanel from './HistoryPanel.svelte';
import MergedPanel from './MergedPanel.svelte';
import SweepWidget from './SweepWidget.svelte';

/** The privacy area: duplicates and merge, segments, consent and erase, the change history. */
export const privacyArea: Area = {
  routes: [
    { page: 'segments', component: SegmentsPage, nav: 'privacy.nav.segments', order: 60 },
    { page: 'duplicates', component: DuplicatesPage, nav: 'privacy.nav.duplicates', order: 61 },
  ],
  cardPanels: [
    { component: MergedPanel, order: 5 },
    { component: PrivacyPanel, order: 80 },
    { component: HistoryPanel, order: 90 },
  ],
  headerWidgets: [SweepWidget],
};
