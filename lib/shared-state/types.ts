/**
 * State several instances of Link Doctor must share: relays and their captures, live updates, and (through the same
 * store) the probe limits. One process keeps it in memory; several share it through Redis (REDIS_URL). Both backends
 * implement this one contract, so callers never know which one they have.
 *
 * Values are strings (callers store JSON). Every key expires: nothing is kept for ever.
 */
export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** The value, or null when there is none or it has expired. */
  get(key: string): Promise<string | null>;
  /** Stores a value that expires after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes the keys (values, lists and counters alike). */
  delete(...keys: string[]): Promise<void>;
  /**
   * Appends to a list. A new list expires after `ttlMs` (appending does not extend it). When the list already holds
   * `maxLength` items nothing is appended and the answer is null; otherwise the list's new length.
   */
  append(key: string, value: string, options: { ttlMs: number; maxLength: number }): Promise<number | null>;
  /** A list's items, oldest first ([] when there is none). */
  list(key: string): Promise<string[]>;
  /** Adds 1 to a counter (a new one starts at 0 and expires after `ttlMs`) and answers the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Sends a message to everyone subscribed to the channel, on any instance. */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` with each message published on the channel from now on; the answer unsubscribes. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}
