type Listener<T> = (items: readonly T[]) => void;

/**
 * Collects what arrives between animation frames and hands it to its listeners once per frame, so
 * a hundred socket messages a second cost one chart redraw and one readout render per frame.
 * While the tab is hidden (no frames) it keeps only the newest `keep` items.
 */
export class FrameFeed<T> {
  /** Every item pushed so far, including any dropped while the tab was hidden. */
  received = 0;
  private pending: T[] = [];
  private frame = 0;
  private readonly keep: number;
  private readonly listeners = new Set<Listener<T>>();

  constructor(keep: number) {
    this.keep = keep;
  }

  push(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) this.pending.push(item);
    this.received += items.length;
    if (this.pending.length > this.keep) this.pending.splice(0, this.pending.length - this.keep);
    this.frame ||= requestAnimationFrame(this.flush);
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Forgets what has not been handed on yet. */
  cancel(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = [];
  }

  private readonly flush = () => {
    this.frame = 0;
    const items = this.pending;
    this.pending = [];
    for (const listener of this.listeners) listener(items);
  };
}
