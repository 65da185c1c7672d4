/** One transient message with an optional action (e.g. "Undo"), replaced by the next one. */
class Toast {
  message = $state('');
  actionLabel = $state('');
  private action: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  show(message: string, actionLabel = '', action: (() => void) | null = null, ms = 8000): void {
    clearTimeout(this.timer);
    this.message = message; this.actionLabel = actionLabel; this.action = action;
    this.timer = setTimeout(() => this.clear(), ms);
  }
  run(): void { const a = this.action; this.clear(); a?.(); }
  clear(): void { this.message = ''; this.actionLabel = ''; this.action = null; }
}
export const toast = new Toast();
