// Looking a host name up: every answer must be a public address, or the whole name is refused. Both ways out — safeFetch
// and the browser's egress proxy — resolve here, then connect to the checked addresses themselves (never to the name),
// so a second, different DNS answer (rebinding) has no moment in which to take effect.

import 'server-only';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusedAddress, type ProbePolicy } from './address-policy';
import { errorCode, TargetNotAllowed } from './errors';
import { refusedAnswerMessage } from './url-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Resolves a host name to ALL its addresses (tests inject their own). */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export const defaultLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Most DNS answers we look at (all are checked; the rest are not tried). */
const MAX_ADDRESSES = 16;

/** A lookup's answers, or why there are none: it ran out of time, answered nothing, or failed with a DNS error code. */
export type Lookup = { ok: true; answers: ResolvedAddress[] } | { ok: false; failure: 'timeout' | 'no-answer' | 'error'; code?: string };

/** Look `hostname` up, giving up after `budgetMs`. Never throws. */
export async function lookupWithin(lookup: LookupFn, hostname: string, budgetMs: number): Promise<Lookup> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = Symbol('timeout');
  try {
    const answers = await Promise.race([
      lookup(hostname),
      new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), budgetMs);
      }),
    ]);
    if (answers === timedOut) return { ok: false, failure: 'timeout' };
    if (!Array.isArray(answers) || answers.length === 0) return { ok: false, failure: 'no-answer' };
    return { ok: true, answers };
  } catch (e) {
    const code = errorCode(e);
    return { ok: false, failure: 'error', ...(code ? { code } : {}) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The addresses to connect to: every answer must pass the address policy, and one that does not refuses the whole
 * name — a name that also points inside the network is not a public server, whichever answer a connection would use.
 * @throws TargetNotAllowed naming the refused answer.
 */
export function checkedAddresses(hostname: string, answers: readonly ResolvedAddress[], policy: ProbePolicy): string[] {
  const checked: string[] = [];
  for (const a of answers) {
    const refused = refusedAddress(String(a.address), policy);
    if (refused) {
      throw new TargetNotAllowed('address', refusedAnswerMessage(hostname, refused.address, refused.class ?? 'invalid', refused.embedded), {
        host: hostname,
        address: refused.address,
      });
    }
    if (!checked.includes(a.address) && isIP(a.address) !== 0) checked.push(a.address);
  }
  return checked.slice(0, MAX_ADDRESSES);
}
