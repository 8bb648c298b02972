// replaceSlots' identical-payload guard (NOTES.md §4.1): the same address + payload while the first is still in
// flight → 429; again within 3 minutes after the first finished → ignored, answered 201.
import { MINUTE } from './time';

export const DUPLICATE_WINDOW_MS = 3 * MINUTE;

export class ReplaceSlotsGuard {
  private readonly running = new Map<string, number>();
  private readonly finished = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  inFlight(key: string): boolean {
    return (this.running.get(key) ?? 0) > 0;
  }

  begin(key: string): void {
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
  }

  end(key: string): void {
    const n = (this.running.get(key) ?? 1) - 1;
    if (n <= 0) this.running.delete(key);
    else this.running.set(key, n);
  }

  recentlyDone(key: string): boolean {
    const at = this.finished.get(key);
    return at !== undefined && this.now() - at < DUPLICATE_WINDOW_MS;
  }

  /** Records a PUT that was applied; stale entries are pruned on the way. */
  done(key: string): void {
    const now = this.now();
    if (this.finished.size > 5000) {
      for (const [k, at] of this.finished) if (now - at >= DUPLICATE_WINDOW_MS) this.finished.delete(k);
    }
    this.finished.set(key, now);
  }
}
