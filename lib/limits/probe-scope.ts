// The limits as the network layer sees them: a probe's scope, and the claim it makes on the addresses a name resolves
// to. lib/net imports this module and not the limiter, which itself keys targets by lib/net's host-name rules.

import { AsyncLocalStorage } from 'node:async_hooks';
import { processWide } from '@/lib/process-wide';

/** Why a run may not start (or go on) now, and when to try again. */
export interface Refusal {
  message: string;
  retryAfterSeconds: number;
}

/**
 * Counts the addresses a target host's name resolved to against that host's budgets, as if the run had named them:
 * names that resolve to one address share its budget. Once per address and run; a refusal means nothing may be sent
 * there. Hosts the run was not admitted for (redirect hops, a page's other hosts) are not counted.
 */
export type ClaimAddresses = (host: string, addresses: readonly string[]) => Promise<Refusal | null>;

/** Thrown by the outbound layer instead of connecting to an address whose budget is used up. */
export class ProbeLimited extends Error {
  override readonly name = 'ProbeLimited';
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/**
 * One probe as it runs, so that the code deep inside it that resolves a target's name (safeFetch, the browser's egress
 * proxy) can count the addresses against the run's admission, and the probe's executor can tell afterwards that a
 * budget refused them. It travels with the async context rather than through every probe's options.
 */
export class ProbeScope {
  /** The first refusal of a claim: the run must answer "limited", whatever it made of the failed connection. */
  refused: Refusal | null = null;

  /** `claim` defaults to the enclosing scope's: a step of /check counts against the admission of the whole check. */
  constructor(readonly claim: ClaimAddresses | undefined = scopes().getStore()?.claim) {}

  run<T>(fn: () => T): T {
    return scopes().run(this, fn);
  }

  async claimAddresses(host: string, addresses: readonly string[]): Promise<Refusal | null> {
    const refusal = (await this.claim?.(host, addresses)) ?? null;
    this.refused ??= refusal;
    return refusal;
  }
}

// Process-wide, like the limiter: each route bundle has its own copy of this module.
const scopes = () => processWide('probe-scopes', () => new AsyncLocalStorage<ProbeScope>());

/** The probe running in this async context, if it was admitted through the limits. */
export function currentProbeScope(): ProbeScope | undefined {
  return scopes().getStore();
}
