import { mount } from 'svelte';
import App from './ui/App.svelte';
import { base } from './ui/state/base.svelte';
import { pwa } from './ui/state/pwa.svelte';
import { teamSync } from './ui/areas/sync/team.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (target) {
  mount(App, { target });
  // Local first: the base opens from disk; sync starts after, and never delays a read or write.
  void base.open().then(() => { if (base.status === 'ready' && teamSync.team) void teamSync.connect(); });
  pwa.register();
}
