// The client cache's slices run at background priority where the browser has a Scheduler, so an
// import's result is drawn before them; elsewhere they are zero-delay timers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inBackground } from '../../src/ui/state/background';

const g = globalThis as { scheduler?: unknown };
afterEach(() => { delete g.scheduler; vi.useRealTimers(); });

describe('inBackground', () => {
  it('posts the step as a background task when scheduler.postTask exists', async () => {
    const posted: { priority: string }[] = [];
    const ran: string[] = [];
    g.scheduler = { postTask(cb: () => void, opts: { priority: string }) { posted.push(opts); return Promise.resolve().then(cb); } };
    inBackground(() => ran.push('step'));
    expect(ran).toEqual([]); // never in the caller's task
    await Promise.resolve(); await Promise.resolve();
    expect(ran).toEqual(['step']);
    expect(posted).toEqual([{ priority: 'background' }]);
  });

  it('throws a failing step again from a timer, not as an unhandled rejection', async () => {
    vi.useFakeTimers();
    g.scheduler = { postTask: (cb: () => void) => Promise.resolve().then(cb) };
    inBackground(() => { throw new Error('boom'); });
    for (let i = 0; i < 4; i++) await Promise.resolve(); // the step runs, its promise rejects, the catch queues a timer
    expect(vi.getTimerCount()).toBe(1);
    expect(() => vi.runOnlyPendingTimers()).toThrow('boom');
  });

  it('falls back to a zero-delay timer without a Scheduler', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    inBackground(() => ran.push('step'));
    expect(ran).toEqual([]);
    vi.runAllTimers();
    expect(ran).toEqual(['step']);
  });
});
