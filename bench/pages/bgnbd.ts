// Bench-only: the BG/NBD fit on 25 000 simulated customers (issue 4's figure), timed in
// Chromium inside a dedicated worker, as the dashboard runs its models.
declare global { interface Window { bgnbdResult?: unknown } }

const w = new Worker(new URL('./bgnbd.worker.ts', import.meta.url), { type: 'module' });
w.onmessage = (e) => { window.bgnbdResult = e.data; };
w.onerror = (e) => { window.bgnbdResult = { error: e.message }; };
export {};
