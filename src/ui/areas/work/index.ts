import type { Area } from '../types';
import AgendaPage from './AgendaPage.svelte';
import PipelinePage from './PipelinePage.svelte';
import WinbackPage from './WinbackPage.svelte';
import KeyAccountsPage from './KeyAccountsPage.svelte';
import DossierPage from './DossierPage.svelte';
import WorkPanel from './WorkPanel.svelte';
import PlansPanel from './PlansPanel.svelte';
import MarksPanel from './MarksPanel.svelte';
import TimelinePanel from './TimelinePanel.svelte';
import DueWidget from './DueWidget.svelte';

/** The work area: its pages, its panels on the client card and its header widgets. */
export const workArea: Area = {
  routes: [
    { page: 'agenda', component: AgendaPage, nav: 'work.nav.agenda', order: 10 },
    { page: 'pipeline', component: PipelinePage, nav: 'work.nav.pipeline', order: 11 },
    { page: 'keyaccounts', component: KeyAccountsPage, nav: 'work.nav.keyAccounts', order: 12 },
    { page: 'winback', component: WinbackPage, nav: 'work.nav.winback', order: 13 },
    { page: 'dossier', component: DossierPage },
  ],
  cardPanels: [
    { component: WorkPanel, order: 10 },
    { component: PlansPanel, order: 20 },
    { component: MarksPanel, order: 30 },
    { component: TimelinePanel, order: 40 },
  ],
  headerWidgets: [DueWidget],
};
