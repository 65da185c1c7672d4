import type { Area } from '../types';
import DashboardPage from './DashboardPage.svelte';
import ClientAnalyticsPanel from './ClientAnalyticsPanel.svelte';

/** The analytics area: the dashboard (#/dashboard, drill-downs under #/dashboard/drill/…) and a card panel. */
export const analyticsArea: Area = {
  routes: [{ page: 'dashboard', component: DashboardPage, nav: 'analytics.nav', order: 40 }],
  cardPanels: [{ component: ClientAnalyticsPanel, order: 60 }],
  headerWidgets: [],
};
