import 'server-only';
import { EventEmitter } from 'node:events';
import { ConcurrencyCounter } from '@/lib/limits/concurrency';
import { SlidingWindow } from '@/lib/limits/sliding-window';
import type { Budget, BudgetsTaken, SharedState } from './types';

type Entry = { value: string | string[] | number; expiresAt: number };

const SWEEP_MS = 60_000;

/** The embedded default: one process's memory. Expired keys are dropped when read and swept once a minute. */
export class MemoryState implements SharedState {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly channels = new EventEmitter();
  /** The limits' windows and slots, one per budget group. */
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly slots = new Map<string, ConcurrencyCounter>();

  constructor(private readonly now: () => number = Date.now) {
    this.channels.setMaxListeners(0);
    setInterval(() => this.sweep(), SWEEP_MS).unref();
  }

  async get(key: string): Promise<string | null> {
    const value = this.live(key)?.value;
    return typeof value === 'string' ? value : null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async append(key: string, value: string, { ttlMs, maxLength }: { ttlMs: number; maxLength: number }): Promise<number | null> {
    const entry = this.live(key);
    const items = Array.isArray(entry?.value) ? entry.value : [];
    if (items.length >= maxLength) return null;
    items.push(value);
    if (!entry || !Array.isArray(entry.value)) this.entries.set(key, { value: items, expiresAt: this.now() + ttlMs });
    return items.length;
  }

  async list(key: string): Promise<string[]> {
    const value = this.live(key)?.value;
    return Array.isArray(value) ? [...value] : [];
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const count = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
    this.entries.set(key, { value: count, expiresAt: entry?.expiresAt ?? this.now() + ttlMs });
    return count;
  }

  async publish(channel: string, message: string): Promise<void> {
    this.channels.emit(channel, message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.channels.on(channel, listener);
    return async () => {
      this.channels.off(channel, listener);
    };
  }

  async takeBudgets(budgets: readonly Budget[]): Promise<BudgetsTaken> {
    const now = this.now();
    for (const [index, budget] of budgets.entries()) {
      if (budget.kind === 'slot') {
        if (this.slot(budget).isFull(budget.key)) return { ok: false, index, waitMs: 0 };
        continue;
      }
      const window = this.window(budget);
      const roomWait = window.roomWaitMs(budget.key, now);
      if (roomWait > 0) return { ok: false, index, waitMs: roomWait, room: true };
      const wait = window.waitMs(budget.key, now);
      if (wait > 0) return { ok: false, index, waitMs: wait };
    }
    const releases = budgets.flatMap((budget) => (budget.kind === 'slot' ? this.slot(budget).take(budget.key) : (this.window(budget).record(budget.key, now), [])));
    return { ok: true, release: async () => releases.forEach((release) => release()) };
  }

  private window({ group, limit, windowMs }: Budget & { kind: 'window' }): SlidingWindow {
    let window = this.windows.get(group);
    if (!window) this.windows.set(group, (window = new SlidingWindow(limit, windowMs)));
    return window;
  }

  private slot({ group, limit }: Budget): ConcurrencyCounter {
    let counter = this.slots.get(group);
    if (!counter) this.slots.set(group, (counter = new ConcurrencyCounter(limit)));
    return counter;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
