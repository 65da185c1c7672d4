import { defineConfig, mergeConfig } from 'vite';
import path from 'node:path';
import base from '../vite.config';

// The app build plus bench-only pages, into .bench-out/ (never into dist/).
const root = path.resolve(import.meta.dirname, '..');
export default mergeConfig(base, defineConfig({
  root,
  build: {
    outDir: path.join(root, '.bench-out'),
    emptyOutDir: true,
    // BENCH_PROFILE=1: readable function names in CPU profiles.
    minify: process.env.BENCH_PROFILE ? false : undefined,
    rollupOptions: { input: { main: path.join(root, 'index.html'), seed: path.join(root, 'bench/pages/seed.html'), papa: path.join(root, 'bench/pages/papa.html'), bgnbd: path.join(root, 'bench/pages/bgnbd.html'), pipe: path.join(root, 'bench/pages/pipe.html'), pipepar: path.join(root, 'bench/pages/pipepar.html') } },
  },
}));
