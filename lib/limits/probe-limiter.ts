import ipaddr from 'ipaddr.js';
import { processWide } from '@/lib/process-wide';
import { isSharedStateUnavailable, sharedState, type Budget, type BudgetsTaken, type SharedState } from '@/lib/shared-state';
import { MemoryState } from '@/lib/shared-state/memory';
import type { ClaimAddresses, Refusal } from './probe-scope';
import { limitsFromEnv, type ProbeLimits } from '@/lib/server/limits-config.mjs';
import { targetKey } from './target-key';

/** Admitted (with the claim on addresses, unless the run is not counted at all), or refused. */
export type Admission = { ok: true; release: () => void; claimAddresses?: ClaimAddresses } | ({ ok: false } & Refusal);

export interface AdmitOptions {
  /** A browser-mode run: it also counts against the client's browser quota. */
  browser?: boolean;
  /**
   * Holds one of the server's PROBE_CONCURRENCY slots while it runs (the default). A run that only waits for a browser
   * and drives it does not: the browsers are a pool of their own, and runs waiting in its queue must not keep other
   * probes out.
   */
  serverSlot?: boolean;
}

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
  return prefixKey(parsed as ipaddr.IPv6, 64);
}

/**
 * The network a client address belongs to: its IPv4 /24 or IPv6 /48, the blocks one holder commonly gets whole. Null
 * when the address is not known.
 */
export function networkKey(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') return prefixKey(parsed as ipaddr.IPv6, 48);
  const bytes = parsed.toByteArray();
  return `${ipaddr.fromByteArray([bytes[0]!, bytes[1]!, bytes[2]!, 0]).toString()}/24`;
}

