import { hasErrorKind, markErrorKind } from '@/lib/error-kind';

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
  /**
   * Takes every budget or none, at once for every instance: the first budget (in order) that has no room answers
   * the refusal, and nothing is taken. A taken window counts one event; a taken slot is held until `release` (with
   * Redis, as a lease renewed while held, so that the slots of an instance that dies free themselves).
   */
  takeBudgets(budgets: readonly Budget[]): Promise<BudgetsTaken>;
}

/**
 * One budget of the limits. `group` names the limit (one per-minute window of clients, the targets' slots…), `key`
 * the one it counts (a client, a host); a limit of 0 is off.
 * - window: at most `limit` events in any `windowMs`;
 * - slot: at most `limit` held at once.
 */
export type Budget = { kind: 'window'; group: string; key: string; limit: number; windowMs: number } | { kind: 'slot'; group: string; key: string; limit: number };

/**
 * Taken (the release gives the slots back, once however often it is called), or refused by `budgets[index]`:
 * `waitMs` until a window has room (0 for a slot), and `room` when the memory backend keeps as many keys at their limits as it
 * may and cannot keep track of a new one for `waitMs`.
 */
export type BudgetsTaken = { ok: true; release: () => Promise<void> } | { ok: false; index: number; waitMs: number; room?: boolean };

/** The shared state could not be reached (Redis down or too slow): callers refuse the request with this message. */
export class SharedStateUnavailable extends Error {
  override readonly name = 'SharedStateUnavailable';
  constructor(message: string) {
    super(message);
    markErrorKind(this, 'SharedStateUnavailable');
  }
}

/** Whether `e` is SharedStateUnavailable, whichever route bundle's copy made it. */
export function isSharedStateUnavailable(e: unknown): e is SharedStateUnavailable {
  return hasErrorKind(e, 'SharedStateUnavailable');
}
