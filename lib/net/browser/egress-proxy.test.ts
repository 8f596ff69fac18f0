// The browser's egress proxy, driven by plain Node clients (no browser): CONNECT tunnels and plain-http forwarding,
// every target checked, names resolved once, caps enforced. "Blocked" means the internal server got zero hits.

import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { sendText, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { connectSpy, harnessPolicy, tableLookup } from '../test-support';
import { ProbeLimiter } from '@/lib/limits/probe-limiter';
import { MemoryState } from '@/lib/shared-state/memory';
import { RedisState } from '@/lib/shared-state/redis';
import { startRedisServer } from '@/e2e/fixtures/redis-server';
import { limitsFromEnv, LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { z } from '@/lib/zod';
import { executeProbe } from '@/lib/probes/execute';
import { PROXY_MAX_CONNECTIONS_PER_ADDRESS, startEgressProxy, type EgressProxy, type EgressProxyOptions } from './egress-proxy';
import { REFUSED_HEADER } from './proxy-gate';

let site: LoginSite;
let plain: CountingServer;
let plainInternal: CountingServer;
test.beforeAll(async () => {
  site = await startLoginSite((_req, res, host, path) => sendText(res, `hello from ${host}${path}`, 'text/plain'));
  plain = await startServer((req, res) => sendText(res, `plain ${req.url}`, 'text/plain'), { tls: false });
  plainInternal = await startServer((_req, res) => sendText(res, 'internal', 'text/plain'), { host: '127.0.0.2', tls: false });
});
test.afterAll(async () => {
  await Promise.all([site.close(), plain.close(), plainInternal.close()]);
});

const ports = () => [site.server.port, site.internal.port, plain.port, plainInternal.port];
async function withProxy<T>(fn: (p: EgressProxy) => Promise<T>, options: EgressProxyOptions = {}): Promise<T> {
  const proxy = await startEgressProxy({ policy: harnessPolicy(...ports()), lookup: site.lookup, ...options });
  try {
    return await fn(proxy);
  } finally {
    await proxy.close();
  }
}

/** CONNECT through the proxy; resolves with the status and, on 200, the raw tunnel socket. */
function connectVia(proxy: EgressProxy, authority: string): Promise<{ status: number; headers: IncomingMessage['headers']; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: authority });
    req.once('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, headers: res.headers, socket }));
    req.once('error', reject);
    req.end();
  });
}

/** HTTPS GET through an established tunnel (TLS end to end, verified against the test CA). */
function getThroughTunnel(socket: Socket, servername: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket, servername, ca: site.certs.ca, rejectUnauthorized: true });
    let data = '';
    tls.on('secureConnect', () => tls.write(`GET ${path} HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`));
    tls.on('data', (c: Buffer) => (data += c.toString()));
    tls.on('end', () => resolve(data));
    tls.on('error', reject);
  });
}

