// What every connection through the egress proxy must pass before a byte flows, and the proxy's accounts: the target
// checked like a safeFetch URL, a cap on requests and on bytes, the name resolved ONCE per page with every answer
// checked, the limits per destination address, and a connection to a checked address itself. Every decision is
// recorded as an event, so that the probe can say which hosts the page needed and which were refused for safety.

import 'server-only';
import type { Socket } from 'node:net';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ProbeScope } from '@/lib/limits/probe-scope';
import { targetKey } from '@/lib/limits/target-key';
import { isSharedStateUnavailable, type SharedState } from '@/lib/shared-state';
import type { ProbePolicy } from '../address-policy';
import { errorCode, isTargetNotAllowed } from '../errors';
import { checkedAddresses, lookupWithin, type LookupFn } from '../resolve';
import { checkUrl, type Target } from '../url-policy';
import { oneLine } from './one-line';

/** Events kept per proxy; later ones are only counted. */
const MAX_EVENTS = 400;
/** Response header for a refusal, so a refused plain-http request can be told apart from the server's own 403. */
export const REFUSED_HEADER = 'x-link-doctor-refused';

export type ProxyOutcome = 'allowed' | 'refused' | 'failed' | 'cap';

export interface ProxyEvent {
  /** `connect` = a CONNECT tunnel (https, wss); `http` = a forwarded plain-http request; `other` = refused junk. */
  kind: 'connect' | 'http' | 'other';
  /** Host as checked: lower case, punycode, IPv6 without brackets. Empty when unparseable. */
  host: string;
  port: number;
  outcome: ProxyOutcome;
  /** Plain-language reason for refused / failed / cap. */
  reason?: string;
  /** The checked address that was connected to. */
  address?: string;
}

export interface EgressProxyStats {
  /** Tunnels and forwarded requests accepted for checking (refused ones included). */
  requests: number;
  bytes: number;
  refused: number;
  /** Set once a cap was hit: which one (`connections`: to one address). */
  capped: 'requests' | 'bytes' | 'connections' | null;
  /** Events not kept because the list was full. */
  droppedEvents: number;
}

/** At most `limit` connections to one address per minute (0: no limit), counted in `state`. */
export interface ConnectionBudget {
  limit: number;
  state: SharedState;
}

export interface GateSettings {
  policy: ProbePolicy & { allowPrivate: boolean };
  lookup: LookupFn;
  maxRequests: number;
  maxBytes: number;
  maxConnectionsPerAddress: number;
  /** Connections to one address per minute, counted across proxies (and instances, with Redis) in `state`. */
  connectionsPerMinute: ConnectionBudget;
  /** `idle`: an upstream connection quiet this long is closed. */
  timeouts: { dns: number; connect: number; idle: number };
  /** The probe the page load belongs to, whose target's limits its addresses count against. */
  scope: ProbeScope | undefined;
  /** Hosts refused before anything else, their names never resolved (the Link as Alexa rehearsal: Alexa's own hosts). */
  refuseHosts?: ReadonlyMap<string, string>;
}

/** A connection to a checked address of a checked target. */
export interface Upstream {
  socket: Socket;
  address: string;
  target: Target;
}

type Resolution = { ok: true; addresses: string[] } | { ok: false; refused: boolean; reason: string };

/** The text of a refusal, as the proxy sends it. `safety`: refused by a check or a cap, not a failure to connect. */
export function refusalText(status: number, reason: string): { body: string; safety: 'yes' | 'no' } {
  return { body: `${oneLine(reason)}\n`, safety: status === 502 ? 'no' : 'yes' };
}

export class ProxyGate {
  readonly events: ProxyEvent[] = [];
  readonly stats: EgressProxyStats = { requests: 0, bytes: 0, refused: 0, capped: null, droppedEvents: 0 };
  /** Set when the page load is over: nothing more goes through. */
  closed = false;
  private readonly sockets = new Set<Duplex>();
  /** Resolved once per host for the proxy's lifetime: every connection to a host uses the same checked answer. */
  private readonly resolutions = new Map<string, Promise<Resolution>>();
  /** Connections opened per destination address. */
  private readonly connections = new Map<string, number>();

  constructor(private readonly settings: GateSettings) {}

  record(e: ProxyEvent): void {
    if (e.outcome === 'refused' || e.outcome === 'cap') this.stats.refused++;
    if (this.events.length < MAX_EVENTS) this.events.push(e);
    else this.stats.droppedEvents++;
  }

