import { expect, test, type Page } from '@playwright/test';
import { startTokenServer, TEST_CLIENT, type TokenServer } from './fixtures/token-servers';

const servers: TokenServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function tokenServer(options: Parameters<typeof startTokenServer>[0] = {}) {
  const server = await startTokenServer(options);
  servers.push(server);
  return server;
}

async function fillTokenProbe(page: Page, tokenUri: string, secret: string = TEST_CLIENT.clientSecret) {
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill(tokenUri);
  await form.getByLabel('Client ID').fill(TEST_CLIENT.clientId);
  await form.getByLabel('Client secret').fill(secret);
  await form.getByLabel('Authorization code', { exact: true }).fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  return form;
}

test('runs the token probe from its step in the guide and links each failure to the step that explains it', async ({ page }) => {
  const server = await tokenServer({ successBody: (json) => ({ ...json, expires_in: 300 }), delayMs: 800 });
  await page.goto('/guide/token-exchange');
  // Steps load a probe's form when the reader opens it.
  await page.getByText('Run the check here', { exact: true }).click();
  const form = await fillTokenProbe(page, server.tokenUri);
  await form.getByRole('button', { name: 'Run the check' }).click();

  // While it runs, the user sees it and cannot submit again.
  const running = form.getByRole('button', { name: 'Running the check…' });
  await expect(running).toBeDisabled();

  const verdict = page.getByRole('heading', { name: /Alexa would reject this: 1 problem to fix/ });
  await expect(verdict).toBeVisible({ timeout: 15_000 });
  const finding = page.locator('[data-finding="token.expires-in"]');
  await expect(finding).toContainText('Fail');
  // The title says what was found, not the rule.
  await expect(finding.locator('.finding-head')).toHaveText('Fail Access tokens last 300 s; Alexa needs at least 360 s');
  await expect(page.locator('[data-finding="token.port"]')).toContainText(`The token URI uses port ${server.port}, not 443`);
  await expect(page.getByRole('table', { name: 'The figures' }).getByRole('columnheader', { name: 'Total', exact: true })).toBeAttached();
  expect(server.codeExchanges).toHaveLength(1);
  expect(server.tokenRequests[0]!.form.get('grant_type')).toBe('authorization_code');

  await finding.getByRole('link').click();
  await expect(page).toHaveURL(/\/guide\/token-lifetime-too-short$/);
});

test('a compliant server passes, and the secret appears nowhere in the page, the URL or storage', async ({ page }) => {
  const secret = 'Canary+/=&% "\\ secret-7Q';
  const server = await tokenServer({ clientSecret: secret });
  await page.goto('/probe/token');
  await expect(page.getByRole('note')).toContainText('PROBE_ALLOW_PRIVATE=1');
  const form = await fillTokenProbe(page, server.tokenUri, secret);
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('heading', { name: /Alexa would accept this token response/ })).toBeVisible({ timeout: 15_000 });
  expect(server.tokenRequests[0]!.basic).toEqual({ id: TEST_CLIENT.clientId, secret });

  await page.locator('details.exchange summary').click();
  const html = await page.content();
  const visible = await page.locator('main').innerText();
  for (const encoded of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    expect(visible).not.toContain(encoded);
    expect(html.replace(/value="[^"]*"/g, '')).not.toContain(encoded);
  }
  expect(visible).toContain('[redacted');
  expect(page.url()).not.toContain('Canary');
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(storage).not.toContain('Canary');
});

test('markup in what a server answers is shown as text, never run', async ({ page }) => {
  const payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  const server = await tokenServer({
    successStatus: 400,
    successHeaders: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    successText: JSON.stringify({ error: 'invalid_grant', error_description: payload }),
  });
  await page.goto('/probe/token');
  const form = await fillTokenProbe(page, server.tokenUri);
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('heading', { name: /Alexa would reject this/ })).toBeVisible({ timeout: 15_000 });
  await page.locator('details.exchange summary').click();
  await expect(page.locator('details.exchange')).toContainText('<script>window.__pwned = 1</script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('main img[src="x"]').count()).toBe(0);
});

test('bad input is caught in the form before anything is sent', async ({ page }) => {
  const server = await tokenServer();
  await page.goto('/probe/token');
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill('not a url');
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(form.getByText('Enter the full access token URI, starting with https://')).toBeVisible();
  await expect(form.getByText('Enter the client secret.')).toBeVisible();
  await expect(form.getByLabel('Access token URI')).toHaveAttribute('aria-invalid', 'true');
  expect(server.hits).toBe(0);
});

test('a refused target gets a plain message, not a probe', async ({ page }) => {
  await page.goto('/probe/token');
  const form = await fillTokenProbe(page, 'https://169.254.169.254/latest/token');
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Link Doctor will not call this address.');
});

test.describe('POST /api/probes/token', () => {
  const body = (tokenUri: string) => ({
    tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme: 'REQUEST_BODY_CREDENTIALS',
    grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
  });

  test('answers with findings, timing and the redacted exchange', async ({ request }) => {
    const server = await tokenServer({ successBody: ({ refresh_token: _drop, ...rest }) => rest });
    const response = await request.post('/api/probes/token', { data: body(server.tokenUri) });
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    const json = await response.json();
    expect(json).toMatchObject({ probe: 'token', ok: true });
    expect(json.findings.find((f: { id: string }) => f.id === 'token.refresh-token')).toMatchObject({
      status: 'warn',
      node: expect.any(String),
    });
    expect(json.timing.total).toBeGreaterThan(0);
    expect(JSON.stringify(json)).not.toContain(TEST_CLIENT.clientSecret);
    expect(JSON.stringify(json)).not.toContain(TEST_CLIENT.code);
    expect(server.tokenRequests[0]!.form.get('client_secret')).toBe(TEST_CLIENT.clientSecret);
  });

  test('refuses malformed input with 400 and a message per field', async ({ request }) => {
    const response = await request.post('/api/probes/token', { data: { ...body('https://x.example'), grant: { type: 'password' } } });
    expect(response.status()).toBe(400);
    const json = await response.json();
    expect(json.error.code).toBe('invalid_input');
    expect(json.error.issues.length).toBeGreaterThan(0);
    const notJson = await request.post('/api/probes/token', { data: '{oops', headers: { 'content-type': 'application/json' } });
    expect(notJson.status()).toBe(400);
  });

  test('refuses a forbidden target with 422 and sends nothing', async ({ request }) => {
    const response = await request.post('/api/probes/token', { data: body('https://169.254.169.254/token') });
    expect(response.status()).toBe(422);
    expect((await response.json()).error.code).toBe('target_not_allowed');
  });

  test('refuses requests that another site’s page makes', async ({ request }) => {
    const server = await tokenServer();
    const data = body(server.tokenUri);
    const foreign = await request.post('/api/probes/token', { data, headers: { Origin: 'https://evil.example' } });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.code).toBe('cross_site');
    const crossSite = await request.post('/api/probes/token', { data, headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status()).toBe(403);
    expect(server.hits).toBe(0);
    const ownOrigin = new URL(test.info().project.use.baseURL!).origin;
    const sameOrigin = await request.post('/api/probes/token', { data, headers: { Origin: ownOrigin, 'Sec-Fetch-Site': 'same-origin' } });
    expect(sameOrigin.status()).toBe(200);
  });

  test('accepts only JSON', async ({ request }) => {
    const response = await request.post('/api/probes/token', {
      data: JSON.stringify(body('https://x.example')),
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status()).toBe(415);
  });
});
