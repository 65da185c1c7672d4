import type { Component } from 'svelte';
import type { MessageKey } from '../i18n/en';
import type { ClientId } from '../../core/model/client';

/**
 * How a feature area plugs into the shell without editing it: pages under `#/<page>/<params…>`,
 * panels on the client card, small widgets in the header (e.g. due-contact counts).
 */
export interface AreaRoute {
  page: string; // first hash segment, e.g. 'agenda'
  component: Component<{ params: string[] }>;
  nav?: MessageKey; // shown in the main navigation when set
  order?: number;
}
export interface Area {
  routes: AreaRoute[];
  cardPanels: { component: Component<{ id: ClientId; readonly: boolean }>; order: number }[];
  headerWidgets: Component[];
}
