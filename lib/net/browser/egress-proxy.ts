// Part of the guarded outbound layer (see ../outbound.ts): the ONLY way the probe's headless Chromium
// reaches the network (security.md requirement 10, H47, H48).
//
// An in-process HTTP proxy bound to 127.0.0.1 on a random port and, for the browser boxed in a network namespace of its
// own, to a socket file that a forwarder in the namespace relays to (./isolation.ts). The page's browser context uses it
// with `--proxy-bypass-list=<-loopback>`, so every request the page makes — loopback included — arrives here:
// - `CONNECT host:port` (https and WebSockets): the tunnel target is checked like a safeFetch URL (name deny-list,
//   IP literals, port rule), the name is resolved ONCE (per proxy lifetime), EVERY answer must pass the address policy,
//   and the socket connects to the checked address itself — Chromium never resolves the name, so there is no
//   rebinding window. TLS stays end to end between Chromium and the server (Chromium verifies the certificate).
// - plain-http requests in absolute form (`GET http://host/…`): the same checks, then forwarded to the checked address.
// - anything else (origin-form requests, `Upgrade` through the plain proxy) is refused.
// Caps per proxy (one proxy per page load): at most `maxRequests` tunnels + forwarded requests, at most `maxBytes`
// bytes in both directions together; beyond them new requests are refused and open tunnels are cut. Connections
// (tunnels and forwarded requests) are also counted per destination address, whatever name led there: at most
// `maxConnectionsPerAddress` per page, and PROBE_BROWSER_CONNECTIONS_PER_MINUTE per minute for all pages together, so
// that no page can hammer one host. The address of the probe's own target also counts against that target's limits.
// Every limit is checked before connecting.
// Every decision is recorded in `events` (bounded) so the probe can say which hosts the page needed and which were
// refused for safety.

import 'server-only';
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { currentProbeScope } from '@/lib/limits/probe-scope';
import { SlidingWindow } from '@/lib/limits/sliding-window';
import { targetKey } from '@/lib/limits/target-key';
import { processWide } from '@/lib/process-wide';
import { limitsFromEnv } from '@/lib/server/limits-config.mjs';
import { refusedAddress, resolvePolicy, type ProbePolicy } from '@/lib/net/address-policy';
import { isTargetNotAllowed } from '@/lib/net/errors';
import { defaultLookup, type LookupFn, type ResolvedAddress } from '@/lib/net/outbound';
import { checkUrl, refusedAnswerMessage, type Target } from '@/lib/net/url-policy';

export const PROXY_MAX_REQUESTS = 200;
/** Chromium keeps at most six connections per host and reuses them; a page that needs more is hammering it. */
export const PROXY_MAX_CONNECTIONS_PER_ADDRESS = 40;
export const PROXY_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUTS = { dns: 5_000, connect: 5_000, idle: 20_000 };
/** Events kept per proxy; later ones are only counted. */
const MAX_EVENTS = 400;
/** Answers tried per host. */
const MAX_ADDRESSES = 16;
/** Response header for a refusal, so a refused plain-http request can be told apart from the server's own 403. */
export const REFUSED_HEADER = 'x-link-doctor-refused';

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
  connectionsPerMinute?: SlidingWindow;
  timeouts?: Partial<typeof DEFAULT_TIMEOUTS>;
  /**
   * Also listen on this Unix socket (a path in a private directory). The browser runs in a network namespace of its
   * own, where 127.0.0.1 is not this machine's: a socket file is the one way in from there.
   */
  unixSocketPath?: string;
}

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

export interface EgressProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  readonly events: readonly ProxyEvent[];
  stats(): EgressProxyStats;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type Resolution = { ok: true; addresses: string[] } | { ok: false; refused: boolean; reason: string };

function errCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
}

