import { expect, test } from '@playwright/test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startRawServer, startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { classifyAddress, isPrivateModeOn } from './address-policy';
import { isTargetNotAllowed, type TargetNotAllowed } from './errors';
import { safeFetch, type OutboundResult, type SafeFetchOptions } from './outbound';
import { connectSpy, harnessPolicy, sleep, tableLookup } from './test-support';
import { executeProbe } from '@/lib/probes/execute';
import { ProbeLimiter } from '@/lib/limits/probe-limiter';
import { limitsFromEnv, LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { z } from '@/lib/zod';

const { ca } = fixtureTls();

function expectResponse(r: OutboundResult) {
  if (!r.ok) throw new Error(`expected a response, got failure: ${r.failure.kind}/${r.failure.phase}: ${r.failure.message}`);
  return r.response;
}
function expectFailure(r: OutboundResult) {
  if (r.ok) throw new Error(`expected a failure, got HTTP ${r.response.status}`);
  return r.failure;
}
async function refusal(p: Promise<unknown>): Promise<TargetNotAllowed> {
  try {
    await p;
  } catch (e) {
    if (isTargetNotAllowed(e)) return e;
    throw e;
  }
  throw new Error('expected TargetNotAllowed');
}

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

test.describe('outbound: URL checks (H1–H12), refused before any socket opens', () => {
  const cases: Array<[string, string, TargetNotAllowed['reason']]> = [
    ['H1', 'file:///etc/passwd', 'scheme'],
    ['H1', 'gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['H1', 'dict://127.0.0.1:11211/stat', 'scheme'],
    ['H1', 'ftp://example.com/', 'scheme'],
    ['H1', 'data:text/plain,hi', 'scheme'],
    ['H1', 'javascript:alert(1)', 'scheme'],
    ['H1', 'ws://example.com/', 'scheme'],
    ['H2', 'http://example.com/token', 'scheme'],
    ['H3', 'https://example.com:22/', 'port'],
    ['H3', 'https://example.com:6379/', 'port'],
    ['H3', 'https://example.com:8080/', 'port'],
    ['H3', 'https://example.com:0/', 'port'],
    ['H3', 'https://example.com:65536/', 'invalid-url'],
    ['H4', 'https://user:pass@example.com/', 'credentials'],
    ['H5', 'https://good.com@evil.com/', 'credentials'],
    ['H6', 'https://127.1.1.1:443\\@127.2.2.2:443/', 'address'],
    ['H7', 'https://1.1.1.1 &@2.2.2.2# @3.3.3.3/', 'credentials'],
    ['H8', 'https://example.com/a\r\nX-Injected: 1', 'control-characters'],
    ['H8', 'https://exa\nmple.com/', 'control-characters'],
    ['H9', `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.com/`, 'host-length'],
    ['H9', `https://${'a'.repeat(64)}.com/`, 'host-length'],
    ['H10', 'https://1.1.1.1.1/', 'invalid-url'],
    ['H10', 'https://0xBaaaaaaaaaaaaaaaaffffffff/', 'invalid-url'],
    ['H12', 'https://①②⑦.⓪.⓪.①/', 'address'],
    ['-', 'not a url', 'invalid-url'],
    ['-', '/relative/path', 'invalid-url'],
  ];
  for (const [row, url, reason] of cases) {
    test(`${row}: ${JSON.stringify(url).slice(0, 70)} → ${reason}`, async () => {
      spy.reset();
      const lookup = tableLookup({});
      const e = await refusal(safeFetch(url, { policy: { allowPrivate: false }, lookup }));
      expect(e.reason).toBe(reason);
      expect(e.message.length).toBeGreaterThan(10);
      expect(spy.count).toBe(0);
      expect(lookup.queries).toEqual([]);
    });
  }

  test('H8: a tab inside the URL is stripped (as browsers do), not refused', async () => {
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('https://exa\tmple.test/', { policy: { allowPrivate: false }, lookup }));
    expect(r.kind).toBe('dns');
    expect(lookup.queries).toEqual(['example.test']);
  });

  test('H11: a homograph host is shown and resolved as punycode', async () => {
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('https://аррӏе.com/', { policy: { allowPrivate: false }, lookup }));
    expect(lookup.queries).toEqual(['xn--80ak6aa92e.com']);
    expect(r.message).toContain('xn--80ak6aa92e.com');
  });

  test('H2: http is refused by default, allowed only when the caller asks', async () => {
    expect((await refusal(safeFetch('http://example.com/', { policy: { allowPrivate: false } }))).message).toContain('only probes https');
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('http://example.test/', { policy: { allowPrivate: false }, lookup, allowHttp: true }));
    expect(r.kind).toBe('dns');
  });
});

