// The bounds of one exchange: bodies capped after decoding, truncated and ambiguous bodies, deadlines for slow
// servers, the header size cap, and servers that misbehave at once.

import { expect, test } from '@playwright/test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startRawServer, startServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { safeFetch } from './safe-fetch';
import { expectFailure, expectResponse, harnessPolicy, sleep } from './test-support';
import type { OutboundResult } from './types';

const { ca } = fixtureTls();

test.describe('outbound: bounds', () => {
  test('an endless chunked body stops at the decoded cap', async () => {
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

  test('a declared 200 MB Content-Length is refused before reading', async () => {
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

  test('gzip, brotli and double-gzip bombs stop at the decoded cap', async () => {
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

  test('a Content-Length lie (fewer bytes, then close) is a protocol failure', async () => {
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

  test('Content-Length together with Transfer-Encoding is a protocol failure', async () => {
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

  test('with shortened budgets, slowloris headers, a 1-byte drip and a silent TLS handshake each fail within their budget ±10%', async () => {
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
      const [slowHeaders, drippedBody, silentTls] = await Promise.all([
        timed(safeFetch(`http://127.0.0.1:${slowloris.port}/`, { policy, allowHttp: true, timeouts: { headers: 1000 } })),
        timed(safeFetch(`http://127.0.0.1:${drip.port}/`, { policy, allowHttp: true, timeouts: { total: 1500 } })),
        timed(safeFetch(`https://127.0.0.1:${silent.port}/`, { policy, ca, timeouts: { connect: 1000 } })),
      ]);
      expect(slowHeaders.f).toMatchObject({ kind: 'timeout', phase: 'headers' });
      expect(slowHeaders.took).toBeGreaterThanOrEqual(990);
      expect(slowHeaders.took).toBeLessThan(1100 + 150);
      expect(drippedBody.f).toMatchObject({ kind: 'timeout', phase: 'body', status: 200 });
      expect(drippedBody.took).toBeGreaterThanOrEqual(1490);
      expect(drippedBody.took).toBeLessThan(1650 + 150);
      expect(silentTls.f).toMatchObject({ kind: 'timeout', phase: 'tls' });
      expect(silentTls.took).toBeGreaterThanOrEqual(990);
      expect(silentTls.took).toBeLessThan(1100 + 150);
    } finally {
      await Promise.all([slowloris.close(), drip.close(), silent.close()]);
    }
  });

  test('with the DEFAULT 5 s budgets, slowloris headers, a silent TLS handshake and a DNS lookup that never answers each fail in time', async () => {
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

  test('headers over 16 KB, and 10k Set-Cookie lines, are a header-overflow failure', async () => {
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
