import { expect, test } from '@playwright/test';
import { startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { fixtureTls, makeBadCerts, type BadCerts } from '@/e2e/fixtures/tls-certs';
import { safeFetch } from './safe-fetch';
import { harnessPolicy, tableLookup } from './test-support';
import type { OutboundResult } from './types';

// TLS verification stays on whatever the server presents; every problem comes back as data, with Node's error code
// and the chain seen.

let bad: BadCerts;
test.beforeAll(() => {
  bad = makeBadCerts();
});
test.afterAll(() => bad.cleanup());

function failure(r: OutboundResult) {
  if (r.ok) throw new Error(`expected a TLS failure, got HTTP ${r.response.status}`);
  return r.failure;
}

async function withServer<T>(opts: Parameters<typeof startServer>[1], fn: (s: CountingServer) => Promise<T>): Promise<T> {
  const s = await startServer((_q, res) => res.end('should never be read'), opts);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

test('the committed fixture CA and localhost certificate verify (and last ~20 years)', async () => {
  const { ca } = fixtureTls();
  await withServer({}, async (s) => {
    const r = await safeFetch(s.url, { policy: harnessPolicy(s.port), ca });
    if (!r.ok) throw new Error(r.failure.message);
    expect(r.response.tls).toMatchObject({ authorized: true, hostMatch: true, servername: '127.0.0.1' });
    const validTo = Date.parse(r.response.tls?.chain[0]?.validToIso ?? '');
    expect(validTo - Date.now()).toBeGreaterThan(15 * 365 * 24 * 3600 * 1000);
    expect(r.response.tls?.protocol).toMatch(/TLSv1\.[23]/);
  });
});

test('without the test CA the fixture certificate is untrusted: no option ever disables verification', async () => {
  await withServer({}, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port) }));
    expect(f.kind).toBe('tls');
    expect(f.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(s.requests).toHaveLength(0); // no HTTP request was sent over the unverified connection
  });
});

test('self-signed → DEPTH_ZERO_SELF_SIGNED_CERT, with the certificate reported', async () => {
  await withServer({ tls: bad.selfSigned }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: bad.ca }));
    expect(f).toMatchObject({ kind: 'tls', phase: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(f.message).toContain('self-signed');
    expect(f.tls?.authorized).toBe(false);
    expect(f.tls?.chain[0]?.selfSigned).toBe(true);
    expect(f.tls?.chain[0]?.subject).toContain('CN=localhost');
    expect(f.tls?.hostMatch).toBe(true);
    expect(s.requests).toHaveLength(0);
  });
});

test('expired → CERT_HAS_EXPIRED, with validTo in the past', async () => {
  await withServer({ tls: bad.expired }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: bad.ca }));
    expect(f).toMatchObject({ kind: 'tls', code: 'CERT_HAS_EXPIRED' });
    expect(Date.parse(f.tls?.chain[0]?.validToIso ?? '')).toBeLessThan(Date.now());
    expect(f.tls?.chain[0]?.issuer).toContain('Throwaway Test CA');
  });
});

test('wrong host → ERR_TLS_CERT_ALTNAME_INVALID, hostMatch false', async () => {
  await withServer({ tls: bad.wrongHost }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: bad.ca }));
    expect(f).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(f.tls?.hostMatch).toBe(false);
    expect(f.tls?.chain[0]?.subjectAltNames).toContain('other.example');
  });
  // By name too: the certificate is checked against the URL's host name, not the address connected to.
  await withServer({ tls: fixtureTls() }, async (s) => {
    const lookup = tableLookup({ 'auth.example.test': ['127.0.0.1'] });
    const f = failure(await safeFetch(`https://auth.example.test:${s.port}/`, { policy: harnessPolicy(s.port), ca: fixtureTls().ca, lookup }));
    expect(f).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(f.tls?.servername).toBe('auth.example.test');
  });
});

test('incomplete chain (intermediate not sent) → UNABLE_TO_VERIFY_LEAF_SIGNATURE; complete chain verifies', async () => {
  await withServer({ tls: bad.leafWithoutIntermediate }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: bad.ca }));
    expect(f).toMatchObject({ kind: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(f.message).toContain('intermediate');
    expect(f.tls?.chain[0]?.issuer).toContain('Throwaway Intermediate');
  });
  await withServer({ tls: bad.leafWithIntermediate }, async (s) => {
    const r = await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: bad.ca });
    if (!r.ok) throw new Error(r.failure.message);
    expect(r.response.tls?.chain.map((c) => c.subject)).toEqual([
      expect.stringContaining('CN=localhost'),
      expect.stringContaining('Throwaway Intermediate'),
      expect.stringContaining('Throwaway Test CA'),
    ]);
  });
});

test('a server offering only TLS 1.0 is refused', async () => {
  await withServer({ tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca: fixtureTls().ca }));
    expect(f.kind).toBe('tls');
    expect(f.code).toMatch(/ERR_SSL_/);
  });
});

test('plain HTTP on an https URL → ERR_SSL_WRONG_VERSION_NUMBER', async () => {
  await withServer({ tls: false }, async (s) => {
    const f = failure(await safeFetch(`https://127.0.0.1:${s.port}/`, { policy: harnessPolicy(s.port), ca: fixtureTls().ca }));
    expect(f).toMatchObject({ kind: 'tls', code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    expect(f.message).toContain('plain HTTP');
  });
});

test('a server that closes right after the TLS handshake → protocol failure, no crash', async () => {
  const { createServer } = await import('node:tls');
  const tlsFix = fixtureTls();
  const server = createServer({ key: tlsFix.key, cert: tlsFix.cert }, (s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const f = failure(await safeFetch(`https://127.0.0.1:${port}/`, { policy: harnessPolicy(port), ca: tlsFix.ca, timeouts: { total: 3000 } }));
    expect(['protocol', 'tls']).toContain(f.kind);
    expect(f.timing.total).toBeLessThan(2500);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('tlsMaxVersion TLSv1.2: a server that also speaks TLS 1.2 negotiates it; a TLS 1.3-only server fails the handshake as data', async () => {
  const { ca } = fixtureTls();
  await withServer({}, async (s) => {
    const capped = await safeFetch(s.url, { policy: harnessPolicy(s.port), ca, tlsMaxVersion: 'TLSv1.2' });
    if (!capped.ok) throw new Error(capped.failure.message);
    expect(capped.response.tls?.protocol).toBe('TLSv1.2');
    expect(capped.response.tls?.cipher).toMatch(/^ECDHE-/);
    // Without the cap the same server negotiates TLS 1.3.
    const open = await safeFetch(s.url, { policy: harnessPolicy(s.port), ca });
    expect(open.ok && open.response.tls?.protocol).toBe('TLSv1.3');
  });
  await withServer({ tlsOptions: { minVersion: 'TLSv1.3' } }, async (s) => {
    const f = failure(await safeFetch(s.url, { policy: harnessPolicy(s.port), ca, tlsMaxVersion: 'TLSv1.2' }));
    expect(f.kind).toBe('tls');
    expect(f.code).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/);
    expect(s.requests).toHaveLength(0);
  });
});
