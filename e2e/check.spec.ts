import { expect, test } from '@playwright/test';
import { startServer, type CountingServer } from './fixtures/servers';
import { startTokenServer, TEST_CLIENT } from './fixtures/token-servers';

const servers: CountingServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A login page on 127.0.0.1 that loads its logo from localhost: a second host by the exact-host rule. */
async function loginPage(delayMs = 0) {
  const assets = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end();
  });
  const page = await startServer(async (_req, res) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Sign in</title><img src="https://localhost:${assets.port}/logo.png" alt=""><form method="post"><input name="user"><button>Sign in</button></form>`);
  });
  servers.push(assets, page);
  return page;
}

/** Serves an assetlinks.json that opens the app, and no apple-app-site-association. */
async function appLinksHost() {
  const host = await startServer((req, res) => {
    if (req.url === '/.well-known/assetlinks.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([{ relation: ['delegate_permission/common.handle_all_urls'], target: { namespace: 'android_app', package_name: 'com.example.app', sha256_cert_fingerprints: ['AA:BB'] } }]));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  servers.push(host);
  return host;
}

function smapiOutput(tokenUri: string, overrides: Record<string, unknown> = {}) {
  return JSON.stringify(
    {
      accountLinkingResponse: {
        type: 'AUTH_CODE',
        authorizationUrl: 'https://auth.example.com/authorize',
        domains: ['cdn.example.com'],
        clientId: TEST_CLIENT.clientId,
        scopes: ['profile'],
        accessTokenUrl: tokenUri,
        accessTokenScheme: 'HTTP_BASIC',
        defaultTokenExpirationInSeconds: 300,
        ...overrides,
      },
    },
    null,
    2,
  );
}

test('a pasted configuration is linted and probed, and the summary puts the likeliest cause first', async ({ page }) => {
  const server = await startTokenServer({ successBody: (json) => ({ ...json, expires_in: 120 }) });
  servers.push(server);
  const login = await loginPage();
  const appHost = await appLinksHost();
  await page.goto('/');
  await page.getByRole('link', { name: 'Check a whole configuration' }).click();
  await expect(page).toHaveURL(/\/check$/);

  const form = page.getByRole('form', { name: 'Configuration check' });
  await form
    .getByLabel('Account linking configuration')
    .fill(smapiOutput(server.tokenUri, { authorizationUrl: `${login.url}/authorize`, redirectUrls: [`${appHost.url}/alexa/link`] }));
  await form.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await form.getByLabel('A fresh authorization code').fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await form.getByRole('button', { name: 'Check everything' }).click();

  const summary = page.getByRole('region', { name: /What Alexa would reject/ });
  await expect(summary).toBeVisible({ timeout: 20_000 });
  // The token probe's failure comes before the configuration's own.
  const rejected = summary.locator('[data-finding]');
  await expect(rejected.first()).toHaveAttribute('data-finding', 'token.expires-in');
  await expect(summary.locator('[data-finding="config.token-expiration"]')).toContainText('300');

  await expect(summary.locator('[data-finding="login.domains"]')).toContainText('localhost');
  for (const step of ['The configuration itself', 'Access token URI', 'Known OAuth provider rules', 'Login page and Domain List', 'App Links and Universal Links']) {
    await expect(page.getByRole('region', { name: new RegExp(step) })).not.toHaveAttribute('aria-busy', 'true');
  }
  await expect(page.getByRole('region', { name: /App Links and Universal Links/ })).toContainText('assetlinks.json');
  expect(login.requests.length).toBeGreaterThan(0);
  expect(server.codeExchanges).toHaveLength(1);
  expect(await page.content()).not.toContain(TEST_CLIENT.clientSecret);

  await page.getByRole('button', { name: 'Carry these results into the support report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  const carried = page.getByRole('region', { name: 'Configuration check: Access token URI' });
  await expect(carried.locator('[data-finding="token.expires-in"]')).toContainText('120');
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  expect(stored).not.toContain(TEST_CLIENT.clientSecret);
  expect(stored).not.toContain(TEST_CLIENT.code);
});

test('without secrets the token probe is skipped and says what it needs', async ({ page }) => {
  await page.goto('/check');
  const form = page.getByRole('form', { name: 'Configuration check' });
  await form.getByLabel('Account linking configuration').fill(smapiOutput('https://auth.example.com/token', { defaultTokenExpirationInSeconds: 3600 }));
  await form.getByRole('button', { name: 'Check everything' }).click();
  const token = page.getByRole('region', { name: /Access token URI/ });
  await expect(token).toContainText('Not run', { timeout: 15_000 });
  await expect(token).toContainText('the client secret');
});

test('typed fields work as well as pasted output, and a broken paste is explained', async ({ page }) => {
  await page.goto('/check');
  const form = page.getByRole('form', { name: 'Configuration check' });
  await form.getByLabel('Account linking configuration').fill('{"type": "AUTH_CODE", ');
  await form.getByRole('button', { name: 'Check everything' }).click();
  // Broken JSON is a problem of the input, said under the field: not something Alexa would reject, and nothing runs.
  await expect(form.getByLabel('Account linking configuration')).toHaveAccessibleDescription(/JSON/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { name: /What Alexa would reject/ })).toHaveCount(0);
  await expect(page.locator('[data-finding="config.parse"]')).toHaveCount(0);

  await form.getByLabel('Account linking configuration').fill('');
  await form.locator('summary', { hasText: 'Or type the fields' }).click();
  await form.getByLabel('Authorization URI').fill('http://auth.example.com/authorize');
  await form.getByLabel('Default access token expiration time (seconds)').fill('3600');
  await form.getByRole('button', { name: 'Check everything' }).click();
  await expect(page.locator('[data-finding="config.authorization-url"]').first()).toContainText('HTTPS', { timeout: 15_000 });
});

test('every probe runs at once: the whole check takes about as long as its slowest probe', async ({ request }) => {
  const DELAY = 1500;
  // No refresh token, so that the token step is one slow exchange: with one, the probe would also refresh with it.
  const token = await startTokenServer({ delayMs: DELAY, successBody: ({ refresh_token: _drop, ...rest }) => rest });
  servers.push(token);
  const login = await loginPage(DELAY);
  const started = Date.now();
  const response = await request.post('/api/check', {
    data: {
      config: smapiOutput(token.tokenUri, { authorizationUrl: `${login.url}/authorize`, defaultTokenExpirationInSeconds: 3600 }),
      clientSecret: TEST_CLIENT.clientSecret,
      code: TEST_CLIENT.code,
      codeRedirectUri: TEST_CLIENT.redirectUri,
    },
  });
  const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  const elapsed = Date.now() - started;
  const steps = Object.fromEntries(events.filter((e) => e.type === 'step').map((e) => [e.step.id, e.step]));
  expect(steps.token.elapsedMs).toBeGreaterThanOrEqual(DELAY);
  expect(steps['login-page'].elapsedMs).toBeGreaterThanOrEqual(DELAY);
  // Run one after the other they would need at least twice the delay.
  expect(elapsed).toBeLessThan(DELAY * 1.2 + 500);
});

test('POST /api/check streams one event per line', async ({ request }) => {
  const response = await request.post('/api/check', {
    data: { config: smapiOutput('https://auth.example.com/token') },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/x-ndjson');
  const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  expect(events[0].type).toBe('plan');
  expect(events.at(-1).type).toBe('summary');
  expect(events.filter((e) => e.type === 'step')).toHaveLength(events[0].steps.length);
  const bad = await request.post('/api/check', { data: {} });
  expect(bad.status()).toBe(400);
  // A paste that is not a configuration is a problem of the input: 400 naming the field, nothing run.
  const broken = await request.post('/api/check', { data: { config: '{"type": "AUTH_CODE", ' } });
  expect(broken.status()).toBe(400);
  expect((await broken.json()).error.issues[0]).toMatchObject({ field: 'config', message: expect.stringContaining('JSON') });
});