  /** Keeps a socket to cut when a cap is hit or the proxy closes. */
  track(s: Duplex): void {
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
  }

  cutEverything(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Counts relayed bytes; past the cap every open connection is cut. */
  countBytes(n: number): void {
    this.stats.bytes += n;
    if (this.stats.bytes > this.settings.maxBytes && this.stats.capped === null) {
      this.stats.capped = 'bytes';
      this.cutEverything();
    }
  }

  /**
   * Everything a proxied request must pass before bytes flow: the target policy, the request cap, one checked DNS
   * resolution, the limits per destination address, and a connection to a checked address. On refusal it records why
   * and answers with `refuse`.
   */
  async openUpstream(kind: 'connect' | 'http', url: string, refuse: (status: number, reason: string) => void): Promise<Upstream | null> {
    const checked = this.checkTargetOf(url);
    if (!checked.ok) {
      this.stats.requests++;
      this.record({ kind, host: checked.host, port: checked.port, outcome: 'refused', reason: checked.reason });
      refuse(403, checked.reason);
      return null;
    }
    const { target } = checked;
    const capReason = this.takeRequest();
    if (capReason) {
      this.record({ kind, host: target.hostname, port: target.port, outcome: 'cap', reason: capReason });
      refuse(429, capReason);
      return null;
    }
    const resolution = await this.resolve(target);
    if (!resolution.ok) {
      this.record({ kind, host: target.hostname, port: target.port, outcome: resolution.refused ? 'refused' : 'failed', reason: resolution.reason });
      refuse(resolution.refused ? 403 : 502, resolution.reason);
      return null;
    }
    const limitReason = await this.takeConnection(target, resolution.addresses);
    if (limitReason) {
      this.record({ kind, host: target.hostname, port: target.port, outcome: 'cap', reason: limitReason });
      refuse(429, limitReason);
      return null;
    }
    try {
      return { ...(await this.connectTo(resolution.addresses, target.port)), target };
    } catch (e) {
      const reason = `Could not connect to ${target.hostname} port ${target.port}${errorCode(e) ? ` (${errorCode(e)})` : ''}.`;
      this.record({ kind, host: target.hostname, port: target.port, outcome: 'failed', reason });
      refuse(502, reason);
      return null;
    }
  }

  /** The upstream connection goes into use: kept to cut, recorded as allowed, closed when idle, its bytes counted. */
  use(kind: 'connect' | 'http', { socket, address, target }: Upstream): void {
    this.track(socket);
    this.record({ kind, host: target.hostname, port: target.port, outcome: 'allowed', address });
    socket.setTimeout(this.settings.timeouts.idle, () => socket.destroy());
    socket.on('data', (c: Buffer) => this.countBytes(c.length));
  }

  /** Parse and check a target; the refusal is returned as data. */
  private checkTargetOf(raw: string): { ok: true; target: Target } | { ok: false; reason: string; host: string; port: number } {
    const refusedHost = this.refusedHost(raw);
    if (refusedHost) return { ok: false, ...refusedHost };
    try {
      return { ok: true, target: checkUrl(raw, { policy: this.settings.policy, allowHttp: true }) };
    } catch (e) {
      if (isTargetNotAllowed(e)) {
        let host = e.host ?? '';
        let port = 0;
        try {
          const u = new URL(raw);
          host ||= u.hostname.replace(/^\[|\]$/g, '');
          port = Number(u.port || (u.protocol === 'http:' ? 80 : 443));
        } catch {
          // unparseable: host stays empty
        }
        return { ok: false, reason: e.message, host, port };
      }
      throw e;
    }
  }

  /** A host of `refuseHosts` (with its reason), matched on the name as written: never looked up, never connected to. */
  private refusedHost(raw: string): { reason: string; host: string; port: number } | null {
    if (!this.settings.refuseHosts?.size) return null;
    try {
      const u = new URL(raw);
      const host = u.hostname.toLowerCase().replace(/\.$/, '');
      const reason = this.settings.refuseHosts.get(host);
      return reason === undefined ? null : { reason, host, port: Number(u.port || (u.protocol === 'http:' ? 80 : 443)) };
    } catch {
      return null;
    }
  }

  /** Check the request cap; returns a refusal reason or null. */
  private takeRequest(): string | null {
    const { stats } = this;
    const { maxBytes, maxRequests } = this.settings;
    if (this.closed) return 'The page load is over.';
    if (stats.capped === 'bytes') return `The page already transferred more than ${Math.round(maxBytes / 1024 / 1024)} MB, Link Doctor's limit per page.`;
    stats.requests++;
    if (stats.requests > maxRequests) {
      stats.capped ??= 'requests';
      return `The page made more than ${maxRequests} requests, Link Doctor's limit per page.`;
    }
    return null;
  }

  /** Counts one connection to a host's addresses, or says which limit refuses it. */
  private async takeConnection(target: Target, addresses: readonly string[]): Promise<string | null> {
    const { maxConnectionsPerAddress: maxPerAddress, connectionsPerMinute: perMinute, scope } = this.settings;
    const claimRefusal = await scope?.claimAddresses(target.hostname, addresses);
    if (claimRefusal) return claimRefusal.message;
    const keys = [...new Set(addresses.map(targetKey))];
    const named = (key: string) => (key === target.hostname ? key : `${key} (${target.hostname})`);
    for (const key of keys) {
      if ((this.connections.get(key) ?? 0) >= maxPerAddress) {
        this.stats.capped ??= 'connections';
        return `The page opened ${maxPerAddress} connections to ${named(key)}, Link Doctor's limit per page for one address.`;
      }
    }
    // Counted for the page before the shared budget is asked, so that a parallel connection sees it; undone on a refusal.
    const count = (by: number) => keys.forEach((key) => this.connections.set(key, (this.connections.get(key) ?? 0) + by));
    count(1);
    const budgets = keys.map((key) => ({ kind: 'window' as const, group: 'browser-connections', key, limit: perMinute.limit, windowMs: 60_000 }));
    const taken = await perMinute.state.takeBudgets(budgets).catch((e: unknown) => {
      if (isSharedStateUnavailable(e)) return e;
      throw e;
    });
    if (taken instanceof Error || !taken.ok) {
      count(-1);
      if (taken instanceof Error) return taken.message;
      return `Link Doctor's browsers have opened ${perMinute.limit} connections to ${named(keys[taken.index]!)} in the last minute, the most allowed for one address. Try again in ${Math.ceil(taken.waitMs / 1000)} s.`;
    }
    return null;
  }

  private resolve(target: Target): Promise<Resolution> {
    if (target.ipLiteral) return Promise.resolve({ ok: true, addresses: [target.ipLiteral] }); // checked by checkUrl
    let pending = this.resolutions.get(target.hostname);
    if (!pending) {
      pending = resolveOnce(target.hostname, this.settings);
      this.resolutions.set(target.hostname, pending);
    }
    return pending;
  }

  /** Connect to the first address that answers, each within the connect timeout. */
  private connectTo(addresses: string[], port: number): Promise<{ socket: Socket; address: string }> {
    return new Promise((resolveConnect, reject) => {
      let i = 0;
      let lastError: unknown;
      const next = () => {
        const address = addresses[i++];
        if (address === undefined || this.closed) {
          reject(lastError ?? new Error('no address to connect to'));
          return;
        }
        const socket = netConnect({ host: address, port });
        const timer = setTimeout(() => {
          lastError = Object.assign(new Error(`Connecting to ${address} port ${port} timed out.`), { code: 'ETIMEDOUT' });
          socket.destroy();
          next();
        }, this.settings.timeouts.connect);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolveConnect({ socket, address });
        });
        socket.once('error', (e) => {
          clearTimeout(timer);
          lastError = e;
          socket.destroy();
          next();
        });
      };
      next();
    });
  }
}

/** Resolve a name and check every answer; a refused answer or a DNS failure comes back as the reason. */
async function resolveOnce(hostname: string, { lookup, policy, timeouts }: GateSettings): Promise<Resolution> {
  const found = await lookupWithin(lookup, hostname, timeouts.dns);
  if (!found.ok) {
    if (found.failure === 'no-answer') return { ok: false, refused: false, reason: `${hostname} has no address in DNS.` };
    const code = found.failure === 'timeout' ? 'ETIMEOUT' : found.code;
    return {
      ok: false,
      refused: false,
      reason:
        code === 'ENOTFOUND' || code === 'ENODATA'
          ? `${hostname} does not exist in DNS.`
          : code === 'ETIMEOUT'
            ? `Looking up ${hostname} in DNS took longer than ${timeouts.dns / 1000} s.`
            : `Looking up ${hostname} in DNS failed${code ? ` (${code})` : ''}.`,
    };
  }
  try {
    return { ok: true, addresses: checkedAddresses(hostname, found.answers, policy) };
  } catch (e) {
    if (isTargetNotAllowed(e)) return { ok: false, refused: true, reason: e.message };
    throw e;
  }
}
