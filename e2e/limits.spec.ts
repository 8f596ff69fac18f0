import { expect, test } from '@playwright/test';
import type { Socket } from 'node:net';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { sendJson, startRawServer, startServer, type CountingServer } from './fixtures/servers';
import { startTokenServer, TEST_CLIENT, tokenProbeBody as tokenBody, type TokenServer } from './fixtures/token-servers';

const cleanup: Array<{ close?: () => Promise<void>; stop?: () => Promise<void> }> = [];
test.afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((s) => (s.stop ?? s.close)!()));
});

async function app(env: Record<string, string>): Promise<AppServer> {
  // Each test runs its own app server with tight limits, so the main test server's (off) limits do not matter.
  const server = await startAppServer({ ...LIMITS_OFF, ...env });
  cleanup.push(server);
  return server;
}

/** The token probe, with the target's token URI spelled with `host`. */
function tokenAt(server: AppServer, target: TokenServer, host: string) {
  return post(server.url, '/api/probes/token', tokenBody(`https://${host}:${new URL(target.url).port}/oauth/token`));
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

test('one client gets PROBE_CLIENT_PER_MINUTE probes; the next is 429 with Retry-After, sends nothing, and a made-up X-Forwarded-For does not help', async () => {
  const server = await app({ PROBE_CLIENT_PER_MINUTE: '2' });
  const target = await startTokenServer();
  cleanup.push(target);
  for (let i = 0; i < 2; i++) expect((await post(server.url, '/api/probes/token', tokenBody(target.tokenUri))).status).toBe(200);

  const refused = await post(server.url, '/api/probes/token', tokenBody(target.tokenUri), { 'X-Forwarded-For': '198.51.100.77' });
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused.headers.get('cache-control')).toBe('no-store');
  const answer = await refused.json();
  expect(answer.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: retryAfter });
  expect(answer.error.message).toMatch(/2 probes in the last minute/);
  expect(target.codeExchanges).toHaveLength(2);

  // The budget is the client's, across probes: /check and the other probes are refused too, before anything runs.
  const check = await post(server.url, '/api/check', {
    fields: { type: 'AUTH_CODE', authorizationUrl: `${target.url}/authorize`, accessTokenUrl: target.tokenUri, clientId: 'x' },
    clientSecret: 'some-secret',
    code: 'some-code',
  });
  expect(check.status).toBe(429);
  expect((await post(server.url, '/api/probes/app-links', { url: target.url })).status).toBe(429);
  // Link as Alexa is a network probe too: refused before a browser starts or anything reaches the server.
  const hitsBefore = target.hits;
  const link = await post(server.url, '/api/link', {
    authorizationUri: `${target.url}/authorize`,
    accessTokenUri: target.tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme: 'HTTP_BASIC',
    scopes: 'profile',
    redirectUri: TEST_CLIENT.redirectUri,
    testAccount: { username: 'test-user', password: 'test-password-1' },
  });
  expect(link.status).toBe(429);
  expect((await link.json()).error).toMatchObject({ code: 'rate_limited' });
  expect(target.hits).toBe(hitsBefore);
  expect(target.codeExchanges).toHaveLength(2);
  // Checks of pasted input reach no network and stay available.
  expect((await post(server.url, '/api/probes/accept-grant', { response: '{}' })).status).toBe(200);
  expect(server.output()).not.toContain(TEST_CLIENT.clientSecret);
});

test('behind a trusted proxy (TRUST_PROXY_HOPS=1) the client is the address the proxy appended', async () => {
  const server = await app({ PROBE_CLIENT_PER_MINUTE: '1', TRUST_PROXY_HOPS: '1' });
  const target = await startTokenServer();
  cleanup.push(target);
  const as = (client: string) => post(server.url, '/api/probes/token', tokenBody(target.tokenUri), { 'X-Forwarded-For': client });
  expect((await as('203.0.113.1')).status).toBe(200);
  expect((await as('203.0.113.1')).status).toBe(429);
  // A client that prepends a made-up address is still known by what the proxy appended.
  expect((await as('203.0.113.99, 203.0.113.1')).status).toBe(429);
  expect((await as('203.0.113.2')).status).toBe(200);
});

