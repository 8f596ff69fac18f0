// The headless browsers' slots: at most `max` browsers at once and `maxQueue` runs waiting for one. In one process a
// Semaphore (first come, first served, handed over at once); with Redis (REDIS_URL) the slots and the queue's places
// are leases in the shared state, so that several instances run no more browsers than one would. A waiting run then
// asks again every POLL_MS: Redis keeps no queue order, so among instances the order is not strictly first come.

import 'server-only';
import { sharedState, type Budget, type SharedState } from '@/lib/shared-state';
import { Semaphore, SlotUnavailable } from './semaphore';

const POLL_MS = 250;

export class BrowserSlots {
  private readonly local: Semaphore;
  /** Runs of this instance holding a shared slot, and waiting for one (with Redis). */
  private holders = 0;
  private waiters = 0;

  constructor(
    readonly max: number,
    readonly maxQueue: number,
    /** The server's shared state, read on first use (tests give their own). */
    private readonly state: () => SharedState = sharedState,
  ) {
    this.local = new Semaphore(max, maxQueue);
  }

  /** This instance's runs holding a browser. */
  get active(): number {
    return this.local.active + this.holders;
  }

  /** This instance's runs waiting for one. */
  get waiting(): number {
    return this.local.waiting + this.waiters;
  }

  /** Resolves with a release function (call it once; later calls are ignored), or throws SlotUnavailable. */
  async acquire(timeoutMs = Infinity): Promise<() => void> {
    const state = this.state();
    if (state.kind === 'memory') return this.local.acquire(timeoutMs);

    const slot: Budget = { kind: 'slot', group: 'browser', key: 'all', limit: this.max };
    const first = await state.takeBudgets([slot]);
    if (first.ok) return this.holding(first.release);
    const place = await state.takeBudgets([{ kind: 'slot', group: 'browser-queue', key: 'all', limit: this.maxQueue }]);
    if (!place.ok) throw new SlotUnavailable('queue-full');
    this.waiters++;
    try {
      const deadline = performance.now() + timeoutMs;
      for (let left = timeoutMs; left > 0; left = deadline - performance.now()) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
        const taken = await state.takeBudgets([slot]);
        if (taken.ok) return this.holding(taken.release);
      }
      throw new SlotUnavailable('timeout');
    } finally {
      this.waiters--;
      await place.release();
    }
  }

  private holding(release: () => Promise<void>): () => void {
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      void release().catch(() => {}); // the lease runs out on its own should Redis not hear this
    };
  }
}
