// Bench-only: k workers each planning the tail part of the bench file at once (?k=2), to see how
// parallel planning scales on this machine (see bench/pipe-times.mjs).
declare global { interface Window { pipeResult?: unknown } }
async function main() {
  const k = Number(new URLSearchParams(location.search).get('k') ?? 1);
  // ?disk: the file picked from disk (as the app gets it), else fetched into memory.
  const file: Blob = location.search.includes('disk')
    ? await new Promise<File>((resolve) => { const i = document.createElement('input'); i.type = 'file'; i.ariaLabel = 'file'; i.onchange = () => resolve(i.files![0]!); document.body.append(i); })
    : await (await fetch('/bench-data/purchases.csv')).blob();
  const t0 = performance.now();
  const times = await Promise.all(Array.from({ length: k }, () => new Promise<number>((resolve) => {
    const w = new Worker(new URL('./pipepar.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<number>) => { resolve(e.data); w.terminate(); };
    w.postMessage({ file, mode: new URLSearchParams(location.search).get('mode') ?? 'tail' });
  })));
  window.pipeResult = { ms: performance.now() - t0, times: times.map(Math.round) };
}
main().catch((e) => { window.pipeResult = { error: String(e) }; });
