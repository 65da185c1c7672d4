import type { Area } from '../types';
import DueWidget from './DueWidget.svelte';

/**
 * The work area: its pages (code-split: fetched when first opened), its panels on the client card
 * and its header widget (due and overdue contacts, on every screen).
 */
export const workArea: Area = {
  routes: [
    { page: 'agenda', load: () => import('./AgendaPage.svelte'), nav: 'work.nav.agenda', order: 10 },
    { page: 'pipeline', load: () => import('./PipelinePage.svelte'), nav: 'work.nav.pipeline', order: 11 },
    { page: 'keyaccounts', load: () => import('./KeyAccountsPage.svelte'), nav: 'work.nav.keyAccounts', order: 12 },
    { page: 'winback', load: () => import('./WinbackPage.svelte'), nav: 'work.nav.winback', order: 13 },
    { page: 'dossier', load: () => import('./DossierPage.svelte') },
  ],
  cardPanels: [
    { load: () => import('./WorkPanel.svelte'), order: 10 },
    { load: () => import('./PlansPanel.svelte'), order: 20 },
    { load: () => import('./MarksPanel.svelte'), order: 30 },
    { load: () => import('./TimelinePanel.svelte'), order: 40 },
  ],
  headerWidgets: [DueWidget],
};