test('a target host gets PROBE_TARGET_PER_MINUTE probes from everyone together', async () => {
  const server = await app({ PROBE_TARGET_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1' });
  const target = await startTokenServer();
  cleanup.push(target);
  for (const client of ['203.0.113.1', '203.0.113.2']) {
    expect((await post(server.url, '/api/probes/token', tokenBody(target.tokenUri), { 'X-Forwarded-For': client })).status).toBe(200);
  }
  const refused = await post(server.url, '/api/probes/token', tokenBody(target.tokenUri), { 'X-Forwarded-For': '203.0.113.3' });
  expect(refused.status).toBe(429);
  expect((await refused.json()).error.message).toContain('127.0.0.1 has been probed 2 times in the last minute');
  expect(target.codeExchanges).toHaveLength(2);
});

test('a burst against a slow target never opens more than PROBE_TARGET_CONCURRENCY connections to it; the rest are told to retry', async () => {
  const server = await app({ PROBE_TARGET_CONCURRENCY: '2', PROBE_CONCURRENCY: '20' });
  let open = 0;
  let mostOpen = 0;
  const slow: CountingServer = await startServer(async (_req, res) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    open--;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  cleanup.push(slow);
  const statuses = await Promise.all(
    Array.from({ length: 8 }, () => post(server.url, '/api/probes/token', tokenBody(`${slow.url}/oauth/token`)).then((r) => r.status)),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(2);
  expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  expect(mostOpen).toBe(2);
  // Two probes ran; each may also connect once more to check TLS 1.2.
  expect(slow.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  // Once they end, the host takes probes again.
  expect((await post(server.url, '/api/probes/token', tokenBody(`${slow.url}/oauth/token`))).status).toBe(200);
});

test('a target host has one budget however it is spelled: case and trailing dots', async () => {
  const server = await app({ PROBE_TARGET_PER_MINUTE: '2' });
  const target = await startTokenServer();
  cleanup.push(target);
  expect((await tokenAt(server, target, 'localhost.')).status).toBe(200);
  expect((await tokenAt(server, target, 'LOCALHOST..')).status).toBe(200);
  const refused = await tokenAt(server, target, 'LocalHost....');
  expect(refused.status).toBe(429);
  expect((await refused.json()).error.message).toContain('localhost has been probed 2 times in the last minute');
  expect(target.codeExchanges).toHaveLength(2);
});

test('an address has one budget under every name and literal that leads to it', async () => {
  const server = await app({ PROBE_TARGET_PER_MINUTE: '2' });
  const target = await startTokenServer();
  cleanup.push(target);
  expect((await tokenAt(server, target, '127.0.0.1')).status).toBe(200);
  expect((await tokenAt(server, target, '[::ffff:127.0.0.1]')).status).toBe(200);
  // A name with budget left of its own, which resolves to that address: refused before anything is sent.
  const refused = await tokenAt(server, target, 'localhost');
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await refused.json()).error.message).toMatch(
    /^localhost resolves to 127\.0\.0\.1, which has been probed 2 times in the last minute \(under any name, by everyone using this Link Doctor\), the most allowed\. Try again in \d+ seconds?\.$/,
  );
  // Only 127.0.0.1's request arrived: the certificate does not name ::ffff:7f00:1 (that probe stopped at TLS), and
  // nothing was sent for localhost.
  expect(target.codeExchanges.map((r) => r.headers.host)).toEqual([`127.0.0.1:${new URL(target.url).port}`]);
});

test('spellings of one address share its PROBE_TARGET_CONCURRENCY slots: a burst alternating 127.0.0.1 and [::ffff:127.0.0.1] runs 2 at once', async () => {
  const server = await app({ PROBE_TARGET_CONCURRENCY: '2', PROBE_CONCURRENCY: '20' });
  // Accepts and never completes TLS: every probe holds its slot until its connect deadline.
  let open = 0;
  let mostOpen = 0;
  const silent = await startRawServer((socket) => {
    mostOpen = Math.max(mostOpen, ++open);
    socket.on('close', () => open--);
  });
  cleanup.push(silent);
  const statuses = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      post(server.url, '/api/probes/token', tokenBody(`https://${i % 2 ? '[::ffff:127.0.0.1]' : '127.0.0.1'}:${silent.port}/oauth/token`)).then((r) => r.status),
    ),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(2);
  expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  expect(mostOpen).toBe(2);
});

test("browser-mode runs waiting for a browser hold no probe slot: another client's probe still runs, and the first client's extra browser runs get a clear 429", async () => {
  test.setTimeout(240_000);
  const server = await app({ PROBE_CONCURRENCY: '20', PROBE_BROWSER_CLIENT_CONCURRENCY: '22', TRUST_PROXY_HOPS: '1' });
  // A login page that never loads: it accepts the connection and says nothing, until released.
  let released = false;
  const held: Socket[] = [];
  const slowPage = await startRawServer((socket) => (released ? socket.destroy() : held.push(socket)));
  cleanup.push(slowPage);
  const wellKnown = await startServer((_req, res) => sendJson(res, 404, {}));
  cleanup.push(wellKnown);
  const loginPageAs = (client: string) =>
    post(server.url, '/api/probes/login-page', { authorizationUri: `${slowPage.url}/authorize`, mode: 'browser' }, { 'X-Forwarded-For': client });

  // Two browsers load the page; the other 20 runs wait in the browsers' queue, which is then full.
  const queued = Array.from({ length: 22 }, () => loginPageAs('203.0.113.1'));
  await expect.poll(() => slowPage.hits, { timeout: 60_000 }).toBe(2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const other = await post(server.url, '/api/probes/app-links', { url: wellKnown.url }, { 'X-Forwarded-For': '198.51.100.1' });
  expect(other.status).toBe(200);
  const extra = await loginPageAs('203.0.113.1');
  expect(extra.status).toBe(429);
  expect(Number(extra.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await extra.json()).error.message).toBe(
    'You already have 22 browser-mode runs running or waiting for a browser, as many as one client may. Try again when one has finished, or use static mode.',
  );

  released = true;
  for (const socket of held) socket.destroy();
  expect((await Promise.all(queued)).map((r) => r.status)).toEqual(Array(22).fill(200));
});

test('checks of pasted input have a generous budget per client: past it, 429 with Retry-After, and the form says so', async ({ page }) => {
  const server = await app({ PASTED_CHECKS_PER_MINUTE: '3', PROBE_CLIENT_PER_MINUTE: '1' });
  const quirks = { authorizationUri: 'https://github.com/login/oauth/authorize' };
  for (const path of ['/api/probes/provider-quirks', '/api/probes/accept-grant', '/api/probes/implicit-redirect']) {
    const body = path.endsWith('provider-quirks') ? quirks : path.endsWith('accept-grant') ? { response: '{}' } : { redirectUrl: 'https://example.com/#state=x' };
    expect((await post(server.url, path, body)).status).toBe(200);
  }
  const refused = await post(server.url, '/api/probes/enablement-request', { request: 'POST /v1/users/~current/skills/x/enablement HTTP/1.1' });
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect((await refused.json()).error).toMatchObject({
    code: 'rate_limited',
    message: `You have run 3 checks of pasted input in the last minute, the most allowed. Try again in ${retryAfter} seconds.`,
  });

  await page.goto(`${server.url}/probe/provider-quirks`);
  const form = page.getByRole('form', { name: 'OAuth provider rules check' });
  await form.getByLabel('Authorization URI').fill(quirks.authorizationUri);
  await form.getByRole('button', { name: 'Run the check' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not run: too many probes at the moment.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/3 checks of pasted input in the last minute, the most allowed\. Try again in \d+ seconds?\./);
});

test('the form says plainly when a probe was not run because of the limits', async ({ page }) => {
  const server = await app({ PROBE_CLIENT_PER_MINUTE: '1' });
  const target = await startTokenServer();
  cleanup.push(target);
  expect((await post(server.url, '/api/probes/token', tokenBody(target.tokenUri))).status).toBe(200);

  await page.goto(`${server.url}/probe/token`);
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill(target.tokenUri);
  await form.getByLabel('Client ID').fill(TEST_CLIENT.clientId);
  await form.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await form.getByLabel('Authorization code', { exact: true }).fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await form.getByRole('button', { name: 'Run the check' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not run: too many probes at the moment.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/1 probe in the last minute, the most allowed\. Try again in \d+ seconds?\./);
  expect(target.codeExchanges).toHaveLength(1);
});

test('a bad limit setting is named when the server starts', async () => {
  await expect(startAppServer({ PROBE_CLIENT_PER_MINUTE: 'lots' })).rejects.toThrow(/PROBE_CLIENT_PER_MINUTE must be a whole number/);
  await expect(startAppServer({ TRUST_PROXY_HOPS: 'yes' })).rejects.toThrow(/TRUST_PROXY_HOPS must be a whole number/);
  await expect(startAppServer({ PROBE_BROWSER_CLIENT_CONCURRENCY: '-1' })).rejects.toThrow(/PROBE_BROWSER_CLIENT_CONCURRENCY must be a whole number/);
});
