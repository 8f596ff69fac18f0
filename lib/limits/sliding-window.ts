/**
 * Counts events per key over a sliding window: at most `limit` in any `windowMs`. Keeps only the timestamps still
 * inside the window, and at most `maxKeys` keys, so memory stays bounded (`maxKeys` × `limit` timestamps) whatever
 * clients send.
 *
 * Past `maxKeys` it forgets the least recently used key that still has room: forgetting it only hands back events it
 * was allowed anyway. A key at its limit is never forgotten before its oldest event leaves the window, or a client could
 * reset its limit by sending enough traffic from other keys. Should every kept key be at its limit, a new key has to
 * wait until one of them has room again (`roomWaitMs`).
 */
export class SlidingWindow {
  /** Keys with room left, least recently used first. */
  private readonly open = new Map<string, number[]>();
  /** Keys at their limit: kept until their oldest event leaves the window. */
  private readonly full = new Map<string, number[]>();
  /** No key in `full` has room again before this time. */
  private nextRoom = Infinity;

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

  /** Milliseconds until the window can keep track of `key` (0 unless it is new and every kept key is at its limit). */
  roomWaitMs(key: string, now: number): number {
    if (this.limit === 0 || this.open.has(key) || this.full.has(key) || this.size < this.maxKeys || this.open.size > 0) return 0;
    if (now >= this.nextRoom) this.reopen(now);
    return this.open.size > 0 ? 0 : this.nextRoom - now;
  }

  /** Records an event; a new key must have room (`roomWaitMs` is 0). */
  record(key: string, now: number): void {
    if (this.limit === 0) return;
    const recent = [...this.recent(key, now), now].slice(-this.limit);
    // Re-inserting moves the key to the end of the Map's order, so the first key is the least recently used.
    this.open.delete(key);
    this.full.delete(key);
    if (recent.length < this.limit) this.open.set(key, recent);
    else {
      this.full.set(key, recent);
      this.nextRoom = Math.min(this.nextRoom, recent[0]! + this.windowMs);
    }
    while (this.size > this.maxKeys && this.open.size > 0) this.open.delete(this.open.keys().next().value!);
  }

  get count(): number {
    return this.limit;
  }

  /** Keys kept. */
  get size(): number {
    return this.open.size + this.full.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.open.get(key) ?? this.full.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Moves the keys whose oldest event has left the window back among those with room. */
  private reopen(now: number): void {
    this.nextRoom = Infinity;
    for (const [key, events] of this.full) {
      const recent = events.filter((t) => t > now - this.windowMs);
      if (recent.length < this.limit) {
        this.full.delete(key);
        this.open.set(key, recent);
      } else this.nextRoom = Math.min(this.nextRoom, recent[0]! + this.windowMs);
    }
  }
}
