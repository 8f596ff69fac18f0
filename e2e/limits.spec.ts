import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { startServer, type CountingServer } from './fixtures/servers';
import { startTokenServer, TEST_CLIENT } from './fixtures/token-servers';

// Each test runs its own app server with tight limits, so the main test server's (off) limits do not matter.
const NO_LIMITS = {
  PROBE_CLIENT_PER_MINUTE: '0',
  PROBE_CLIENT_PER_DAY: '0',
  PROBE_TARGET_PER_MINUTE: '0',
  PROBE_TARGET_CONCURRENCY: '0',
  PROBE_CONCURRENCY: '0',
};

const cleanup: Array<{ close?: () => Promise<void>; stop?: () => Promise<void> }> = [];
test.afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((s) => (s.stop ?? s.close)!()));
});

async function app(env: Record<string, string>): Promise<AppServer> {
  const server = await startAppServer({ ...NO_LIMITS, ...env });
  cleanup.push(server);
  return server;
}

function tokenBody(tokenUri: string) {
  return {
    tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme: 'HTTP_BASIC',
    grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
  };
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
  expect(target.tokenRequests).toHaveLength(2);

  // The budget is the client's, across probes: /check and the other probes are refused too, before anything runs.
  const check = await post(server.url, '/api/check', {
    fields: { type: 'AUTH_CODE', authorizationUrl: `${target.url}/authorize`, accessTokenUrl: target.tokenUri, clientId: 'x' },
    clientSecret: 'some-secret',
    code: 'some-code',
  });
  expect(check.status).toBe(429);
  expect((await post(server.url, '/api/probes/app-links', { url: target.url })).status).toBe(429);
  expect(target.tokenRequests).toHaveLength(2);
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
  expect(target.tokenRequests).toHaveLength(2);
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
  expect(slow.hits).toBe(2);
  // Once they end, the host takes probes again.
  expect((await post(server.url, '/api/probes/token', tokenBody(`${slow.url}/oauth/token`))).status).toBe(200);
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
  await form.getByRole('button', { name: 'Run the probe' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not run: too many probes at the moment.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/1 probe in the last minute, the most allowed\. Try again in \d+ seconds?\./);
  expect(target.tokenRequests).toHaveLength(1);
});

test('a bad limit setting is named when the server starts', async () => {
  await expect(startAppServer({ PROBE_CLIENT_PER_MINUTE: 'lots' })).rejects.toThrow(/PROBE_CLIENT_PER_MINUTE must be a whole number/);
  await expect(startAppServer({ TRUST_PROXY_HOPS: 'yes' })).rejects.toThrow(/TRUST_PROXY_HOPS must be a whole number/);
});
