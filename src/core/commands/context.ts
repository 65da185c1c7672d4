import type * as Y from 'yjs';
import type { MemberId } from '../model/member';
import { err, type Result } from '../util/result';

/**
 * Who is writing, to which base, and whether writing is allowed. Every command takes one.
 * `readOnly` is a function because it changes at run time (a peer may bring a newer schema).
 */
export interface Ctx {
  doc: Y.Doc;
  me: MemberId | '';
  readOnly(): boolean;
  now(): string;
}

/** Transaction origin of every local command: persistence and sync tell local writes by it. */
export interface CommandOrigin {
  readonly kind: 'command';
  readonly name: string;
  readonly member: MemberId | '';
}

export function makeCtx(doc: Y.Doc, me: MemberId | '' = '', readOnly: () => boolean = () => false, now: () => string = () => new Date().toISOString()): Ctx {
  return { doc, me, readOnly, now };
}

/**
 * Runs a named command in exactly one Yjs transaction (one update on disk and on the wire:
 * all or nothing), unless the base is read-only.
 */
export function run<T>(ctx: Ctx, name: string, fn: () => Result<T>): Result<T> {
  if (ctx.readOnly()) return err('read-only');
  let out: Result<T> = err('not run');
  const origin: CommandOrigin = { kind: 'command', name, member: ctx.me };
  ctx.doc.transact(() => { out = fn(); }, origin);
  return out;
}
