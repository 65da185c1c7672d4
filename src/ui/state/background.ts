/**
 * Runs `step` in a later task at the browser's background priority (scheduler.postTask), so the
 * tasks that answer the user — input, a redraw, the next slice of a write — go first. Where the
 * Scheduler API is missing (Safari, older Firefox) it is a zero-delay timer.
 */
interface PostTaskScheduler { postTask(cb: () => void, opts: { priority: 'background' }): Promise<void> }

export function inBackground(step: () => void): void {
  const s = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  // postTask's promise rejects when the step throws: thrown again from a timer, it is reported
  // as an error in a timer would be, not as an unhandled rejection.
  if (typeof s?.postTask === 'function') s.postTask(step, { priority: 'background' }).catch((e: unknown) => setTimeout(() => { throw e; }, 0));
  else setTimeout(step, 0);
}
