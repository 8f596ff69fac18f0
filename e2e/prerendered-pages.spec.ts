import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { computeCacheBustingSearchParam } from 'next/dist/shared/lib/router/utils/cache-busting-search-param';

// server.mjs serves the guide's prerendered node pages itself, compressed once, with the headers Next sends for them
// (lib/server/prerendered-pages.mjs). A request with a query string still goes to Next: that is how these tests get
// Next's own answer for the same page to compare with.

const BUILD = join(__dirname, '..', '.next');
// Hop-by-hop and per-response headers, and the ones that depend on how the body is sent.
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

type Raw = { status: number; headers: [string, string][]; body: Buffer };

/** A response as it came: every header line in order (duplicates kept), the body still encoded. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  const url = new URL(path, test.info().project.use.baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const header = (r: Raw, name: string) => r.headers.find(([key]) => key === name)?.[1];
const comparable = (r: Raw) => r.headers.filter(([key]) => !TRANSPORT.has(key));

function decoded(r: Raw): Buffer {
  const encoding = header(r, 'content-encoding');
  if (encoding === 'br') return brotliDecompressSync(r.body);
  if (encoding === 'gzip') return gunzipSync(r.body);
  return r.body;
}

const BROWSER = { 'Accept-Encoding': 'gzip, deflate, br, zstd', Accept: 'text/html' };

test('a node page comes from the build compressed once, byte for byte what Next renders, with the same headers', async () => {
  for (const path of ['/guide/start', '/guide/token-exchange']) {
    const ours = await raw(path, BROWSER);
    const nexts = await raw(`${path}?via=next`, BROWSER);
    expect(ours.status, path).toBe(200);
    expect(nexts.status, path).toBe(200);
    // Next compresses with gzip on every request and knows no brotli: br shows the page did not go through Next.
    expect(header(ours, 'content-encoding'), path).toBe('br');
    expect(header(nexts, 'content-encoding'), path).toBe('gzip');
    const html = readFileSync(join(BUILD, 'server/app', `${path}.html`));
    expect(decoded(nexts).equals(html), `${path}: Next's body is the build's HTML`).toBe(true);
    expect(decoded(ours).equals(html), `${path}: same bytes`).toBe(true);
    // Same headers, in the same order, duplicates included: the hash policy, the security headers, Vary,
    // Cache-Control, Next's prerender and stale-time headers, its ETag, the content type.
    expect(comparable(ours), path).toEqual(comparable(nexts));
    expect(header(ours, 'content-security-policy'), path).toMatch(/script-src 'self' 'sha256-/);
    expect(Number(header(ours, 'content-length')), path).toBe(ours.body.length);
  }
});

test('gzip or none, as the client accepts, and the same bytes each way', async () => {
  const html = readFileSync(join(BUILD, 'server/app/guide/start.html'));
  const gzipped = await raw('/guide/start', { 'Accept-Encoding': 'gzip, br;q=0' });
  expect(header(gzipped, 'content-encoding')).toBe('gzip');
  expect(decoded(gzipped).equals(html)).toBe(true);
  const plain = await raw('/guide/start', { 'Accept-Encoding': 'identity' });
  expect(header(plain, 'content-encoding')).toBeUndefined();
  expect(plain.body.equals(html)).toBe(true);
  const head = await raw('/guide/start', BROWSER, 'HEAD');
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
  expect(header(head, 'etag')).toBe(header(gzipped, 'etag'));
});

test('a matching ETag gets a 304 with no body and the page\'s headers; a stale one gets the page', async () => {
  const first = await raw('/guide/start', BROWSER);
  const etag = header(first, 'etag')!;
  expect(etag).toMatch(/^"[0-9a-z]+"$/);
  const again = await raw('/guide/start', { ...BROWSER, 'If-None-Match': etag });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(header(again, 'etag')).toBe(etag);
  expect(header(again, 'cache-control')).toBe(header(first, 'cache-control'));
  expect(header(again, 'content-security-policy')).toBe(header(first, 'content-security-policy'));
  expect(header(again, 'vary')).toBe(header(first, 'vary'));
  // Next's ETag for the same page: a copy cached from either revalidates against the other.
  expect(header(await raw('/guide/start?via=next', BROWSER), 'etag')).toBe(etag);
  const stale = await raw('/guide/start', { ...BROWSER, 'If-None-Match': '"something-else"' });
  expect(stale.status).toBe(200);
});

test('requests for the React Server Components payload, prefetches included, still get Next\'s payload', async () => {
  const rscFile = readFileSync(join(BUILD, 'server/app/guide/start.rsc'));
  // Next checks that `_rsc` is the hash of the router headers, as its client computes it.
  const payload = await raw('/guide/start?_rsc', { ...BROWSER, RSC: '1' });
  expect(payload.status).toBe(200);
  expect(header(payload, 'content-type')).toMatch(/^text\/x-component/);
  expect(decoded(payload).equals(rscFile)).toBe(true);
  // The RSC header alone, without the cache-busting query: Next's own answer is a redirect to add it, not the HTML.
  const bare = await raw('/guide/start', { ...BROWSER, RSC: '1' });
  expect(bare.status).toBe(307);
  expect(header(bare, 'location')).toBe('/guide/start?_rsc');
  const busting = await computeCacheBustingSearchParam('1', undefined, undefined, undefined);
  const prefetch = await raw(`/guide/start?_rsc=${busting}`, { ...BROWSER, RSC: '1', 'Next-Router-Prefetch': '1' });
  expect(prefetch.status).toBe(200);
  expect(header(prefetch, 'content-type')).toMatch(/^text\/x-component/);
});

test('from a page served this way, an answer is a client-side navigation to the next step', async ({ page }) => {
  const rscAnswers: string[] = [];
  page.on('response', (response) => {
    if (response.request().headers()['rsc'] === '1') rscAnswers.push(response.headers()['content-type'] ?? '');
  });
  const response = await page.goto('/guide/start');
  expect(response!.headers()['content-encoding']).toBe('br');
  // React has hydrated the answers before the click, so React handles it.
  const answer = page.locator('main .choices a.choice').first();
  await expect.poll(() => answer.evaluate((a) => Object.keys(a).some((key) => key.startsWith('__reactProps$')))).toBe(true);
  const href = (await answer.getAttribute('href'))!;
  await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
  await answer.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  const title = /<h1 id="node-title">([\s\S]*?)<\/h1>/.exec(readFileSync(join(BUILD, 'server/app', `${href}.html`), 'utf8'))![1]!;
  await expect(page.locator('h1#node-title')).toHaveText(title.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&'));
  // No new document: the router fetched the step's payload from Next.
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  expect(rscAnswers.some((type) => type.startsWith('text/x-component'))).toBe(true);
});

test('the bench\'s yardstick, a plain HTML file among the build\'s static files, is served the same way: brotli, compressed once', async () => {
  // bench/lib/plain-pages.mjs writes the node pages' plain copies there; this stands in for one.
  const dir = join(BUILD, 'static', 'e2e-plain');
  mkdirSync(dir, { recursive: true });
  const html = readFileSync(join(BUILD, 'server/app/guide/start.html'));
  writeFileSync(join(dir, 'start.html'), html);
  try {
    const response = await raw('/_next/static/e2e-plain/start.html', BROWSER);
    expect(response.status).toBe(200);
    expect(header(response, 'content-encoding')).toBe('br');
    expect(header(response, 'content-type')).toBe('text/html; charset=utf-8');
    expect(decoded(response).equals(html)).toBe(true);
    // Scripts stay gzip, as Next sends them (the first-load JS figure compares them with an empty Next app's).
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html.toString('utf8'))![1]!;
    expect(header(await raw(script, BROWSER), 'content-encoding')).toBe('gzip');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
