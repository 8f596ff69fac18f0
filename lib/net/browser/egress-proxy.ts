// The ONLY way the probe's headless Chromium reaches the network: the page's traffic is held to the same rules as
// safeFetch's — public addresses only, each name resolved once and every answer checked, bounded work — because a page
// runs scripts that anyone can write.
//
// An in-process HTTP proxy bound to 127.0.0.1 on a random port and, for the browser boxed in a network namespace of its
// own, to a socket file that a forwarder in the namespace relays to (./isolation.ts). The page's browser context uses it
// with `--proxy-bypass-list=<-loopback>`, so every request the page makes — loopback included — arrives here:
// - `CONNECT host:port` (https and WebSockets, ./proxy-tunnel.ts): the tunnel target is checked like a safeFetch URL
//   (name deny-list, IP literals, port rule), the name is resolved ONCE (per proxy lifetime), EVERY answer must pass
//   the address policy, and the socket connects to the checked address itself — Chromium never resolves the name, so
//   there is no rebinding window. TLS stays end to end between Chromium and the server.
// - plain-http requests in absolute form (`GET http://host/…`, ./proxy-forward.ts): the same checks, then forwarded
//   to the checked address.
// - anything else (origin-form requests, `Upgrade` through the plain proxy) is refused.
// Caps per proxy (one proxy per page load): at most `maxRequests` tunnels + forwarded requests, at most `maxBytes`
// bytes in both directions together; beyond them new requests are refused and open tunnels are cut. Connections
// (tunnels and forwarded requests) are also counted per destination address, whatever name led there: at most
// `maxConnectionsPerAddress` per page, and PROBE_BROWSER_CONNECTIONS_PER_MINUTE per minute for all pages together, so
// that no page can hammer one host. The address of the probe's own target also counts against that target's limits.
// Every limit is checked before connecting (./proxy-gate.ts), and every decision is recorded in `events` (bounded).

import 'server-only';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { currentProbeScope } from '@/lib/limits/probe-scope';
import { sharedState } from '@/lib/shared-state';
import { limitsFromEnv } from '@/lib/server/limits-config.mjs';
import { resolvePolicy, type ProbePolicy } from '../address-policy';
import { defaultLookup, type LookupFn } from '../resolve';
import { handleRequest, refuseRequest } from './proxy-forward';
import { ProxyGate, type ConnectionBudget, type EgressProxyStats, type ProxyEvent } from './proxy-gate';
import { handleConnect, refuseTunnel } from './proxy-tunnel';

export const PROXY_MAX_REQUESTS = 200;
/** Chromium keeps at most six connections per host and reuses them; a page that needs more is hammering it. */
export const PROXY_MAX_CONNECTIONS_PER_ADDRESS = 40;
export const PROXY_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUTS = { dns: 5_000, connect: 5_000, idle: 20_000 };

export interface EgressProxyOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment (read now). */
  policy?: ProbePolicy;
  /** Defaults to dns.lookup(all: true); tests inject one. */
  lookup?: LookupFn;
  /** Tunnels + forwarded plain-http requests. Default 200. */
  maxRequests?: number;
  /** Bytes relayed, both directions together. Default 5 MB. */
  maxBytes?: number;
  /** Connections to one address (tunnels + forwarded plain-http requests). Default 40. */
  maxConnectionsPerAddress?: number;
  /** Connections to one address per minute, counted across proxies. Default: the server's, from the environment. */
  connectionsPerMinute?: ConnectionBudget;
  timeouts?: Partial<typeof DEFAULT_TIMEOUTS>;
  /**
   * Also listen on this Unix socket (a path in a private directory). The browser runs in a network namespace of its
   * own, where 127.0.0.1 is not this machine's: a socket file is the one way in from there.
   */
  unixSocketPath?: string;
  /**
   * Hosts (lower case) refused at once, with the reason, before their names are resolved: nothing of theirs is ever
   * looked up or connected to. The Link as Alexa rehearsal refuses Alexa's redirect hosts so that nothing reaches Amazon.
   */
  refuseHosts?: ReadonlyMap<string, string>;
}

export interface EgressProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  readonly events: readonly ProxyEvent[];
  stats(): EgressProxyStats;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/** Start a proxy on 127.0.0.1:<random port>. Close it when the page is done. */
export async function startEgressProxy(options: EgressProxyOptions = {}): Promise<EgressProxy> {
  const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const gate = new ProxyGate({
    policy: resolvePolicy(options.policy),
    lookup: options.lookup ?? defaultLookup,
    maxRequests: options.maxRequests ?? PROXY_MAX_REQUESTS,
    maxBytes: options.maxBytes ?? PROXY_MAX_BYTES,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? PROXY_MAX_CONNECTIONS_PER_ADDRESS,
    connectionsPerMinute: options.connectionsPerMinute ?? serverConnectionsPerMinute(),
    timeouts: t,
    // The probe this page load belongs to (captured now: connections arrive later, from Chromium).
    scope: currentProbeScope(),
    ...(options.refuseHosts ? { refuseHosts: options.refuseHosts } : {}),
  });

  const server: Server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    handleRequest(gate, req, res).catch(() => refuseRequest(res, 502, 'The proxy failed.'));
  });
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    handleConnect(gate, req, client, head).catch(() => client.destroy());
  });
  // Upgrade (WebSocket) through the plain proxy: Chromium tunnels WebSockets with CONNECT, so refuse anything else.
  server.on('upgrade', (req: IncomingMessage, client: Duplex) => {
    gate.track(client);
    gate.record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Upgrade through the plain proxy is not supported.' });
    refuseTunnel(client, 403, 'Upgrade through the plain proxy is not supported.');
    req.resume();
  });
  server.on('connection', (s: Socket) => {
    gate.track(s);
    s.on('error', () => s.destroy());
  });
  server.on('clientError', (_e, s: Duplex) => s.destroy());

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  // Connections on the socket file are served by the same proxy: same checks, caps and events.
  let unixServer: NetServer | undefined;
  if (options.unixSocketPath !== undefined) {
    const path = options.unixSocketPath;
    const unix = createNetServer((s) => server.emit('connection', s));
    try {
      await new Promise<void>((resolveListen, reject) => {
        unix.once('error', reject);
        unix.listen(path, () => resolveListen());
      });
    } catch (e) {
      server.close();
      throw e;
    }
    unixServer = unix;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    events: gate.events,
    stats: () => ({ ...gate.stats }),
    close: () =>
      new Promise<void>((resolveClose) => {
        gate.closed = true;
        gate.cutEverything();
        unixServer?.close();
        server.close(() => resolveClose());
        server.closeAllConnections?.();
      }),
  };
}

/** The server's budget of browser connections per address and minute, shared by every page's proxy (and instance). */
function serverConnectionsPerMinute(): ConnectionBudget {
  return { limit: limitsFromEnv().browserConnectionsPerMinute, state: sharedState() };
}