function prefixKey(address: ipaddr.IPv6, bits: 48 | 64): string {
  const bytes = address.toByteArray().map((b, i) => (i < bits / 8 ? b : 0));
  return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "30 seconds", or for a day's budget "1380 minutes". */
function waitText(ms: number, windowMs: number): string {
  return windowMs > MINUTE ? plural(Math.ceil(ms / MINUTE), 'minute') : plural(seconds(ms), 'second');
}

/** One budget a run needs, and what to say when it has no room (after `waitMs`). */
interface Check {
  budget: Budget;
  refuse: (waitMs: number) => Refusal;
}

/** A run counted in a sliding window; `describe` says why it is refused, given the wait. */
function windowCheck(group: string, limit: number, windowMs: number, key: string, describe: (waitMs: number) => string): Check {
  return {
    budget: { kind: 'window', group, key, limit, windowMs },
    refuse: (wait) => ({ message: describe(wait), retryAfterSeconds: seconds(wait) }),
  };
}

/** A run holding a slot while it runs. */
function slotCheck(group: string, limit: number, key: string, message: string): Check {
  return { budget: { kind: 'slot', group, key, limit }, refuse: () => ({ message, retryAfterSeconds: BUSY_RETRY_SECONDS }) };
}

/** Takes every budget, or none: the first refusal in order is the answer. */
async function takeAll(state: SharedState, checks: Check[]): Promise<{ ok: true; release: () => void } | ({ ok: false } & Refusal)> {
  let taken: BudgetsTaken;
  try {
    taken = await state.takeBudgets(checks.map((check) => check.budget));
  } catch (e) {
    // Without the shared state nothing can be counted: refuse plainly rather than run uncounted.
    if (isSharedStateUnavailable(e)) return { ok: false, message: e.message, retryAfterSeconds: BUSY_RETRY_SECONDS };
    throw e;
  }
  if (!taken.ok) {
    if (taken.room) {
      return {
        ok: false,
        message: `Link Doctor is keeping track of as many clients and hosts at their limits as it can. Try again in ${plural(seconds(taken.waitMs), 'second')}.`,
        retryAfterSeconds: seconds(taken.waitMs),
      };
    }
    return { ok: false, ...checks[taken.index]!.refuse(taken.waitMs) };
  }
  return { ok: true, release: () => void taken.release().catch(() => {}) };
}

interface Client {
  key: string;
  network: string | null;
}

function clientOf(address: string): Client {
  return { key: clientKey(address), network: networkKey(address) };
}

/**
 * A per-client rate, and the same rate times PROBE_NETWORK_CLIENTS for each client's network, so that one holder of a
 * whole /48 or /24 cannot multiply its budget by the number of its addresses.
 */
class ClientRate {
  constructor(
    /** The budgets' names: `<name>-client` and `<name>-network`. */
    private readonly name: string,
    private readonly limit: number,
    private readonly networkClients: number,
    private readonly windowMs: number,
    /** "started 10 probes", "run 120 checks of pasted input". */
    private readonly done: (n: number) => string,
  ) {}

  checks(client: Client): Check[] {
    const period = this.windowMs > MINUTE ? 'in the last 24 hours' : 'in the last minute';
    const checks = [
      windowCheck(`${this.name}-client`, this.limit, this.windowMs, client.key, (wait) => `You have ${this.done(this.limit)} ${period}, the most allowed. Try again in ${waitText(wait, this.windowMs)}.`),
    ];
    if (client.network) {
      const n = this.limit * this.networkClients;
      checks.push(
        windowCheck(
          `${this.name}-network`,
          n,
          this.windowMs,
          client.network,
          (wait) => `Clients in your network (${client.network}) have ${this.done(n)} ${period}, the most one network may. Try again in ${waitText(wait, this.windowMs)}.`,
        ),
      );
    }
    return checks;
  }
}

/**
 * Decides whether a probe may start: per client address and per client network (per minute and per day), per target
 * host (per minute and at once, by the host's normalised name and by the addresses it resolves to) and for the whole
 * server (at once). So Link Doctor cannot be turned into an amplifier or a port scanner. Browser-mode runs have a
 * quota of their own per client; checks of pasted input, which reach no network, have a generous one.
 * A probe is counted when it is admitted; one admitted run holds one slot per target host until it ends.
 */
export class ProbeLimiter {
  private readonly clientMinute: ClientRate;
  private readonly clientDay: ClientRate;
  private readonly browserMinute: ClientRate;
  private readonly pastedChecksMinute: ClientRate;

  constructor(
    private readonly limits: ProbeLimits,
    now: () => number = Date.now,
    /** Where the budgets are kept: this limiter's own memory unless given (the server's shared state). */
    private readonly state: SharedState = new MemoryState(now),
  ) {
    const probes = (n: number) => `started ${plural(n, 'probe')}`;
    this.clientMinute = new ClientRate('probes-minute', limits.clientPerMinute, limits.networkClients, MINUTE, probes);
    this.clientDay = new ClientRate('probes-day', limits.clientPerDay, limits.networkClients, DAY, probes);
    this.browserMinute = new ClientRate('browser-minute', limits.browserClientPerMinute, limits.networkClients, MINUTE, (n) => `started ${plural(n, 'browser-mode run')}`);
    this.pastedChecksMinute = new ClientRate('pasted-minute', limits.pastedChecksPerMinute, limits.networkClients, MINUTE, (n) => `run ${plural(n, 'check')} of pasted input`);
  }

  async admit(clientAddress: string, targetHosts: readonly string[], options: AdmitOptions = {}): Promise<Admission> {
    const client = clientOf(clientAddress);
    const targets = [...new Set(targetHosts.map(targetKey))];
    const { concurrency } = this.limits;
    const admitted = await takeAll(this.state, [
      ...(options.serverSlot === false
        ? []
        : [slotCheck('running', concurrency, 'all', `Link Doctor is already running ${plural(concurrency, 'probe')}, as many as it runs at once. Try again in a few seconds.`)]),
      ...this.clientMinute.checks(client),
      ...this.clientDay.checks(client),
      ...(options.browser ? this.browserChecks(client) : []),
      ...targets.flatMap((target) => this.targetChecks(target, target)),
    ]);
    if (!admitted.ok) return admitted;

    // Addresses this run holds, or is claiming: a claim in flight is not taken twice by a parallel one.
    const held = new Set(targets);
    const releases = [admitted.release];
    let ended = false;
    const claimAddresses: ClaimAddresses = async (host, addresses) => {
      if (ended || !held.has(targetKey(host))) return null;
      const fresh = [...new Set(addresses.map(targetKey))].filter((address) => !held.has(address));
      fresh.forEach((address) => held.add(address));
      const claimed = await takeAll(this.state, fresh.flatMap((address) => this.targetChecks(address, `${host} resolves to ${address}, which`, true)));
      if (!claimed.ok) {
        fresh.forEach((address) => held.delete(address));
        return { message: claimed.message, retryAfterSeconds: claimed.retryAfterSeconds };
      }
      if (ended) claimed.release();
      else releases.push(claimed.release);
      return null;
    };
    return {
      ok: true,
      claimAddresses,
      release: () => {
        ended = true;
        releases.splice(0).forEach((release) => release());
      },
    };
  }

  /** A check of pasted input: nothing reaches the network, but each costs the server some work. */
  admitPastedCheck(clientAddress: string): Promise<Admission> {
    return takeAll(this.state, this.pastedChecksMinute.checks(clientOf(clientAddress)));
  }

  private browserChecks(client: Client): Check[] {
    const atOnce = this.limits.browserClientConcurrency;
    const inNetwork = atOnce * this.limits.networkClients;
    const checks = [
      slotCheck(
        'browser-running-client',
        atOnce,
        client.key,
        `You already have ${plural(atOnce, 'browser-mode run')} running or waiting for a browser, as many as one client may. Try again when ${atOnce === 1 ? 'it has' : 'one has'} finished, or use static mode.`,
      ),
    ];
    if (client.network) {
      checks.push(
        slotCheck(
          'browser-running-network',
          inNetwork,
          client.network,
          `Clients in your network (${client.network}) already have ${plural(inNetwork, 'browser-mode run')} running or waiting for a browser, as many as one network may. Try again in a few seconds, or use static mode.`,
        ),
      );
    }
    return [...checks, ...this.browserMinute.checks(client)];
  }

  /** The budgets of one target: `key` is its normalised host or address, `subject` how the messages name it. */
  private targetChecks(key: string, subject: string, anyName = false): Check[] {
    const { targetConcurrency, targetPerMinute } = this.limits;
    return [
      slotCheck(
        'target-running',
        targetConcurrency,
        key,
        `${subject} already has ${plural(targetConcurrency, 'probe')} running${anyName ? ' (under any name)' : ''}, as many as Link Doctor sends one host at once. Try again in a few seconds.`,
      ),
      windowCheck(
        'target-minute',
        targetPerMinute,
        MINUTE,
        key,
        (wait) =>
          `${subject} has been probed ${plural(targetPerMinute, 'time')} in the last minute (${anyName ? 'under any name, ' : ''}by everyone using this Link Doctor), the most allowed. Try again in ${plural(seconds(wait), 'second')}.`,
      ),
    ];
  }
}

/** The server's one limiter, configured from the environment on first use, its budgets in the shared state. */
export function probeLimiter(): ProbeLimiter {
  return processWide('probe-limiter', () => new ProbeLimiter(limitsFromEnv(), Date.now, sharedState()));
}
