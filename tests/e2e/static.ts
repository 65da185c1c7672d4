import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.json': 'application/json' };

/**
 * A plain static server over a copy of dist/, so a test can deploy a "new version" (change
 * sw.js) while a page is open — vite preview serves dist/ in place, which the build owns.
 */
export async function serveCopy(): Promise<{ url: string; dir: string; close: () => Promise<void> }> {
  const src = path.resolve(import.meta.dirname, '../../dist');
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'kartoteka-dist-'));
  fs.cpSync(src, dir, { recursive: true });
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, p === '/' ? 'index.html' : p);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${addr.port}/`, dir, close: () => new Promise((r) => server.close(() => r())) };
}
