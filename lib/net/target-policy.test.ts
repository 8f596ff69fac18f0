// The outbound policy as safeFetch applies it: which URLs, address literals and names are refused, always before a
// socket to them opens (and, for names refused as such, before any DNS lookup).

import { expect, test } from '@playwright/test';
import { startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { classifyAddress } from './address-policy';
import type { TargetNotAllowed } from './errors';
import { defaultLookup } from './resolve';
import { safeFetch } from './safe-fetch';
import { connectSpy, expectFailure, expectResponse, harnessPolicy, refusal, tableLookup } from './test-support';

const { ca } = fixtureTls();

let spy: ReturnType<typeof connectSpy>;
test.beforeAll(() => {
  spy = connectSpy();
});
test.afterAll(() => spy.restore());

test.describe('outbound: URL checks, refused before any socket opens', () => {
  const cases: Array<[string, string, TargetNotAllowed['reason']]> = [
    ['a scheme that is not http or https', 'file:///etc/passwd', 'scheme'],
    ['a scheme that is not http or https', 'gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['a scheme that is not http or https', 'dict://127.0.0.1:11211/stat', 'scheme'],
    ['a scheme that is not http or https', 'ftp://example.com/', 'scheme'],
    ['a scheme that is not http or https', 'data:text/plain,hi', 'scheme'],
    ['a scheme that is not http or https', 'javascript:alert(1)', 'scheme'],
    ['a scheme that is not http or https', 'ws://example.com/', 'scheme'],
    ['plain http where https is required', 'http://example.com/token', 'scheme'],
    ['a port other than 443 and 80', 'https://example.com:22/', 'port'],
    ['a port other than 443 and 80', 'https://example.com:6379/', 'port'],
    ['a port other than 443 and 80', 'https://example.com:8080/', 'port'],
    ['a port other than 443 and 80', 'https://example.com:0/', 'port'],
    ['a port other than 443 and 80', 'https://example.com:65536/', 'invalid-url'],
    ['credentials in the URL', 'https://user:pass@example.com/', 'credentials'],
    ['a host hidden behind credentials', 'https://good.com@evil.com/', 'credentials'],
    ['a backslash that parsers split differently', 'https://127.1.1.1:443\\@127.2.2.2:443/', 'address'],
    ['spaces and # that parsers split differently', 'https://1.1.1.1 &@2.2.2.2# @3.3.3.3/', 'credentials'],
    ['a line break in the URL', 'https://example.com/a\r\nX-Injected: 1', 'control-characters'],
    ['a line break in the URL', 'https://exa\nmple.com/', 'control-characters'],
    ['a host name or label that is too long', `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.com/`, 'host-length'],
    ['a host name or label that is too long', `https://${'a'.repeat(64)}.com/`, 'host-length'],
    ['a malformed IPv4 literal', 'https://1.1.1.1.1/', 'invalid-url'],
    ['a malformed IPv4 literal', 'https://0xBaaaaaaaaaaaaaaaaffffffff/', 'invalid-url'],
    ['full-width digits that spell an internal address', 'https://①②⑦.⓪.⓪.①/', 'address'],
    ['not an absolute URL', 'not a url', 'invalid-url'],
    ['not an absolute URL', '/relative/path', 'invalid-url'],
  ];
  for (const [what, url, reason] of cases) {
    test(`${what}: ${JSON.stringify(url).slice(0, 70)} → ${reason}`, async () => {
      spy.reset();
      const lookup = tableLookup({});
      const e = await refusal(safeFetch(url, { policy: { allowPrivate: false }, lookup }));
      expect(e.reason).toBe(reason);
      expect(e.message.length).toBeGreaterThan(10);
      expect(spy.count).toBe(0);
      expect(lookup.queries).toEqual([]);
    });
  }

  test('a tab inside the URL is stripped (as browsers do), not refused', async () => {
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('https://exa\tmple.test/', { policy: { allowPrivate: false }, lookup }));
    expect(r.kind).toBe('dns');
    expect(lookup.queries).toEqual(['example.test']);
  });

  test('a homograph host is shown and resolved as punycode', async () => {
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('https://аррӏе.com/', { policy: { allowPrivate: false }, lookup }));
    expect(lookup.queries).toEqual(['xn--80ak6aa92e.com']);
    expect(r.message).toContain('xn--80ak6aa92e.com');
  });

  test('http is refused by default, allowed only when the caller asks', async () => {
    expect((await refusal(safeFetch('http://example.com/', { policy: { allowPrivate: false } }))).message).toContain('only probes https');
    const lookup = tableLookup({});
    const r = expectFailure(await safeFetch('http://example.test/', { policy: { allowPrivate: false }, lookup, allowHttp: true }));
    expect(r.kind).toBe('dns');
  });
});

