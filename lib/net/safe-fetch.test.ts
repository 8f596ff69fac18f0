// safeFetch as a whole: the harness reaches a "public" server (the positive control), redirects are each re-checked,
// private mode, and the budget that addresses share inside an admitted probe.

import { expect, test } from '@playwright/test';
import { startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { executeProbe } from '@/lib/probes/execute';
import { ProbeLimiter } from '@/lib/limits/probe-limiter';
import { limitsFromEnv, LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { z } from '@/lib/zod';
import { isPrivateModeOn } from './address-policy';
import { CookieJar } from './cookie-jar';
import { safeFetch, type SafeFetchOptions } from './safe-fetch';
import { connectSpy, expectResponse, harnessPolicy, refusal, tableLookup } from './test-support';

const { ca } = fixtureTls();

let spy: ReturnType<typeof connectSpy>;
test.beforeAll(() => {
  spy = connectSpy();
});
test.afterAll(() => spy.restore());

test.describe('outbound: the harness works (positive control)', () => {
  test('a "public" 127.0.0.1 HTTPS server is reached once, with TLS info and timings', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    try {
      const r = expectResponse(await safeFetch(`${server.url}/x?y=1`, { policy: harnessPolicy(server.port), ca }));
      expect(r.status).toBe(200);
      expect(r.body.toString()).toBe('hello');
      expect(server.hits).toBe(1);
      expect(server.requests[0]?.url).toBe('/x?y=1');
      expect(server.requests[0]?.headers.host).toBe(`127.0.0.1:${server.port}`);
      expect(r.tls?.authorized).toBe(true);
      expect(r.tls?.hostMatch).toBe(true);
      expect(r.tls?.chain[0]?.subject).toContain('CN=localhost');
      expect(r.tls?.chain[0]?.issuer).toContain('Link Doctor Test CA');
      for (const k of ['dns', 'connect', 'tls', 'firstByte', 'total'] as const) expect(typeof r.timing[k]).toBe('number');
    } finally {
      await server.close();
    }
  });

  test('a host name is resolved by the injected lookup, and the Host header keeps the name', async () => {
    const server = await startServer((req, res) => res.end(req.headers.host), { tls: false });
    const lookup = tableLookup({ 'api.example.test': ['127.0.0.1'] });
    try {
      const r = expectResponse(await safeFetch(`http://api.example.test:${server.port}/`, { policy: harnessPolicy(server.port), lookup, allowHttp: true }));
      expect(r.body.toString()).toBe(`api.example.test:${server.port}`);
      expect(lookup.queries).toEqual(['api.example.test']);
    } finally {
      await server.close();
    }
  });
});

test.describe('outbound: redirects', () => {
  let internal: CountingServer;
  let pub: CountingServer;
  let redirectTo = '';
  let redirectStatus = 302;
  test.beforeAll(async () => {
    internal = await startServer((_q, res) => res.end('internal'), { host: '127.0.0.2' });
    pub = await startServer((req, res) => {
      if (req.url.startsWith('/final')) {
        res.end('final');
        return;
      }
      if (req.url.startsWith('/loop')) {
        const n = Number(new URL(req.url, 'https://x').searchParams.get('n') ?? '0');
        res.writeHead(302, { Location: `/loop?n=${n + 1}` });
        res.end();
        return;
      }
      res.writeHead(redirectStatus, { Location: redirectTo.replace('$PUB', pub.url).replace('$INTPORT', String(internal.port)).replace('$INT', internal.url) });
      res.end('redirecting');
    });
  });
  test.afterAll(async () => {
    await internal.close();
    await pub.close();
  });
  const opts = (): SafeFetchOptions => ({ policy: harnessPolicy(pub.port, internal.port), ca });

  test('a same-site redirect is followed and re-checked (positive control)', async () => {
    redirectTo = '$PUB/final';
    const r = expectResponse(await safeFetch(`${pub.url}/start`, opts()));
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('final');
    expect(r.redirects).toHaveLength(1);
  });

  const refusedHops: Array<[string, string]> = [
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['another scheme', 'file:///etc/passwd'],
    ['another scheme', 'gopher://127.0.0.2:6379/_INFO'],
    ['an internal address', '//127.0.0.2:$INTPORT/'],
    ['an internal address', '$INT/'],
    ['an internal address', 'https://2130706434:$INTPORT/'],
    ['an internal address', 'https://[::ffff:7f00:2]:$INTPORT/'],
    ['a downgrade to http', 'http://127.0.0.1:$INTPORT/'],
  ];
  for (const [what, loc] of refusedHops) {
    test(`a redirect to ${loc} (${what}) is not followed`, async () => {
      redirectTo = loc;
      const before = internal.hits;
      const r = expectResponse(await safeFetch(`${pub.url}/start`, opts()));
      expect(r.status).toBe(302);
      expect(r.redirect?.notFollowed).toBe('refused');
      expect(r.redirect?.refusal).toBeTruthy();
      expect(internal.hits).toBe(before);
    });
  }

  test('a hop to a name that resolves internally is refused before connecting', async () => {
    redirectTo = `https://sneaky.example.test:${internal.port}/`;
    const lookup = tableLookup({ 'sneaky.example.test': ['127.0.0.2'] });
    const before = internal.hits;
    const r = expectResponse(await safeFetch(`${pub.url}/start`, { ...opts(), lookup }));
    expect(r.redirect?.notFollowed).toBe('refused');
    expect(r.redirect?.refusal).toContain('sneaky.example.test resolves to 127.0.0.2');
    expect(internal.hits).toBe(before);
  });

  test('a redirect loop stops after 3 hops', async () => {
    const before = pub.hits;
    const r = expectResponse(await safeFetch(`${pub.url}/loop?n=0`, opts()));
    expect(r.status).toBe(302);
    expect(r.redirects).toHaveLength(3);
    expect(r.redirect?.notFollowed).toBe('max-hops');
    expect(pub.hits - before).toBe(4); // the request and 3 hops: the amplification budget
  });

  test('followRedirects: 0 returns the redirect as data', async () => {
    redirectTo = '$PUB/final';
    const r = expectResponse(await safeFetch(`${pub.url}/start`, { ...opts(), followRedirects: 0 }));
    expect(r.status).toBe(302);
    expect(r.redirect).toMatchObject({ notFollowed: 'disabled', resolved: `${pub.url}/final` });
  });

  test('a 307 on a POST is never followed; the target sees no body', async () => {
    const capture = await startServer((_q, res) => res.end('captured'));
    try {
      redirectTo = `${capture.url}/steal`;
      for (const status of [307, 308, 302]) {
        redirectStatus = status;
        const r = expectResponse(
          await safeFetch(`${pub.url}/token`, { ...opts(), policy: harnessPolicy(pub.port, capture.port), method: 'POST', body: 'client_secret=s3cret', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        );
        expect(r.status).toBe(status);
        expect(r.redirect?.notFollowed).toBe('method');
      }
      expect(capture.hits).toBe(0);
      expect(capture.requests).toHaveLength(0);
    } finally {
      redirectStatus = 302;
      await capture.close();
    }
  });
});

test.describe('outbound: private mode (PROBE_ALLOW_PRIVATE)', () => {
  test('isPrivateModeOn reads the environment at call time', () => {
    const before = process.env.PROBE_ALLOW_PRIVATE;
    try {
      delete process.env.PROBE_ALLOW_PRIVATE;
      expect(isPrivateModeOn()).toBe(false);
      process.env.PROBE_ALLOW_PRIVATE = '1';
      expect(isPrivateModeOn()).toBe(true);
      process.env.PROBE_ALLOW_PRIVATE = 'true';
      expect(isPrivateModeOn()).toBe(false);
    } finally {
      if (before === undefined) delete process.env.PROBE_ALLOW_PRIVATE;
      else process.env.PROBE_ALLOW_PRIVATE = before;
    }
  });

  test('with PROBE_ALLOW_PRIVATE=1 in the environment, loopback on any port is reachable; without it, refused', async () => {
    const server = await startServer((_q, res) => res.end('dev'), { host: '127.0.0.2', tls: false });
    const before = process.env.PROBE_ALLOW_PRIVATE;
    try {
      delete process.env.PROBE_ALLOW_PRIVATE;
      expect((await refusal(safeFetch(server.url, { allowHttp: true }))).reason).toBe('port');
      process.env.PROBE_ALLOW_PRIVATE = '1';
      const r = expectResponse(await safeFetch(server.url, { allowHttp: true }));
      expect(r.body.toString()).toBe('dev');
      expect(server.hits).toBe(1);
      // Metadata stays refused even in private mode.
      expect((await refusal(safeFetch('http://169.254.169.254/', { allowHttp: true }))).reason).toBe('address');
      expect((await refusal(safeFetch('https://[fd00:ec2::254]/'))).reason).toBe('address');
      expect((await refusal(safeFetch('https://0.0.0.0/'))).reason).toBe('address');
    } finally {
      if (before === undefined) delete process.env.PROBE_ALLOW_PRIVATE;
      else process.env.PROBE_ALLOW_PRIVATE = before;
      await server.close();
    }
  });
});

test.describe('outbound: inside an admitted probe, the addresses a target resolves to share their budget', () => {
  test('names that resolve to one address share its budget, and so does its literal: refused before anything is sent', async () => {
    const server = await startServer((_req, res) => res.end('ok'), { tls: false });
    try {
      const limiter = new ProbeLimiter({ ...limitsFromEnv(LIMITS_OFF), targetPerMinute: 2 });
      const lookup = tableLookup({ 'a.example.test': ['127.0.0.1'], 'b.example.test': ['127.0.0.1'], 'c.example.test': ['::ffff:127.0.0.1'] });
      const probe = (host: string) =>
        executeProbe(
          z.object({ url: z.string() }),
          { url: `http://${host}:${server.port}/` },
          ({ url }) => safeFetch(url, { allowHttp: true, policy: harnessPolicy(server.port), lookup }),
          ({ url }) => limiter.admit('198.51.100.1', [new URL(url).hostname]),
        );
      expect((await probe('a.example.test')).kind).toBe('done');
      expect((await probe('b.example.test')).kind).toBe('done');
      spy.reset();
      const third = await probe('c.example.test');
      expect(third).toEqual({
        kind: 'limited',
        message:
          'c.example.test resolves to 127.0.0.1, which has been probed 2 times in the last minute (under any name, by everyone using this Link Doctor), the most allowed. Try again in 60 seconds.',
        retryAfterSeconds: 60,
      });
      const literal = await probe('[::ffff:127.0.0.1]');
      expect(literal.kind === 'limited' && literal.message).toContain('127.0.0.1 has been probed 2 times in the last minute');
      expect(spy.count).toBe(0);
      expect(server.hits).toBe(2);
    } finally {
      await server.close();
    }
  });
});

test.describe('outbound: a run cookie jar', () => {
  test('a cookie set on a redirect goes back to the same host on the next hop, and never to another host', async () => {
    const server = await startServer(
      (req, res) => {
        const host = String(req.headers.host).replace(/:\d+$/, '');
        if (req.url === '/start') {
          res.writeHead(303, { Location: '/login', 'Set-Cookie': 'session=s3cr3t-session; Path=/; HttpOnly' });
          return res.end();
        }
        if (req.url === '/login' && host === 'a.example.test') {
          res.writeHead(302, { Location: `http://b.example.test:${server.port}/elsewhere` });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`${host}: ${req.headers.cookie ?? 'no cookie'}`);
      },
      { tls: false },
    );
    const lookup = tableLookup({ 'a.example.test': ['127.0.0.1'], 'b.example.test': ['127.0.0.1'] });
    try {
      const cookies = new CookieJar();
      const r = expectResponse(await safeFetch(`http://a.example.test:${server.port}/start`, { policy: harnessPolicy(server.port), lookup, allowHttp: true, cookies }));
      expect(server.requests.map((q) => [String(q.headers.host).replace(/:\d+$/, ''), q.url, q.headers.cookie ?? null])).toEqual([
        ['a.example.test', '/start', null],
        ['a.example.test', '/login', 'session=s3cr3t-session'],
        ['b.example.test', '/elsewhere', null],
      ]);
      expect(r.body.toString()).toBe('b.example.test: no cookie');
      // Without a jar, no cookie crosses a redirect.
      const plain = expectResponse(await safeFetch(`http://a.example.test:${server.port}/start`, { policy: harnessPolicy(server.port), lookup, allowHttp: true, followRedirects: 1 }));
      expect(plain.status).toBe(302);
      expect(server.requests.at(-1)?.headers.cookie).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