test.describe('outbound: address literals in every spelling (H13–H20)', () => {
  // Default policy (private mode off, no test hooks), port 443: nothing may even try to connect.
  const literals: Array<[string, string]> = [
    ['H13', '127.0.1'],
    ['H13', '127.1'],
    ['H13', '0'],
    ['H13', '0.0.0.0'],
    ['H14', '2130706433'],
    ['H14', '0x7f000001'],
    ['H14', '0177.0.0.1'],
    ['H14', '017700000001'],
    ['H14', '127.000.000.001'],
    ['H14', '0x7f.1'],
    ['H15', '169.254.169.254'],
    ['H15', '2852039166'],
    ['H15', '[::ffff:a9fe:a9fe]'],
    ['H16', '10.0.0.1'],
    ['H16', '172.16.0.1'],
    ['H16', '172.31.255.255'],
    ['H16', '192.168.1.1'],
    ['H16', '100.64.0.1'],
    ['H16', '100.100.100.200'],
    ['H17', '[::1]'],
    ['H17', '[::]'],
    ['H17', '[fe80::1]'],
    ['H17', '[fd00:ec2::254]'],
    ['H17', '[fc00::1]'],
    ['H18', '[::ffff:7f00:1]'],
    ['H18', '[0:0:0:0:0:ffff:10.0.0.2]'],
    ['H18', '[::ffff:127.0.0.1]'],
    ['H18', '[::127.0.0.1]'],
    ['H19', '[64:ff9b::a9fe:a9fe]'],
    ['H19', '[64:ff9b::127.0.0.1]'],
    ['H19', '[2002:a9fe:a9fe::]'],
    ['H19', '[2002:7f00:1::]'],
    ['H19', '[2001::1]'],
    ['H19', '[64:ff9b:1::1]'],
    ['H20', '255.255.255.255'],
    ['H20', '4294967295'],
    ['H20', '224.0.0.1'],
    ['H20', '240.0.0.1'],
    ['H20', '192.0.2.1'],
    ['H20', '198.51.100.1'],
    ['H20', '203.0.113.1'],
    ['H20', '198.18.0.1'],
    ['H20', '198.19.255.255'],
    ['H20', '[2001:db8::1]'],
    ['H20', '[ff02::1]'],
  ];
  for (const [row, host] of literals) {
    test(`${row}: https://${host}/ is refused with no socket`, async () => {
      spy.reset();
      const e = await refusal(safeFetch(`https://${host}/`, { policy: { allowPrivate: false } }));
      expect(e.reason).toBe('address');
      expect(e.message).toMatch(/Link Doctor only probes public servers/);
      expect(spy.count).toBe(0);
    });
  }

  test('the message names the kind of address in plain words', async () => {
    const e = await refusal(safeFetch('https://127.0.0.1/', { policy: { allowPrivate: false } }));
    expect(e.message).toBe('127.0.0.1 is a loopback address (the server itself); Link Doctor only probes public servers.');
    const m = await refusal(safeFetch('https://[::ffff:a9fe:a9fe]/', { policy: { allowPrivate: false } }));
    expect(m.message).toContain('169.254.169.254');
    expect(m.message).toContain('cloud metadata');
    const n = await refusal(safeFetch('https://[64:ff9b::a9fe:a9fe]/', { policy: { allowPrivate: false } }));
    expect(n.message).toContain('embeds 169.254.169.254');
  });

  test('public addresses, including NAT64 and 6to4 forms of public IPv4, are classified public', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '64:ff9b::808:808', '2002:808:808::1', '::ffff:8.8.8.8']) {
      expect(classifyAddress(a).class, a).toBeNull();
    }
    expect(classifyAddress('2002:a9fe:a9fe::').class).toBe('metadata');
    expect(classifyAddress('64:ff9b::10.0.0.1').class).toBe('private');
  });

  test('spellings of an internal address (127.0.0.2) never reach the internal server (harness policy)', async () => {
    const internal = await startServer((_q, res) => res.end('internal'), { host: '127.0.0.2' });
    try {
      const p = internal.port;
      const spellings = ['127.0.0.2', '127.2', '127.0.2', '2130706434', '0x7f000002', '0177.0.0.2', '017700000002', '127.000.000.002',
        '0x7f.0x0.0x0.0x2', '[::ffff:127.0.0.2]', '[::ffff:7f00:2]', '[0:0:0:0:0:ffff:7f00:2]', '①②⑦.⓪.⓪.②'];
      for (const s of spellings) {
        const e = await refusal(safeFetch(`https://${s}:${p}/`, { policy: harnessPolicy(p), ca }));
        expect(e.reason, s).toBe('address');
      }
      expect(internal.hits).toBe(0);
    } finally {
      await internal.close();
    }
  });
});

