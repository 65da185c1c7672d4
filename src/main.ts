import { mount } from 'svelte';
import App from './ui/App.svelte';
import { base } from './ui/state/base.svelte';
import { pwa } from './ui/state/pwa.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (target) {
  mount(App, { target });
  void base.open();
  pwa.register();
}
