// A small counting semaphore with a bounded FIFO queue: at most `max` holders at once; waiters beyond `maxQueue`, or
// waiting longer than their timeout, are turned away with SlotUnavailable. Import-safe (no I/O).

import 'server-only';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';

export class SlotUnavailable extends Error {
  override readonly name = 'SlotUnavailable';
  constructor(readonly why: 'queue-full' | 'timeout') {
    super(why === 'queue-full' ? 'Too many checks are waiting for a browser.' : 'Waited too long for a free browser.');
    markErrorKind(this, 'SlotUnavailable');
  }
}

export function isSlotUnavailable(e: unknown): e is SlotUnavailable {
  return hasErrorKind(e, 'SlotUnavailable');
}

interface Waiter {
  grant: (release: () => void) => void;
  timer: NodeJS.Timeout | undefined;
}

export class Semaphore {
  private holders = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly max: number,
    readonly maxQueue = Infinity,
  ) {}

  get active(): number {
    return this.holders;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function (call it exactly once; later calls are ignored). */
  acquire(timeoutMs = Infinity): Promise<() => void> {
    if (this.holders < this.max) {
      this.holders++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueue) return Promise.reject(new SlotUnavailable('queue-full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, timer: undefined };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i !== -1) this.queue.splice(i, 1);
          reject(new SlotUnavailable('timeout'));
        }, timeoutMs);
      }
      this.queue.push(waiter);
    });
  }

  /** Run `fn` while holding a slot. */
  async run<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
    const release = await this.acquire(timeoutMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        // The slot passes straight to the next waiter: `holders` stays the same.
        next.grant(this.releaser());
      } else {
        this.holders--;
      }
    };
  }
}