test.describe('outbound: names and DNS answers (H21–H27)', () => {
  test('H21: localhost, LOCALHOST. and x.localhost are refused by name, without a lookup', async () => {
    for (const host of ['localhost', 'LOCALHOST.', 'x.localhost', 'a.b.LocalHost..']) {
      const lookup = tableLookup({});
      const e = await refusal(safeFetch(`https://${host}/`, { policy: { allowPrivate: false }, lookup }));
      expect(e.reason, host).toBe('name');
      expect(lookup.queries).toEqual([]);
    }
  });

  test('H21 (real DNS): localhost resolves to loopback and is refused even if the name check were bypassed', async () => {
    // The default lookup (the system resolver) answering for "localhost." would give 127.0.0.1 / ::1.
    const { defaultLookup } = await import('./outbound');
    const answers = await defaultLookup('localhost');
    for (const a of answers) expect(classifyAddress(a.address).class).toBe('loopback');
  });

  test('H22/H26: names whose answers are internal are refused (nip.io, localtest.me, CNAME to internal)', async () => {
    const internal = await startServer((_q, res) => res.end('internal'), { host: '127.0.0.2' });
    try {
      const lookup = tableLookup({
        '127.0.0.2.nip.io': ['127.0.0.2'],
        'localtest.me': ['127.0.0.2'],
        '169.254.169.254.nip.io': ['169.254.169.254'],
        'cname-to-internal.example.test': ['127.0.0.2'],
        'v6-internal.example.test': ['::1'],
        'mapped.example.test': ['::ffff:127.0.0.2'],
      });
      const hosts = ['127.0.0.2.nip.io', 'localtest.me', '169.254.169.254.nip.io', 'cname-to-internal.example.test', 'v6-internal.example.test', 'mapped.example.test'];
      for (const host of hosts) {
        spy.reset();
        const e = await refusal(safeFetch(`https://${host}:${internal.port}/`, { policy: harnessPolicy(internal.port), lookup, ca }));
        expect(e.reason, host).toBe('address');
        expect(e.message).toContain(`${host} resolves to`);
        expect(spy.count).toBe(0);
      }
      expect(internal.hits).toBe(0);
    } finally {
      await internal.close();
    }
  });

  test('H23: metadata.google.internal is refused by name whatever it resolves to', async () => {
    const lookup = tableLookup({ 'metadata.google.internal': ['8.8.8.8'] });
    for (const host of ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog']) {
      const e = await refusal(safeFetch(`https://${host}/computeMetadata/v1/`, { policy: { allowPrivate: false }, lookup }));
      expect(e.reason).toBe('name');
    }
    // …even in private mode.
    const e = await refusal(safeFetch('https://metadata.google.internal/', { policy: { allowPrivate: true }, lookup }));
    expect(e.reason).toBe('name');
    expect(lookup.queries).toEqual([]);
  });

  test('H24: a name with one public and one internal answer is refused as a whole', async () => {
    const pub = await startServer((_q, res) => res.end('public'), { tls: false });
    const internal = await startServer((_q, res) => res.end('internal'), { tls: false, host: '127.0.0.2' });
    try {
      for (const order of [['127.0.0.1', '127.0.0.2'], ['127.0.0.2', '127.0.0.1']]) {
        const lookup = tableLookup({ 'mixed.example.test': order });
        const e = await refusal(safeFetch(`http://mixed.example.test:${pub.port}/`, { policy: harnessPolicy(pub.port, internal.port), lookup, allowHttp: true }));
        expect(e.address).toBe('127.0.0.2');
      }
      expect(pub.hits).toBe(0);
      expect(internal.hits).toBe(0);
    } finally {
      await pub.close();
      await internal.close();
    }
  });

  test('H25: DNS rebinding (public, then internal) — only the checked address is connected', async () => {
    // Both servers on the same port number is impossible, so the "internal" one listens on the port the URL names
    // and the public one is found by… the same port on another address: bind both to one port.
    const internal = await startServer((_q, res) => res.end('internal'), { tls: false, host: '127.0.0.2' });
    const pub = await startRawPortTwin(internal.port);
    try {
      let calls = 0;
      const lookup = tableLookup({ 'rebind.example.test': () => (calls++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
      const r = expectResponse(
        await safeFetch(`http://rebind.example.test:${internal.port}/`, { policy: harnessPolicy(internal.port), lookup, allowHttp: true }),
      );
      expect(r.body.toString()).toBe('public');
      expect(r.address).toBe('127.0.0.1');
      expect(lookup.queries).toEqual(['rebind.example.test']); // resolved exactly once
      expect(internal.hits).toBe(0);
      expect(pub.hits).toBe(1);
    } finally {
      await pub.close();
      await internal.close();
    }
  });

  test('H27: NXDOMAIN and SERVFAIL fail closed as DNS failures', async () => {
    const nx = expectFailure(await safeFetch('https://nx.example.test/', { policy: { allowPrivate: false }, lookup: tableLookup({}) }));
    expect(nx.kind).toBe('dns');
    expect(nx.code).toBe('ENOTFOUND');
    expect(nx.message).toContain('does not exist');
    const servfail = expectFailure(
      await safeFetch('https://sf.example.test/', {
        policy: { allowPrivate: false },
        lookup: async () => {
          throw Object.assign(new Error('queryA ESERVFAIL'), { code: 'EAI_AGAIN' });
        },
      }),
    );
    expect(servfail.kind).toBe('dns');
    expect(servfail.message).toContain('temporary');
    const empty = expectFailure(await safeFetch('https://empty.example.test/', { policy: { allowPrivate: false }, lookup: async () => [] }));
    expect(empty.kind).toBe('dns');
  });

  test('H27: a DNS lookup that never answers fails within its budget', async () => {
    const t0 = Date.now();
    const f = expectFailure(
      await safeFetch('https://slow-dns.example.test/', { policy: { allowPrivate: false }, lookup: () => new Promise(() => {}), timeouts: { dns: 800 } }),
    );
    const took = Date.now() - t0;
    expect(f.kind).toBe('timeout');
    expect(f.phase).toBe('dns');
    expect(took).toBeGreaterThanOrEqual(790);
    expect(took).toBeLessThan(800 * 1.1 + 150);
  });
});

/** A plain HTTP server on 127.0.0.1 at a given port (answers "public"), for the rebinding test. */
async function startRawPortTwin(port: number): Promise<CountingServer> {
  const { createServer } = await import('node:http');
  let hits = 0;
  const server = createServer((_q, res) => res.end('public'));
  server.on('connection', () => hits++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    get hits() {
      return hits;
    },
    requests: [],
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test.describe('outbound: redirects (H28–H33)', () => {
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
    ['H28', 'http://169.254.169.254/latest/meta-data/'],
    ['H28', 'https://169.254.169.254/latest/meta-data/'],
    ['H29', 'file:///etc/passwd'],
    ['H29', 'gopher://127.0.0.2:6379/_INFO'],
    ['H29', '//127.0.0.2:$INTPORT/'],
    ['H29', '$INT/'],
    ['H29', 'https://2130706434:$INTPORT/'],
    ['H29', 'https://[::ffff:7f00:2]:$INTPORT/'],
    ['H33', 'http://127.0.0.1:$INTPORT/'],
  ];
  for (const [row, loc] of refusedHops) {
    test(`${row}: a redirect to ${loc} is not followed`, async () => {
      redirectTo = loc;
      const before = internal.hits;
      const r = expectResponse(await safeFetch(`${pub.url}/start`, opts()));
      expect(r.status).toBe(302);
      expect(r.redirect?.notFollowed).toBe('refused');
      expect(r.redirect?.refusal).toBeTruthy();
      expect(internal.hits).toBe(before);
    });
  }

  test('H28: a hop to a name that resolves internally is refused before connecting', async () => {
    redirectTo = `https://sneaky.example.test:${internal.port}/`;
    const lookup = tableLookup({ 'sneaky.example.test': ['127.0.0.2'] });
    const before = internal.hits;
    const r = expectResponse(await safeFetch(`${pub.url}/start`, { ...opts(), lookup }));
    expect(r.redirect?.notFollowed).toBe('refused');
    expect(r.redirect?.refusal).toContain('sneaky.example.test resolves to 127.0.0.2');
    expect(internal.hits).toBe(before);
  });

  test('H30: a redirect loop stops after 3 hops', async () => {
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

  test('H31: a 307 on a POST is never followed; the target sees no body', async () => {
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

test.describe('outbound: bounds (H34–H43)', () => {
  test('H34: an endless chunked body stops at the decoded cap', async () => {
    let sent = 0;
    const server = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => {
        sent = Math.min(sent, Number.MAX_SAFE_INTEGER);
      });
      pump();
    });
    try {
      const rss0 = process.memoryUsage().rss;
      const f = expectFailure(await safeFetch(server.url, { policy: harnessPolicy(server.port), ca }));
      expect(f.kind).toBe('too-large');
      expect(f.status).toBe(200);
      expect(f.bodyBytes).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
      expect(process.memoryUsage().rss - rss0).toBeLessThan(50 * 1024 * 1024);
      await sleep(50);
      expect(sent).toBeLessThan(20 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  test('H34: a declared 200 MB Content-Length is refused before reading', async () => {
    const server = await startServer((_q, res) => {
      res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      res.write('x');
    });
    try {
      const f = expectFailure(await safeFetch(server.url, { policy: harnessPolicy(server.port), ca, maxBodyBytes: 64 * 1024 }));
      expect(f.kind).toBe('too-large');
      expect(f.message).toContain('Content-Length');
    } finally {
      await server.close();
    }
  });

  test('H35: gzip, brotli and double-gzip bombs stop at the decoded cap', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const gz = gzipSync(zeros);
    const br = brotliCompressSync(zeros);
    const gzgz = gzipSync(gz);
    expect(gz.length).toBeLessThan(64 * 1024);
    const bodies: Record<string, [string, Buffer]> = { '/gz': ['gzip', gz], '/br': ['br', br], '/gzgz': ['gzip, gzip', gzgz] };
    const server = await startServer((req, res) => {
      const [enc, data] = bodies[req.url] ?? ['identity', Buffer.from('?')];
      res.writeHead(200, { 'content-encoding': enc, 'content-length': data.length, 'content-type': 'application/json' });
      res.end(data);
    });
    try {
      for (const path of Object.keys(bodies)) {
        const f = expectFailure(await safeFetch(`${server.url}${path}`, { policy: harnessPolicy(server.port), ca, maxBodyBytes: 64 * 1024 }));
        expect(f.kind, path).toBe('too-large');
        expect(f.message).toContain('decompressed');
        expect(f.bodyBytes).toBeLessThan(64 * 1024 + 64 * 1024);
      }
      // A small honest gzip body is decoded.
      bodies['/ok'] = ['gzip', gzipSync(Buffer.from('{"a":1}'))];
      const r = expectResponse(await safeFetch(`${server.url}/ok`, { policy: harnessPolicy(server.port), ca }));
      expect(r.body.toString()).toBe('{"a":1}');
      expect(r.decodedEncodings).toEqual(['gzip']);
    } finally {
      await server.close();
    }
  });

  test('H36: a Content-Length lie (fewer bytes, then close) is a protocol failure', async () => {
    const server = await startServer((_q, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only ten b');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const f = expectFailure(await safeFetch(server.url, { policy: harnessPolicy(server.port), ca }));
      expect(f.kind).toBe('protocol');
      expect(f.message).toContain('Content-Length said 100');
    } finally {
      await server.close();
    }
  });

  test('H36: Content-Length together with Transfer-Encoding is a protocol failure', async () => {
    const server = await startRawServer((s) => {
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'));
    });
    try {
      const f = expectFailure(await safeFetch(`http://127.0.0.1:${server.port}/`, { policy: harnessPolicy(server.port), allowHttp: true }));
      expect(f.kind).toBe('protocol');
    } finally {
      await server.close();
    }
  });

  test('H37/H38/H39 with shortened budgets: slowloris headers, 1-byte drip, silent TLS each fail within budget ±10%', async () => {
    const slowloris = await startRawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\n');
        const t = setInterval(() => (s.writable ? s.write('X-A: b\r\n') : clearInterval(t)), 100);
        s.on('close', () => clearInterval(t));
      });
    });
    const drip = await startRawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const t = setInterval(() => (s.writable ? s.write('1\r\n{\r\n') : clearInterval(t)), 200);
        s.on('close', () => clearInterval(t));
      });
    });
    const silent = await startRawServer(() => {});
    const policy = harnessPolicy(slowloris.port, drip.port, silent.port);
    try {
      const timed = async (p: Promise<OutboundResult>) => {
        const t0 = Date.now();
        const f = expectFailure(await p);
        return { f, took: Date.now() - t0 };
      };
      const [h37, h38, h39] = await Promise.all([
        timed(safeFetch(`http://127.0.0.1:${slowloris.port}/`, { policy, allowHttp: true, timeouts: { headers: 1000 } })),
        timed(safeFetch(`http://127.0.0.1:${drip.port}/`, { policy, allowHttp: true, timeouts: { total: 1500 } })),
        timed(safeFetch(`https://127.0.0.1:${silent.port}/`, { policy, ca, timeouts: { connect: 1000 } })),
      ]);
      expect(h37.f).toMatchObject({ kind: 'timeout', phase: 'headers' });
      expect(h37.took).toBeGreaterThanOrEqual(990);
      expect(h37.took).toBeLessThan(1100 + 150);
      expect(h38.f).toMatchObject({ kind: 'timeout', phase: 'body', status: 200 });
      expect(h38.took).toBeGreaterThanOrEqual(1490);
      expect(h38.took).toBeLessThan(1650 + 150);
      expect(h39.f).toMatchObject({ kind: 'timeout', phase: 'tls' });
      expect(h39.took).toBeGreaterThanOrEqual(990);
      expect(h39.took).toBeLessThan(1100 + 150);
    } finally {
      await Promise.all([slowloris.close(), drip.close(), silent.close()]);
    }
  });

  test('H37/H39 and DNS with the DEFAULT 5 s budgets', async () => {
    const slowloris = await startRawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\n');
        const t = setInterval(() => (s.writable ? s.write('X-A: b\r\n') : clearInterval(t)), 200);
        s.on('close', () => clearInterval(t));
      });
    });
    const silent = await startRawServer(() => {});
    const policy = harnessPolicy(slowloris.port, silent.port);
    try {
      const timed = async (p: Promise<OutboundResult>) => {
        const t0 = Date.now();
        const f = expectFailure(await p);
        return { f, took: Date.now() - t0 };
      };
      const results = await Promise.all([
        timed(safeFetch(`http://127.0.0.1:${slowloris.port}/`, { policy, allowHttp: true })),
        timed(safeFetch(`https://127.0.0.1:${silent.port}/`, { policy, ca })),
        timed(safeFetch('https://hang.example.test/', { policy, lookup: () => new Promise(() => {}) })),
      ]);
      expect(results.map((r) => r.f.phase)).toEqual(['headers', 'tls', 'dns']);
      for (const r of results) {
        expect(r.f.kind).toBe('timeout');
        expect(r.took).toBeGreaterThanOrEqual(4990);
        expect(r.took).toBeLessThan(5500);
      }
    } finally {
      await Promise.all([slowloris.close(), silent.close()]);
    }
  });

  test('H42: headers over 16 KB, and 10k Set-Cookie lines, are a header-overflow failure', async () => {
    const server = await startRawServer((s) => {
      s.once('data', (d) => {
        const many = String(d).startsWith('GET /many');
        const head = many ? Array.from({ length: 10_000 }, (_, i) => `Set-Cookie: c${i}=1\r\n`).join('') : `X-Big: ${'a'.repeat(20 * 1024)}\r\n`;
        s.end(`HTTP/1.1 200 OK\r\n${head}Content-Length: 2\r\n\r\nok`);
      });
    });
    try {
      for (const path of ['/big', '/many']) {
        const f = expectFailure(await safeFetch(`http://127.0.0.1:${server.port}${path}`, { policy: harnessPolicy(server.port), allowHttp: true }));
        expect(f.kind).toBe('protocol');
        expect(f.code).toBe('HPE_HEADER_OVERFLOW');
        expect(f.message).toContain('16 KB');
      }
    } finally {
      await server.close();
    }
  });

  test('a server that talks first, or hangs up at once, gives a typed result (no crash, no hang)', async () => {
    const eager = await startRawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const rude = await startRawServer((s) => s.destroy());
    try {
      const policy = harnessPolicy(eager.port, rude.port);
      const r1 = await safeFetch(`http://127.0.0.1:${eager.port}/`, { policy, allowHttp: true, timeouts: { total: 2000 } });
      if (r1.ok) expect(r1.response.body.toString()).toBe('ok');
      else expect(['protocol', 'timeout']).toContain(r1.failure.kind);
      const r2 = expectFailure(await safeFetch(`http://127.0.0.1:${rude.port}/`, { policy, allowHttp: true, timeouts: { total: 2000 } }));
      expect(r2.kind).toBe('protocol');
      const r3 = expectFailure(await safeFetch(`https://127.0.0.1:${rude.port}/`, { policy, ca, timeouts: { total: 2000 } }));
      expect(r3.kind).toBe('tls');
    } finally {
      await Promise.all([eager.close(), rude.close()]);
    }
  });

  test('the total deadline covers redirects too', async () => {
    const server = await startServer((req, res) => {
      setTimeout(() => {
        res.writeHead(302, { location: `/again${req.url.length}` });
        res.end();
      }, 300);
    });
    try {
      const t0 = Date.now();
      const f = expectFailure(await safeFetch(server.url, { policy: harnessPolicy(server.port), ca, timeouts: { total: 800 }, followRedirects: 10 }));
      expect(f.kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(1000);
    } finally {
      await server.close();
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
