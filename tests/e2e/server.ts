import { preview, type PreviewServer } from 'vite';
import path from 'node:path';

/**
 * Serves the built app (dist/) on 127.0.0.1 exactly as `npm start` does. KARTOTEKA_E2E_DIST serves
 * another build (one made with `vite build --outDir …`), so a spec can run while dist/ is rebuilt.
 */
export async function startApp(): Promise<{ url: string; close: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '../..');
  const outDir = process.env.KARTOTEKA_E2E_DIST;
  const server: PreviewServer = await preview({ root, configFile: path.join(root, 'vite.config.ts'), ...(outDir ? { build: { outDir } } : {}), preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'error' });
  const addr = server.httpServer.address();
  if (!addr || typeof addr === 'string') throw new Error('preview server has no port');
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => new Promise((res) => server.httpServer.close(() => res())) };
}