/** A plain-http request in absolute form through the proxy. */
function getViaProxy(proxy: EgressProxy, url: string): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: proxy.port, method: 'GET', path: url, headers: { Host: url.startsWith('http') ? new URL(url).host : 'proxy' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

test.describe('egress proxy: CONNECT', () => {
  test('a public name is resolved by the proxy, connected by address, and TLS runs end to end', async () => {
    await withProxy(async (proxy) => {
      const t = await connectVia(proxy, `cdn.example.test:${site.server.port}`);
      expect(t.status).toBe(200);
      const reply = await getThroughTunnel(t.socket, 'cdn.example.test', '/x');
      expect(reply).toContain('hello from cdn.example.test/x');
      expect(proxy.events).toEqual([{ kind: 'connect', host: 'cdn.example.test', port: site.server.port, outcome: 'allowed', address: '127.0.0.1' }]);
      expect(proxy.stats().bytes).toBeGreaterThan(0);
    });
  });

  for (const [name, authority] of [
    ['an internal IP literal', () => `127.0.0.2:${site.internal.port}`],
    ['a name that resolves to an internal address', () => `internal.example.test:${site.internal.port}`],
    ['IPv4-mapped IPv6 of an internal address', () => `[::ffff:127.0.0.2]:${site.internal.port}`],
    ['localhost', () => `localhost:${site.internal.port}`],
  ] as const) {
    test(`${name} is refused with 403 and zero hits`, async () => {
      await withProxy(async (proxy) => {
        const t = await connectVia(proxy, authority());
        expect(t.status).toBe(403);
        expect(t.headers[REFUSED_HEADER]).toBe('yes');
        expect(proxy.events[0]?.outcome).toBe('refused');
        expect(proxy.stats().refused).toBe(1);
      });
      expect(site.internal.hits).toBe(0);
    });
  }

  test('the metadata address and disallowed ports are refused before any socket opens', async () => {
    await withProxy(async (proxy) => {
      const spy = connectSpy();
      try {
        expect((await connectVia(proxy, '169.254.169.254:443')).status).toBe(403);
        expect((await connectVia(proxy, '169.254.169.254:80')).status).toBe(403);
        expect((await connectVia(proxy, 'cdn.example.test:22')).status).toBe(403);
        expect((await connectVia(proxy, '[fd00:ec2::254]:443')).status).toBe(403);
        // The test client's own four connects to the proxy are the only ones.
        expect(spy.count).toBe(4);
      } finally {
        spy.restore();
      }
      expect(proxy.events.map((e) => e.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
      expect(proxy.events[2]?.reason).toContain('Port 22 is not allowed');
    });
  });

  test('a name with one public and one internal answer is refused as a whole', async () => {
    await withProxy(
      async (proxy) => {
        expect((await connectVia(proxy, `mixed.example.test:${site.internal.port}`)).status).toBe(403);
      },
      { lookup: tableLookup({ 'mixed.example.test': ['127.0.0.1', '127.0.0.2'] }) },
    );
    expect(site.internal.hits).toBe(0);
  });

  test('a name is resolved once per page: a rebinding DNS answer never reaches the internal server', async () => {
    let calls = 0;
    const rebinding = tableLookup({ 'rebind.example.test': () => (calls++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    await withProxy(
      async (proxy) => {
        for (let i = 0; i < 3; i++) {
          const t = await connectVia(proxy, `rebind.example.test:${site.server.port}`);
          expect(t.status).toBe(200);
          t.socket.destroy();
        }
      },
      { lookup: rebinding },
    );
    expect(rebinding.queries).toEqual(['rebind.example.test']);
    expect(site.internal.hits).toBe(0);
  });

  test('unknown names and unreachable servers are 502, recorded as failed (not refused)', async () => {
    await withProxy(async (proxy) => {
      expect((await connectVia(proxy, `nowhere.example.test:${site.server.port}`)).status).toBe(502);
      const closedPort = await startServer(() => {}, { tls: false });
      const port = closedPort.port;
      await closedPort.close();
      const p2 = await startEgressProxy({ policy: harnessPolicy(port), lookup: site.lookup });
      try {
        expect((await connectVia(p2, `127.0.0.1:${port}`)).status).toBe(502);
        expect(p2.events[0]?.outcome).toBe('failed');
      } finally {
        await p2.close();
      }
      expect(proxy.events[0]?.outcome).toBe('failed');
      expect(proxy.events[0]?.reason).toContain('does not exist in DNS');
    });
  });

  test('malformed CONNECT targets are refused', async () => {
    await withProxy(async (proxy) => {
      expect((await connectVia(proxy, 'user@cdn.example.test:443')).status).toBe(400);
      expect((await connectVia(proxy, 'cdn.example.test')).status).toBe(400);
    });
  });
});

test.describe('egress proxy: plain http', () => {
  test('an absolute-form GET is forwarded to the checked address with its Host', async () => {
    await withProxy(async (proxy) => {
      const r = await getViaProxy(proxy, `http://cdn.example.test:${plain.port}/p?q=1`);
      expect(r.status).toBe(200);
      expect(r.body).toBe('plain /p?q=1');
      expect(plain.requests.at(-1)?.headers.host).toBe(`cdn.example.test:${plain.port}`);
    });
  });

  test('internal targets are refused with the refusal header and zero hits', async () => {
    await withProxy(async (proxy) => {
      const byIp = await getViaProxy(proxy, `http://127.0.0.2:${plainInternal.port}/`);
      expect(byIp.status).toBe(403);
      expect(byIp.headers[REFUSED_HEADER]).toBe('yes');
      const byName = await getViaProxy(proxy, `http://internal.example.test:${plainInternal.port}/`);
      expect(byName.status).toBe(403);
      expect(byName.body).toContain('resolves to 127.0.0.2');
    });
    expect(plainInternal.hits).toBe(0);
  });

  test('an origin-form request (not a proxy request) is refused', async () => {
    await withProxy(async (proxy) => {
      const r = await getViaProxy(proxy, '/just-a-path');
      expect(r.status).toBe(400);
    });
  });
});

test.describe('egress proxy: caps', () => {
  test('beyond maxRequests, new tunnels and requests are refused (429)', async () => {
    await withProxy(
      async (proxy) => {
        expect((await connectVia(proxy, `cdn.example.test:${site.server.port}`)).status).toBe(200);
        expect((await getViaProxy(proxy, `http://cdn.example.test:${plain.port}/`)).status).toBe(200);
        expect((await connectVia(proxy, `cdn.example.test:${site.server.port}`)).status).toBe(429);
        expect((await getViaProxy(proxy, `http://cdn.example.test:${plain.port}/`)).status).toBe(429);
        expect(proxy.stats().capped).toBe('requests');
      },
      { maxRequests: 2 },
    );
  });

  test('beyond maxBytes, open tunnels are cut and nothing more is let through', async () => {
    const big = await startServer((_req, res) => sendText(res, 'x'.repeat(256 * 1024), 'text/plain'), { tls: false });
    try {
      await withProxy(
        async (proxy) => {
          const r = await getViaProxy(proxy, `http://cdn.example.test:${big.port}/`).catch(() => ({ status: -1, body: '' }));
          expect(r.body.length).toBeLessThan(256 * 1024);
          expect(proxy.stats().capped).toBe('bytes');
          expect((await connectVia(proxy, `cdn.example.test:${site.server.port}`)).status).toBe(429);
        },
        { maxBytes: 32 * 1024, policy: harnessPolicy(...ports(), big.port) },
      );
    } finally {
      await big.close();
    }
  });

  test('connections to one address are capped per page, whatever names lead there, tunnels and plain-http requests alike', async () => {
    await withProxy(
      async (proxy) => {
        const opened: Socket[] = [];
        const hitsBefore = site.server.hits + plain.hits;
        try {
          for (let i = 0; i < PROXY_MAX_CONNECTIONS_PER_ADDRESS - 1; i++) {
            const host = i % 2 === 0 ? 'cdn.example.test' : 'api.example.test';
            const tunnel = await connectVia(proxy, `${host}:${site.server.port}`);
            expect(tunnel.status).toBe(200);
            opened.push(tunnel.socket);
          }
          expect((await getViaProxy(proxy, `http://cdn.example.test:${plain.port}/`)).status).toBe(200);
          const refused = await connectVia(proxy, `login.example.test:${site.server.port}`);
          opened.push(refused.socket);
          expect(refused.status).toBe(429);
          expect((await getViaProxy(proxy, `http://cdn.example.test:${plain.port}/`)).status).toBe(429);
          expect(proxy.stats().capped).toBe('connections');
          expect(proxy.events.at(-1)).toMatchObject({
            host: 'cdn.example.test',
            outcome: 'cap',
            reason: `The page opened ${PROXY_MAX_CONNECTIONS_PER_ADDRESS} connections to 127.0.0.1 (cdn.example.test), Link Doctor's limit per page for one address.`,
          });
          expect(site.server.hits + plain.hits - hitsBefore).toBe(PROXY_MAX_CONNECTIONS_PER_ADDRESS);
        } finally {
          for (const socket of opened) socket.destroy();
        }
      },
      { connectionsPerMinute: { limit: 0, state: new MemoryState() } },
    );
  });

  test('connections to one address per minute are counted across pages', async () => {
    const perMinute = { limit: 3, state: new MemoryState() };
    const opened: Socket[] = [];
    try {
      await withProxy(
        async (proxy) => {
          for (const host of ['cdn.example.test', 'api.example.test']) opened.push((await connectVia(proxy, `${host}:${site.server.port}`)).socket);
        },
        { connectionsPerMinute: perMinute },
      );
      await withProxy(
        async (proxy) => {
          const third = await connectVia(proxy, `login.example.test:${site.server.port}`);
          const fourth = await connectVia(proxy, `login.example.test:${site.server.port}`);
          opened.push(third.socket, fourth.socket);
          expect([third.status, fourth.status]).toEqual([200, 429]);
          expect(proxy.events.at(-1)?.reason).toMatch(
            /^Link Doctor's browsers have opened 3 connections to 127\.0\.0\.1 \(login\.example\.test\) in the last minute, the most allowed for one address\. Try again in \d+ s\.$/,
          );
          expect(proxy.stats().capped).toBeNull();
        },
        { connectionsPerMinute: perMinute },
      );
    } finally {
      for (const socket of opened) socket.destroy();
    }
  });

  test('with Redis, connections to one address per minute are counted across instances', async () => {
    const redis = await startRedisServer();
    const prefix = `t${Date.now()}:`;
    const [a, b] = [new RedisState(redis.url, { prefix }), new RedisState(redis.url, { prefix })];
    const opened: Socket[] = [];
    try {
      await withProxy(async (proxy) => {
        for (const host of ['cdn.example.test', 'api.example.test']) opened.push((await connectVia(proxy, `${host}:${site.server.port}`)).socket);
      }, { connectionsPerMinute: { limit: 2, state: a } });
      await withProxy(async (proxy) => {
        const third = await connectVia(proxy, `login.example.test:${site.server.port}`);
        opened.push(third.socket);
        expect(third.status).toBe(429);
        expect(proxy.events.at(-1)?.reason).toMatch(/^Link Doctor's browsers have opened 2 connections to 127\.0\.0\.1 \(login\.example\.test\) in the last minute/);
      }, { connectionsPerMinute: { limit: 2, state: b } });
    } finally {
      for (const socket of opened) socket.destroy();
      await Promise.all([a.close(), b.close()]);
      await redis.stop();
    }
  });

  test("inside an admitted probe, the target's address counts against the target's limits, under any name", async () => {
    const limiter = new ProbeLimiter({ ...limitsFromEnv(LIMITS_OFF), targetPerMinute: 1 });
    let statuses: number[] = [];
    const pageLoad = (host: string) =>
      executeProbe(
        z.object({ host: z.string() }),
        { host },
        () =>
          withProxy(async (proxy) => {
            const page = await connectVia(proxy, `${host}:${site.server.port}`);
            // Another host of the page is not the probe's target: not counted.
            const other = await connectVia(proxy, `cdn.example.test:${site.server.port}`);
            page.socket.destroy();
            other.socket.destroy();
            statuses = [page.status, other.status];
          }),
        () => limiter.admit('198.51.100.1', [host]),
      );
    expect((await pageLoad('login.example.test')).kind).toBe('done');
    expect(statuses).toEqual([200, 200]);
    expect(await pageLoad('auth.example.test')).toEqual({
      kind: 'limited',
      message:
        'auth.example.test resolves to 127.0.0.1, which has been probed 1 time in the last minute (under any name, by everyone using this Link Doctor), the most allowed. Try again in 60 seconds.',
      retryAfterSeconds: 60,
    });
    expect(statuses).toEqual([429, 200]);
  });

  test('close() cuts open tunnels', async () => {
    const proxy = await startEgressProxy({ policy: harnessPolicy(...ports()), lookup: site.lookup });
    const t = await connectVia(proxy, `cdn.example.test:${site.server.port}`);
    const closed = new Promise<void>((r) => t.socket.once('close', () => r()));
    await proxy.close();
    await closed;
    expect(t.socket.destroyed).toBe(true);
  });
});

test.describe('egress proxy: socket file', () => {
  test('connections on the socket file get the same checks as on 127.0.0.1, and close() removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-proxy-test-'));
    const socketPath = join(dir, 'proxy.sock');
    try {
      await withProxy(
        async (proxy) => {
          const connect = (authority: string) =>
            new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
              const req = httpRequest({ socketPath, method: 'CONNECT', path: authority });
              req.once('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
              req.once('error', reject);
              req.end();
            });
          const allowed = await connect(`cdn.example.test:${site.server.port}`);
          expect(allowed.status).toBe(200);
          expect(await getThroughTunnel(allowed.socket, 'cdn.example.test', '/via-socket')).toContain('hello from cdn.example.test/via-socket');
          expect((await connect(`internal.example.test:${site.internal.port}`)).status).toBe(403);
          expect(proxy.events.map((e) => [e.host, e.outcome])).toEqual([
            ['cdn.example.test', 'allowed'],
            ['internal.example.test', 'refused'],
          ]);
        },
        { unixSocketPath: socketPath },
      );
      expect(site.internal.hits).toBe(0);
      expect(existsSync(socketPath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('egress proxy: hosts refused by name', () => {
  test('a host in refuseHosts is refused with its reason, its name never looked up, over CONNECT and plain http', async () => {
    const lookups: string[] = [];
    const lookup: EgressProxyOptions['lookup'] = (host: string) => {
      lookups.push(host);
      return site.lookup(host);
    };
    const reason = 'Link Doctor never connects to this host.';
    await withProxy(
      async (proxy) => {
        const tunnel = await connectVia(proxy, 'Pitangui.Amazon.com.:443');
        expect(tunnel.status).toBe(403);
        tunnel.socket.destroy();
        const forwarded = await getViaProxy(proxy, 'http://pitangui.amazon.com/api/skill/link/M1?code=x');
        expect(forwarded.status).toBe(403);
        expect(forwarded.body).toContain(reason);
        expect(proxy.events.filter((e) => e.host === 'pitangui.amazon.com').map((e) => [e.outcome, e.reason])).toEqual([
          ['refused', reason],
          ['refused', reason],
        ]);
        expect(lookups).toEqual([]);
        // Other hosts go on as before.
        const other = await connectVia(proxy, `login.example.test:${site.server.port}`);
        expect(other.status).toBe(200);
        other.socket.destroy();
        expect(lookups).toEqual(['login.example.test']);
      },
      { lookup, refuseHosts: new Map([['pitangui.amazon.com', reason]]) },
    );
  });
});
