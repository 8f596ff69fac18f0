import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// server.mjs serves the build's JavaScript and CSS itself, compressed once (lib/server/static-assets.mjs).

test('the build\'s scripts and styles come compressed, immutable, with their type and the security headers, byte for byte', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(2);
  for (const path of new Set(assets)) {
    const response = await fetch(new URL(path, test.info().project.use.baseURL), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-encoding'), path).toBe('gzip');
    expect(response.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(response.headers.get('content-type'), path).toMatch(path.endsWith('.js') ? /^application\/javascript/ : /^text\/css/);
    // fetch decodes gzip itself; the bytes must be the build's file.
    const onDisk = readFileSync(join(__dirname, '..', '.next', path.replace('/_next/', '')));
    expect(Buffer.from(await response.arrayBuffer()).equals(onDisk), path).toBe(true);
  }
});

test('a client that takes no gzip gets the file as it is; paths outside the build\'s static files are not served from disk', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
  const plain = await request.get(script, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect((await plain.body()).equals(readFileSync(join(__dirname, '..', '.next', script.replace('/_next/', ''))))).toBe(true);
  for (const path of ['/_next/static/%2e%2e/server/app/page.js', '/_next/static/..%2f..%2fpackage.json.js', '/_next/static/chunks/missing.js']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
  }
});
