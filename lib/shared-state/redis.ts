import 'server-only';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { isSharedStateUnavailable, SharedStateUnavailable, type Budget, type BudgetsTaken, type SharedState } from './types';
import { TAKE_BUDGETS, RENEW_LEASES, APPEND_BOUNDED } from './redis-scripts';

/** How long connecting, and each command, may take: a request is refused after this, never left hanging. */
export const REDIS_CONNECT_TIMEOUT_MS = 3_000;
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/**
 * A slot is a lease renewed every third of this while it is held: the slots of an instance that dies (no release,
 * no renewal) free themselves within this time.
 */
export const SLOT_LEASE_MS = 30_000;

export interface RedisStateOptions {
  /** Prefix of every key and channel, so that one Redis can serve other things too. */
  prefix?: string;
  leaseMs?: number;
}

type Scripted = Redis & {
  takeBudgets(...args: (string | number)[]): Promise<[number, number]>;
  renewLeases(...args: (string | number)[]): Promise<number>;
  appendBounded(key: string, value: string, maxLength: number, ttlMs: number): Promise<number>;
};

/** The URL as it may be shown: without its password. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(not a URL)';
  }
}

/** A connection that answers or fails within the timeouts above, and reconnects (every 0.2–2 s) after an outage. */
export function connectRedis(url: string): Scripted {
  const client = new Redis(url, {
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }) as Scripted;
  client.defineCommand('takeBudgets', { lua: TAKE_BUDGETS });
  client.defineCommand('renewLeases', { lua: RENEW_LEASES });
  client.defineCommand('appendBounded', { numberOfKeys: 1, lua: APPEND_BOUNDED });
  return client;
}

/**
 * The shared state in Redis (REDIS_URL), for several instances that act as one. Values are strings with a PX expiry,
 * lists are bounded atomically by a script, counters are INCR with PEXPIRE NX, the limits' windows and slots are
 * sorted sets handled by one script per admission (timed by Redis's own clock, so instances' clocks do not matter),
 * and pub/sub uses a second connection, as Redis requires.
 */
export class RedisState implements SharedState {
  readonly kind = 'redis' as const;
  private readonly client: Scripted;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  private readonly prefix: string;
  private readonly leaseMs: number;
  private lastOutageLog = 0;

  constructor(
    private readonly url: string,
    options: RedisStateOptions = {},
  ) {
    this.prefix = options.prefix ?? 'link-doctor:';
    this.leaseMs = options.leaseMs ?? SLOT_LEASE_MS;
    this.client = connectRedis(url);
    this.client.on('error', (e: Error) => this.logOutage(e));
  }

  async get(key: string): Promise<string | null> {
    return this.call(() => this.client.get(this.k(key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.call(() => this.client.set(this.k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.call(() => this.client.del(...keys.map((key) => this.k(key))));
  }

  async append(key: string, value: string, { ttlMs, maxLength }: { ttlMs: number; maxLength: number }): Promise<number | null> {
    const length = await this.call(() => this.client.appendBounded(this.k(key), value, maxLength, Math.max(1, Math.ceil(ttlMs))));
    return length < 0 ? null : length;
  }

  async list(key: string): Promise<string[]> {
    return this.call(() => this.client.lrange(this.k(key), 0, -1));
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const answers = await this.call(() =>
      this.client
        .multi()
        .incr(this.k(key))
        .pexpire(this.k(key), Math.max(1, Math.ceil(ttlMs)), 'NX')
        .exec(),
    );
    const [error, count] = answers?.[0] ?? [new Error('The transaction was discarded.'), null];
    if (error) throw this.unavailable(error);
    return Number(count);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.call(() => this.client.publish(this.k(channel), message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const name = this.k(channel);
    const subscriber = this.subscriberConnection();
    let listeners = this.listeners.get(name);
    if (!listeners) {
      this.listeners.set(name, (listeners = new Set()));
      try {
        await this.call(() => subscriber.subscribe(name));
      } catch (e) {
        this.listeners.delete(name);
        throw e;
      }
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.listeners.get(name) !== listeners) return;
      this.listeners.delete(name);
      await subscriber.unsubscribe(name).catch(() => {});
    };
  }

  async takeBudgets(budgets: readonly Budget[]): Promise<BudgetsTaken> {
    if (budgets.length === 0) return { ok: true, release: async () => {} };
    const lease = randomUUID();
    const keys = budgets.map((budget) => this.k(`limits:${budget.group}:${budget.key}`));
    const args = budgets.flatMap((budget) => [budget.kind, budget.limit, budget.kind === 'window' ? budget.windowMs : 0]);
    const [refusedAt, waitMs] = await this.call(() => this.client.takeBudgets(keys.length, ...keys, lease, this.leaseMs, ...args));
    if (refusedAt > 0) return { ok: false, index: refusedAt - 1, waitMs };

    const slots = keys.filter((_, i) => budgets[i]!.kind === 'slot' && budgets[i]!.limit > 0);
    if (slots.length === 0) return { ok: true, release: async () => {} };
    const renewal = setInterval(() => {
      this.client.renewLeases(slots.length, ...slots, lease, this.leaseMs).catch(() => {});
    }, this.leaseMs / 3);
    renewal.unref();
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renewal);
        // Should Redis be unreachable now, the lease runs out on its own.
        await Promise.all(slots.map((key) => this.client.zrem(key, lease))).catch((e: Error) => this.logOutage(e));
      },
    };
  }

  /** Closes both connections (tests, and a server that stops). */
  async close(): Promise<void> {
    await Promise.all([this.client, this.subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      // A connection in subscriber mode can do nothing else: pub/sub needs one of its own.
      const subscriber = connectRedis(this.url);
      subscriber.on('error', (e: Error) => this.logOutage(e));
      subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) listener(message);
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private k(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Runs one command; an outage or a timeout becomes SharedStateUnavailable, at once when the link is known down. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    if (this.client.status === 'reconnecting' || this.client.status === 'end') throw this.unavailable(new Error('the connection is down'));
    try {
      return await command();
    } catch (e) {
      throw isSharedStateUnavailable(e) ? e : this.unavailable(e);
    }
  }

  private unavailable(e: unknown): SharedStateUnavailable {
    const reason = e instanceof Error ? e.message : String(e);
    this.logOutage(e instanceof Error ? e : new Error(reason));
    return new SharedStateUnavailable(`Link Doctor cannot reach its shared state in Redis (REDIS_URL) right now: ${reason}. Try again in a few seconds.`);
  }

  /** Once every 10 s at most: an outage would otherwise print a line per request and per reconnection. */
  private logOutage(e: Error): void {
    if (Date.now() - this.lastOutageLog < 10_000) return;
    this.lastOutageLog = Date.now();
    console.error(`Link Doctor cannot reach Redis at ${redactedRedisUrl(this.url)} (REDIS_URL): ${e.message}`);
  }
}