test.describe('outbound: address literals in every spelling', () => {
  // Default policy (private mode off, no test hooks), port 443: nothing may even try to connect.
  const literals: Array<[string, string]> = [
    ['a short IPv4 form of loopback or the unspecified address', '127.0.1'],
    ['a short IPv4 form of loopback or the unspecified address', '127.1'],
    ['a short IPv4 form of loopback or the unspecified address', '0'],
    ['a short IPv4 form of loopback or the unspecified address', '0.0.0.0'],
    ['an octal, hex or integer spelling of loopback', '2130706433'],
    ['an octal, hex or integer spelling of loopback', '0x7f000001'],
    ['an octal, hex or integer spelling of loopback', '0177.0.0.1'],
    ['an octal, hex or integer spelling of loopback', '017700000001'],
    ['an octal, hex or integer spelling of loopback', '127.000.000.001'],
    ['an octal, hex or integer spelling of loopback', '0x7f.1'],
    ['cloud metadata', '169.254.169.254'],
    ['cloud metadata', '2852039166'],
    ['cloud metadata', '[::ffff:a9fe:a9fe]'],
    ['a private or carrier-grade NAT range', '10.0.0.1'],
    ['a private or carrier-grade NAT range', '172.16.0.1'],
    ['a private or carrier-grade NAT range', '172.31.255.255'],
    ['a private or carrier-grade NAT range', '192.168.1.1'],
    ['a private or carrier-grade NAT range', '100.64.0.1'],
    ['a private or carrier-grade NAT range', '100.100.100.200'],
    ['IPv6 loopback, unspecified, link-local or unique-local', '[::1]'],
    ['IPv6 loopback, unspecified, link-local or unique-local', '[::]'],
    ['IPv6 loopback, unspecified, link-local or unique-local', '[fe80::1]'],
    ['IPv6 loopback, unspecified, link-local or unique-local', '[fd00:ec2::254]'],
    ['IPv6 loopback, unspecified, link-local or unique-local', '[fc00::1]'],
    ['an IPv4-mapped IPv6 internal address', '[::ffff:7f00:1]'],
    ['an IPv4-mapped IPv6 internal address', '[0:0:0:0:0:ffff:10.0.0.2]'],
    ['an IPv4-mapped IPv6 internal address', '[::ffff:127.0.0.1]'],
    ['an IPv4-mapped IPv6 internal address', '[::127.0.0.1]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[64:ff9b::a9fe:a9fe]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[64:ff9b::127.0.0.1]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[2002:a9fe:a9fe::]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[2002:7f00:1::]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[2001::1]'],
    ['an IPv6 form that embeds an internal IPv4 address (NAT64, 6to4, Teredo)', '[64:ff9b:1::1]'],
    ['broadcast, multicast, documentation or reserved', '255.255.255.255'],
    ['broadcast, multicast, documentation or reserved', '4294967295'],
    ['broadcast, multicast, documentation or reserved', '224.0.0.1'],
    ['broadcast, multicast, documentation or reserved', '240.0.0.1'],
    ['broadcast, multicast, documentation or reserved', '192.0.2.1'],
    ['broadcast, multicast, documentation or reserved', '198.51.100.1'],
    ['broadcast, multicast, documentation or reserved', '203.0.113.1'],
    ['broadcast, multicast, documentation or reserved', '198.18.0.1'],
    ['broadcast, multicast, documentation or reserved', '198.19.255.255'],
    ['broadcast, multicast, documentation or reserved', '[2001:db8::1]'],
    ['broadcast, multicast, documentation or reserved', '[ff02::1]'],
  ];
  for (const [what, host] of literals) {
    test(`${what}: https://${host}/ is refused with no socket`, async () => {
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

test.describe('outbound: names and DNS answers', () => {
  test('localhost, LOCALHOST. and x.localhost are refused by name, without a lookup', async () => {
    for (const host of ['localhost', 'LOCALHOST.', 'x.localhost', 'a.b.LocalHost..']) {
      const lookup = tableLookup({});
      const e = await refusal(safeFetch(`https://${host}/`, { policy: { allowPrivate: false }, lookup }));
      expect(e.reason, host).toBe('name');
      expect(lookup.queries).toEqual([]);
    }
  });

  test('(real DNS) localhost resolves to loopback and is refused even if the name check were bypassed', async () => {
    // The default lookup (the system resolver) answering for "localhost." would give 127.0.0.1 / ::1.
    const answers = await defaultLookup('localhost');
    for (const a of answers) expect(classifyAddress(a.address).class).toBe('loopback');
  });

  test('names whose answers are internal are refused (nip.io, localtest.me, CNAME to internal)', async () => {
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

  test('metadata.google.internal is refused by name whatever it resolves to', async () => {
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

  test('a name with one public and one internal answer is refused as a whole', async () => {
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

  test('DNS rebinding (public, then internal) — only the checked address is connected', async () => {
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

  test('NXDOMAIN and SERVFAIL fail closed as DNS failures', async () => {
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

  test('a DNS lookup that never answers fails within its budget', async () => {
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
