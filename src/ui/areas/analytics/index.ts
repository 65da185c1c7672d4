import type { Area } from '../types';

/** The analytics area: the dashboard (#/dashboard, drill-downs under #/dashboard/drill/…) and a card panel. */
export const analyticsArea: Area = {
  routes: [{ page: 'dashboard', load: () => import('./DashboardPage.svelte'), nav: 'analytics.nav', order: 40 }],
  cardPanels: [{ load: () => import('./ClientAnalyticsPanel.svelte'), order: 60 }],
  headerWidgets: [],
};
