/**
 * Where the shared real data sets live: next to the repository (/work/shared when the repo
 * is /work/main). A fresh clone does not have them, so the real-data tests skip, loudly.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REAL_DIR = path.resolve(__dirname, '../../../shared/data/real');
export const HAVE_REAL = existsSync(REAL_DIR);
if (!HAVE_REAL) console.warn(`[analytics tests] ${REAL_DIR} not found: real-data tests are skipped`);
