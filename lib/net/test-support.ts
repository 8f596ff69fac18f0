// TEST ONLY helpers shared by the tests of lib/net, the probes and the e2e fixtures (not a test file itself). Tests
// outside lib/net import them as `@/lib/net/test-support`.

import { Socket } from 'node:net';
import type { ProbePolicy } from './address-policy';
import { isTargetNotAllowed, type TargetNotAllowed } from './errors';
import type { LookupFn, ResolvedAddress } from './resolve';
import type { OutboundResult } from './types';

/**
 * The tests' convention, so that the public-only policy can be exercised on loopback: 127.0.0.1 acts as a public
 * address and 127.0.0.2–.9 as internal ones; private mode is off; the test servers' ports are allowed.
 */
export function harnessPolicy(...ports: number[]): ProbePolicy {
  return { allowPrivate: false, treatAsPublic: (ip) => ip === '127.0.0.1', extraPorts: ports };
}

/** A lookup answering from a table; unknown names get ENOTFOUND. Records every query. */
export function tableLookup(table: Record<string, string[] | (() => string[])>): LookupFn & { queries: string[] } {
  const queries: string[] = [];
  const fn = (async (hostname: string): Promise<ResolvedAddress[]> => {
    queries.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as LookupFn & { queries: string[] };
  fn.queries = queries;
  return fn;
}

/**
 * Counts outgoing socket connects made by this process (net and tls both go through net.Socket#connect), so a test can
 * prove that a refused target opened no socket at all — even to addresses where no test server can listen.
 */
export function connectSpy(): { readonly count: number; readonly targets: string[]; reset(): void; restore(): void } {
  const original = Socket.prototype.connect;
  let count = 0;
  const targets: string[] = [];
  Socket.prototype.connect = function patched(this: Socket, ...args: unknown[]) {
    count++;
    const first = args[0];
    if (first && typeof first === 'object') {
      const o = first as { host?: string; port?: number };
      targets.push(`${o.host ?? ''}:${o.port ?? ''}`);
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  return {
    get count() {
      return count;
    },
    targets,
    reset() {
      count = 0;
      targets.length = 0;
    },
    restore() {
      Socket.prototype.connect = original;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The response of a safeFetch that must have got one. */
export function expectResponse(r: OutboundResult) {
  if (!r.ok) throw new Error(`expected a response, got failure: ${r.failure.kind}/${r.failure.phase}: ${r.failure.message}`);
  return r.response;
}

/** The failure of a safeFetch that must have failed. */
export function expectFailure(r: OutboundResult) {
  if (r.ok) throw new Error(`expected a failure, got HTTP ${r.response.status}`);
  return r.failure;
}

/** The TargetNotAllowed a call must be refused with. */
export async function refusal(p: Promise<unknown>): Promise<TargetNotAllowed> {
  try {
    await p;
  } catch (e) {
    if (isTargetNotAllowed(e)) return e;
    throw e;
  }
  throw new Error('expected TargetNotAllowed');
}
