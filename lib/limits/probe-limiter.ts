import ipaddr from 'ipaddr.js';
import { ConcurrencyCounter } from './concurrency';
import { processWide } from '@/lib/process-wide';
import { limitsFromEnv, type ProbeLimits } from '@/lib/server/limits-config.mjs';
import { SlidingWindow } from './sliding-window';

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; message: string; retryAfterSeconds: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// A full slot frees when a probe ends, within a probe's deadline; a few seconds is an honest hint.
const BUSY_RETRY_SECONDS = 5;

/**
 * One client, one key. An IPv6 user usually holds a whole /64, so counting single addresses would give them
 * billions of fresh budgets.
 */
export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address || 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = parsed.toByteArray().slice(0, 8);
  return `${ipaddr.fromByteArray([...prefix, 0, 0, 0, 0, 0, 0, 0, 0]).toString()}/64`;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Decides whether a probe may start: per client address (per minute and per day), per target host (per minute and
 * at once) and for the whole server (at once). So Link Doctor cannot be turned into an amplifier or a port scanner.
 * A probe is counted when it is admitted; one admitted run holds one slot per target host until it ends.
 */
export class ProbeLimiter {
  private readonly clientMinute: SlidingWindow;
  private readonly clientDay: SlidingWindow;
  private readonly targetMinute: SlidingWindow;
  private readonly targetRunning: ConcurrencyCounter;
  private readonly running: ConcurrencyCounter;

  constructor(
    limits: ProbeLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.clientMinute = new SlidingWindow(limits.clientPerMinute, MINUTE);
    this.clientDay = new SlidingWindow(limits.clientPerDay, DAY);
    this.targetMinute = new SlidingWindow(limits.targetPerMinute, MINUTE);
    this.targetRunning = new ConcurrencyCounter(limits.targetConcurrency);
    this.running = new ConcurrencyCounter(limits.concurrency);
  }

  admit(clientAddress: string, targetHosts: readonly string[]): Admission {
    const now = this.now();
    const client = clientKey(clientAddress);
    const targets = [...new Set(targetHosts.map((host) => host.toLowerCase()))];
    const refusal = this.refusal(client, targets, now);
    if (refusal) return { ok: false, ...refusal };

    this.clientMinute.record(client, now);
    this.clientDay.record(client, now);
    const releases = [this.running.take('all')];
    for (const target of targets) {
      this.targetMinute.record(target, now);
      releases.push(this.targetRunning.take(target));
    }
    return { ok: true, release: () => releases.forEach((release) => release()) };
  }

  private refusal(client: string, targets: string[], now: number): { message: string; retryAfterSeconds: number } | null {
    if (this.running.isFull('all')) {
      return {
        message: `Link Doctor is already running ${plural(this.running.count, 'probe')}, as many as it runs at once. Try again in a few seconds.`,
        retryAfterSeconds: BUSY_RETRY_SECONDS,
      };
    }
    const minuteWait = this.clientMinute.waitMs(client, now);
    if (minuteWait > 0) {
      return {
        message: `You have started ${plural(this.clientMinute.count, 'probe')} in the last minute, the most allowed. Try again in ${plural(seconds(minuteWait), 'second')}.`,
        retryAfterSeconds: seconds(minuteWait),
      };
    }
    const dayWait = this.clientDay.waitMs(client, now);
    if (dayWait > 0) {
      return {
        message: `You have started ${plural(this.clientDay.count, 'probe')} in the last 24 hours, the most allowed. Try again in ${plural(Math.ceil(dayWait / MINUTE), 'minute')}.`,
        retryAfterSeconds: seconds(dayWait),
      };
    }
    for (const target of targets) {
      if (this.targetRunning.isFull(target)) {
        return {
          message: `${target} already has ${plural(this.targetRunning.count, 'probe')} running, as many as Link Doctor sends one host at once. Try again in a few seconds.`,
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        };
      }
      const targetWait = this.targetMinute.waitMs(target, now);
      if (targetWait > 0) {
        return {
          message: `${target} has been probed ${plural(this.targetMinute.count, 'time')} in the last minute (by everyone using this Link Doctor), the most allowed. Try again in ${plural(seconds(targetWait), 'second')}.`,
          retryAfterSeconds: seconds(targetWait),
        };
      }
    }
    return null;
  }
}

/** The server's one limiter, configured from the environment on first use. */
export function probeLimiter(): ProbeLimiter {
  return processWide('probe-limiter', () => new ProbeLimiter(limitsFromEnv()));
}
