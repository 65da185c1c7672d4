import type { Component } from 'svelte';
import type { MessageKey } from '../i18n/en';
import type { ClientId } from '../../core/model/client';

/**
 * How a feature area plugs into the shell without editing it: pages under `#/<page>/<params…>`,
 * panels on the client card, small widgets in the header (e.g. due-contact counts).
 */
type Lazy<P extends Record<string, unknown>> = () => Promise<{ default: Component<P> }>;

export interface AreaRoute {
  page: string; // first hash segment, e.g. 'agenda'
  /** Prefer `load` (code-split: the page's code is fetched when first opened, keeping start-up small). */
  component?: Component<{ params: string[] }>;
  load?: Lazy<{ params: string[] }>;
  nav?: MessageKey; // shown in the main navigation when set
  order?: number;
}
export interface Area {
  routes: AreaRoute[];
  cardPanels: { component?: Component<{ id: ClientId; readonly: boolean }>; load?: Lazy<{ id: ClientId; readonly: boolean }>; order: number }[];
  headerWidgets: Component[];
}
