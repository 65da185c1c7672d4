import { Workbox } from 'workbox-window';

/**
 * Service worker lifecycle (workbox-window). A new version waits until the user clicks
 * "Reload": the open tab never mixes old and new code, and a stale cache never shows a blank
 * page because the old worker keeps serving the old, complete precache until then.
 */
class Pwa {
  updateReady = $state(false);
  offlineReady = $state(false);
  private wb: Workbox | null = null;

  register(): void {
    if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
    const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
    this.wb = wb;
    wb.addEventListener('waiting', () => { this.updateReady = true; });
    wb.addEventListener('installed', (e) => { if (!e.isUpdate) this.offlineReady = true; });
    wb.addEventListener('controlling', (e) => { if (e.isUpdate) location.reload(); });
    void wb.register();
    // Look for a new version when the app regains focus (laptops sleep for days).
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void wb.update(); });
  }

  reload(): void {
    if (this.wb) this.wb.messageSkipWaiting(); else location.reload();
  }
}

export const pwa = new Pwa();
