#!/usr/bin/env node
// Prints the closing line CI reads ("N passed, N failed, N skipped") from the vitest JSON
// reports that `npm test` writes. A suite that did not run (an earlier one failed) counts as
// one failure, so a red run can never print "0 failed".
import fs from 'node:fs';

let passed = 0, failed = 0, skipped = 0;
for (const name of ['unit', 'e2e']) {
  const file = `test-results/${name}.json`;
  if (!fs.existsSync(file)) { console.log(`${name}: did not run`); failed++; continue; }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (r.success === false && !r.numFailedTests && !r.numRuntimeErrorTestSuites) failed++;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
