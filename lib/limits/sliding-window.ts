/**
 * Counts events per key over a sliding window: at most `limit` in any `windowMs`. Keeps only the timestamps still
 * inside the window, and forgets the oldest keys past `maxKeys`, so memory stays bounded whatever clients send.
 */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may have another event, or 0 when it may now. */
  waitMs(key: string, now: number): number {
    if (this.limit === 0) return 0;
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit]! + this.windowMs - now;
  }

  record(key: string, now: number): void {
    if (this.limit === 0) return;
    const recent = this.recent(key, now);
    recent.push(now);
    // Re-inserting moves the key to the end of the Map's order, so the first key is the least recently used.
    this.events.delete(key);
    this.events.set(key, recent.slice(-this.limit));
    if (this.events.size > this.maxKeys) this.events.delete(this.events.keys().next().value!);
  }

  get count(): number {
    return this.limit;
  }

  private recent(key: string, now: number): number[] {
    return (this.events.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }
}
