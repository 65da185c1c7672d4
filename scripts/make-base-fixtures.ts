// Writes tests/fixtures/bases/schema-v<N>.ydoc: a saved base as this schema version writes it.
// Run once per schema version bump (`npx vite-node scripts/make-base-fixtures.ts`) and commit the
// new file; old files stay forever so every later app is tested against every older base.
import * as Y from 'yjs';
import fs from 'node:fs';
import path from 'node:path';
import { openBase, SCHEMA_VERSION } from '../src/core/schema/version';
import { makeCtx } from '../src/core/commands/context';
import { loadSample } from '../src/core/commands/sample';
import { createClient, setClientTag, updateClientField } from '../src/core/commands/clients';
import { createMember } from '../src/core/commands/team';

const doc = new Y.Doc();
openBase(doc);
const ctx = makeCtx(doc, '', () => false, () => '2026-11-22T12:00:00.000Z');
createMember(ctx, 'Fixture', '#1f77b4');
loadSample(ctx, { clients: 40, lines: 400 }, 20_000, 7);
const c = createClient(ctx, { name: 'Hand-made client', phones: ['+38970123456'] });
if (c.ok) { updateClientField(ctx, c.value, 'notes', 'edited once'); setClientTag(ctx, c.value, 'VIP', true); }
const out = path.resolve(import.meta.dirname, `../tests/fixtures/bases/schema-v${SCHEMA_VERSION}.ydoc`);
fs.writeFileSync(out, Y.encodeStateAsUpdate(doc));
console.log(`wrote ${out} (${fs.statSync(out).size} bytes)`);
