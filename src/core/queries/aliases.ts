import type * as Y from 'yjs';
import type { ClientId } from '../model/client';
import { isClientId } from '../model/client';
import { flat } from '../schema/layout';

/**
 * Client aliases left by merges (commands/merge.ts). Purchase chunks are immutable, so a merged
 * client's lines keep the loser's id; the loser's record carries `mergedInto` = survivor id and
 * readers resolve through it. Chains (A→B, then B→C) are followed; a cycle (two laptops merging
 * the pair in opposite directions offline) resolves to the smallest id of the cycle, the same on
 * every laptop.
 */
export function aliasMap(doc: Y.Doc): Map<ClientId, ClientId> {
  // Merges write `mergedInto` only to the overlay: scan its keys, not every client.
  const out = new Map<ClientId, ClientId>();
  for (const [k, to] of flat(doc, 'clients')) {
    if (!k.endsWith('|mergedInto')) continue;
    const id = k.slice(0, -'|mergedInto'.length);
    if (isClientId(id) && isClientId(to) && to !== id) out.set(id, to);
  }
  return out;
}

/** The id a client's data belongs to now: itself, or the survivor of the merge(s) it went into. */
export function resolveWith(map: ReadonlyMap<ClientId, ClientId>, id: ClientId): ClientId {
  const seen: ClientId[] = [];
  let cur = id;
  while (map.has(cur)) {
    if (seen.includes(cur)) return [...seen].sort()[0]!; // cycle
    seen.push(cur);
    cur = map.get(cur)!;
  }
  return cur;
}

export function resolveClientId(doc: Y.Doc, id: ClientId): ClientId {
  return resolveWith(aliasMap(doc), id);
}

/** Every id merged (directly or through a chain) into `id`, not including `id`: their data is `id`'s now. */
export function aliasesOf(doc: Y.Doc, id: ClientId, map: ReadonlyMap<ClientId, ClientId> = aliasMap(doc)): ClientId[] {
  const out: ClientId[] = [];
  for (const start of map.keys()) {
    if (start === id) continue;
    const seen = new Set<ClientId>();
    for (let cur: ClientId | undefined = map.get(start); cur && !seen.has(cur); cur = map.get(cur)) {
      if (cur === id) { out.push(start); break; }
      seen.add(cur);
    }
  }
  return out.sort();
}