/** One line, no control characters, bounded: safe in a header or a log. */
function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Start a proxy on 127.0.0.1:<random port>. Close it when the page is done. */
export async function startEgressProxy(options: EgressProxyOptions = {}): Promise<EgressProxy> {
  const policy = resolvePolicy(options.policy);
  const lookup = options.lookup ?? defaultLookup;
  const maxRequests = options.maxRequests ?? PROXY_MAX_REQUESTS;
  const maxBytes = options.maxBytes ?? PROXY_MAX_BYTES;
  const maxPerAddress = options.maxConnectionsPerAddress ?? PROXY_MAX_CONNECTIONS_PER_ADDRESS;
  const perMinute = options.connectionsPerMinute ?? serverConnectionsPerMinute();
  const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // The probe this page load belongs to (captured now: connections arrive later, from Chromium).
  const scope = currentProbeScope();

  const events: ProxyEvent[] = [];
  const stats: EgressProxyStats = { requests: 0, bytes: 0, refused: 0, capped: null, droppedEvents: 0 };
  const sockets = new Set<Duplex>();
  /** Resolved once per host for the proxy's lifetime: every connection to a host uses the same checked answer. */
  const resolutions = new Map<string, Promise<Resolution>>();
  /** Connections opened per destination address. */
  const connections = new Map<string, number>();
  let closed = false;

  const record = (e: ProxyEvent) => {
    if (e.outcome === 'refused' || e.outcome === 'cap') stats.refused++;
    if (events.length < MAX_EVENTS) events.push(e);
    else stats.droppedEvents++;
  };

  const track = (s: Duplex) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  const cutEverything = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  const countBytes = (n: number) => {
    stats.bytes += n;
    if (stats.bytes > maxBytes && stats.capped === null) {
      stats.capped = 'bytes';
      cutEverything();
    }
  };

  /** Check the request cap; returns a refusal reason or null. */
  const takeRequest = (): string | null => {
    if (closed) return 'The page load is over.';
    if (stats.capped === 'bytes') return `The page already transferred more than ${Math.round(maxBytes / 1024 / 1024)} MB, Link Doctor's limit per page.`;
    stats.requests++;
    if (stats.requests > maxRequests) {
      stats.capped ??= 'requests';
      return `The page made more than ${maxRequests} requests, Link Doctor's limit per page.`;
    }
    return null;
  };

  /** Counts one connection to a host's addresses, or says which limit refuses it. */
  const takeConnection = (target: Target, addresses: readonly string[]): string | null => {
    const claimRefusal = scope?.claimAddresses(target.hostname, addresses);
    if (claimRefusal) return claimRefusal.message;
    const now = Date.now();
    const keys = [...new Set(addresses.map(targetKey))];
    const named = (key: string) => (key === target.hostname ? key : `${key} (${target.hostname})`);
    for (const key of keys) {
      if ((connections.get(key) ?? 0) >= maxPerAddress) {
        stats.capped ??= 'connections';
        return `The page opened ${maxPerAddress} connections to ${named(key)}, Link Doctor's limit per page for one address.`;
      }
      const wait = Math.max(perMinute.roomWaitMs(key, now), perMinute.waitMs(key, now));
      if (wait > 0) {
        return `Link Doctor's browsers have opened ${perMinute.count} connections to ${named(key)} in the last minute, the most allowed for one address. Try again in ${Math.ceil(wait / 1000)} s.`;
      }
    }
    for (const key of keys) {
      connections.set(key, (connections.get(key) ?? 0) + 1);
      perMinute.record(key, now);
    }
    return null;
  };

  const resolve = (target: Target): Promise<Resolution> => {
    if (target.ipLiteral) return Promise.resolve({ ok: true, addresses: [target.ipLiteral] }); // checked by checkUrl
    let pending = resolutions.get(target.hostname);
    if (!pending) {
      pending = resolveChecked(target.hostname, lookup, policy, t.dns);
      resolutions.set(target.hostname, pending);
    }
    return pending;
  };

  /** Parse and check a target; the refusal is returned as data. */
  const checkTargetOf = (raw: string): { ok: true; target: Target } | { ok: false; reason: string; host: string; port: number } => {
    try {
      return { ok: true, target: checkUrl(raw, { policy, allowHttp: true }) };
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
  };

  const connectTo = (addresses: string[], port: number): Promise<{ socket: Socket; address: string }> =>
    new Promise((resolveConnect, reject) => {
      let i = 0;
      let lastError: unknown;
      const next = () => {
        const address = addresses[i++];
        if (address === undefined || closed) {
          reject(lastError ?? new Error('no address to connect to'));
          return;
        }
        const socket = netConnect({ host: address, port });
        const timer = setTimeout(() => {
          lastError = Object.assign(new Error(`Connecting to ${address} port ${port} timed out.`), { code: 'ETIMEDOUT' });
          socket.destroy();
          next();
        }, t.connect);
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

  /**
   * Everything a proxied request must pass before bytes flow: the target policy, the request cap, one checked DNS
   * resolution, the limits per destination address, and a connection to a checked address. On refusal it records why
   * and answers with `refuse`.
   */
  const openUpstream = async (
    kind: 'connect' | 'http',
    url: string,
    refuse: (status: number, reason: string) => void,
  ): Promise<{ socket: Socket; address: string; target: Target } | null> => {
    const checked = checkTargetOf(url);
    if (!checked.ok) {
      stats.requests++;
      record({ kind, host: checked.host, port: checked.port, outcome: 'refused', reason: checked.reason });
      refuse(403, checked.reason);
      return null;
    }
    const { target } = checked;
    const capReason = takeRequest();
    if (capReason) {
      record({ kind, host: target.hostname, port: target.port, outcome: 'cap', reason: capReason });
      refuse(429, capReason);
      return null;
    }
    const resolution = await resolve(target);
    if (!resolution.ok) {
      record({ kind, host: target.hostname, port: target.port, outcome: resolution.refused ? 'refused' : 'failed', reason: resolution.reason });
      refuse(resolution.refused ? 403 : 502, resolution.reason);
      return null;
    }
    const limitReason = takeConnection(target, resolution.addresses);
    if (limitReason) {
      record({ kind, host: target.hostname, port: target.port, outcome: 'cap', reason: limitReason });
      refuse(429, limitReason);
      return null;
    }
    try {
      return { ...(await connectTo(resolution.addresses, target.port)), target };
    } catch (e) {
      const reason = `Could not connect to ${target.hostname} port ${target.port}${errCode(e) ? ` (${errCode(e)})` : ''}.`;
      record({ kind, host: target.hostname, port: target.port, outcome: 'failed', reason });
      refuse(502, reason);
      return null;
    }
  };

  // ---- CONNECT (https, wss) -------------------------------------------------------------------------------------

  const refuseTunnel = (client: Duplex, status: number, reason: string) => {
    const body = `${oneLine(reason)}\n`;
    const statusText = status === 403 ? 'Forbidden' : status === 429 ? 'Too Many Requests' : status === 400 ? 'Bad Request' : 'Bad Gateway';
    client.end(
      `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain; charset=utf-8\r\n${REFUSED_HEADER}: ${status === 502 ? 'no' : 'yes'}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  const onConnect = async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    const authority = req.url ?? '';
    // host:port or [v6]:port, nothing else (no userinfo, path or spaces).
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s/?#@[\]:]+):\d{1,5}$/.test(authority)) {
      record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Malformed CONNECT target.' });
      refuseTunnel(client, 400, 'Malformed CONNECT target.');
      return;
    }
    const upstream = await openUpstream('connect', `https://${authority}/`, (status, reason) => {
      if (!client.destroyed) refuseTunnel(client, status, reason);
    });
    if (!upstream) return;
    const { target, socket } = upstream;
    if (closed || client.destroyed || stats.capped === 'bytes') {
      socket.destroy();
      client.destroy();
      return;
    }
    track(socket);
    record({ kind: 'connect', host: target.hostname, port: target.port, outcome: 'allowed', address: upstream.address });
    socket.setTimeout(t.idle, () => socket.destroy());
    socket.on('error', () => client.destroy());
    socket.on('close', () => client.destroy());
    client.on('close', () => socket.destroy());
    socket.on('data', (c: Buffer) => countBytes(c.length));
    client.on('data', (c: Buffer) => countBytes(c.length));
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) {
      countBytes(head.length);
      socket.write(head);
    }
    socket.pipe(client);
    client.pipe(socket);
  };

  // ---- plain http (absolute-form requests) ----------------------------------------------------------------------

  const refuseRequest = (res: ServerResponse, status: number, reason: string) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${oneLine(reason)}\n`;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      [REFUSED_HEADER]: status === 502 ? 'no' : 'yes',
      Connection: 'close',
    });
    res.end(body);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    req.on('error', () => res.destroy());
    const raw = req.url ?? '';
    if (!/^http:\/\//i.test(raw)) {
      record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Not a proxy request.' });
      refuseRequest(res, 400, 'This is a forward proxy for plain-http URLs only.');
      return;
    }
    const upstream = await openUpstream('http', raw, (status, reason) => refuseRequest(res, status, reason));
    if (!upstream) return;
    const { target, socket } = upstream;
    if (closed) {
      socket.destroy();
      res.destroy();
      return;
    }
    track(socket);
    record({ kind: 'http', host: target.hostname, port: target.port, outcome: 'allowed', address: upstream.address });
    socket.setTimeout(t.idle, () => socket.destroy());
    socket.on('data', (c: Buffer) => countBytes(c.length));

    const headers: OutgoingHttpHeaders = {};
    const raws = req.rawHeaders;
    for (let i = 0; i + 1 < raws.length; i += 2) {
      const name = String(raws[i]);
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower) || lower === 'host') continue;
      const prev = headers[name];
      headers[name] = prev === undefined ? String(raws[i + 1]) : [...(Array.isArray(prev) ? prev : [String(prev)]), String(raws[i + 1])];
    }
    headers.Host = target.hostHeader;
    headers.Connection = 'close';
    const out = httpRequest({
      method: req.method ?? 'GET',
      path: `${target.url.pathname}${target.url.search}`,
      headers,
      setHost: false,
      createConnection: () => socket,
      maxHeaderSize: 16 * 1024,
    });
    out.on('error', () => {
      socket.destroy();
      refuseRequest(res, 502, `The connection to ${target.hostname} failed.`);
    });
    out.on('response', (up: IncomingMessage) => {
      const responseHeaders: OutgoingHttpHeaders = {};
      const rh = up.rawHeaders;
      for (let i = 0; i + 1 < rh.length; i += 2) {
        const name = String(rh[i]);
        if (HOP_BY_HOP.has(name.toLowerCase())) continue;
        const prev = responseHeaders[name];
        responseHeaders[name] = prev === undefined ? String(rh[i + 1]) : [...(Array.isArray(prev) ? prev : [String(prev)]), String(rh[i + 1])];
      }
      res.writeHead(up.statusCode ?? 502, up.statusMessage ?? '', responseHeaders);
      up.on('error', () => res.destroy());
      up.pipe(res);
    });
    req.on('data', (c: Buffer) => countBytes(c.length));
    req.pipe(out);
  };

  const server: Server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    onRequest(req, res).catch(() => refuseRequest(res, 502, 'The proxy failed.'));
  });
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    onConnect(req, client, head).catch(() => client.destroy());
  });
  // Upgrade (WebSocket) through the plain proxy: Chromium tunnels WebSockets with CONNECT, so refuse anything else.
  server.on('upgrade', (req: IncomingMessage, client: Duplex) => {
    track(client);
    record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Upgrade through the plain proxy is not supported.' });
    refuseTunnel(client, 403, 'Upgrade through the plain proxy is not supported.');
    req.resume();
  });
  server.on('connection', (s: Socket) => {
    track(s);
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
    events,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolveClose) => {
        closed = true;
        cutEverything();
        unixServer?.close();
        server.close(() => resolveClose());
        server.closeAllConnections?.();
      }),
  };
}

/** The server's budget of browser connections per address and minute, shared by every page's proxy. */
function serverConnectionsPerMinute(): SlidingWindow {
  return processWide('browser-connections-per-minute', () => new SlidingWindow(limitsFromEnv().browserConnectionsPerMinute, 60_000));
}

/** Resolve a name once and check EVERY answer (one internal answer refuses the whole host, H24). */
async function resolveChecked(hostname: string, lookup: LookupFn, policy: ProbePolicy, dnsMs: number): Promise<Resolution> {
  let timer: NodeJS.Timeout | undefined;
  let answers: ResolvedAddress[];
  try {
    answers = await Promise.race([
      lookup(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('dns timeout'), { code: 'ETIMEOUT' })), dnsMs);
      }),
    ]);
  } catch (e) {
    const code = errCode(e);
    return {
      ok: false,
      refused: false,
      reason:
        code === 'ENOTFOUND' || code === 'ENODATA'
          ? `${hostname} does not exist in DNS.`
          : code === 'ETIMEOUT'
            ? `Looking up ${hostname} in DNS took longer than ${dnsMs / 1000} s.`
            : `Looking up ${hostname} in DNS failed${code ? ` (${code})` : ''}.`,
    };
  } finally {
    clearTimeout(timer);
  }
  if (!Array.isArray(answers) || answers.length === 0) return { ok: false, refused: false, reason: `${hostname} has no address in DNS.` };
  const addresses: string[] = [];
  for (const a of answers) {
    const refused = refusedAddress(String(a.address), policy);
    if (refused) {
      return { ok: false, refused: true, reason: refusedAnswerMessage(hostname, refused.address, refused.class ?? 'invalid', refused.embedded) };
    }
    if (!addresses.includes(a.address)) addresses.push(a.address);
  }
  return { ok: true, addresses: addresses.slice(0, MAX_ADDRESSES) };
}
