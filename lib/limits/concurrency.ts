/** Slots per key, taken without waiting: a probe either starts now or is told to come back. */
export class ConcurrencyCounter {
  private readonly running = new Map<string, number>();

  constructor(private readonly limit: number) {}

  isFull(key: string): boolean {
    return this.limit > 0 && (this.running.get(key) ?? 0) >= this.limit;
  }

  /** Takes a slot; the returned function gives it back (once, however often it is called). */
  take(key: string): () => void {
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    };
  }

  get count(): number {
    return this.limit;
  }
}
