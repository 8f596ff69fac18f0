import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startNodeOAuthServer, startOidcLinkServer, TEST_VENDOR_ID, testRedirectUri, type LinkTestServer, type NodeOAuthServerOptions } from './fixtures/link-servers';
import { fillLinkForm, smapiConfigOf } from './link-form';

// Link as Alexa against real OAuth servers from npm (e2e/fixtures/link-servers), on loopback HTTPS: the app server
// runs with PROBE_ALLOW_PRIVATE=1 (playwright.config.ts), so it reaches them, and its browser catches the redirect to
// Alexa before anything leaves the machine.

const servers: { close(): Promise<void> | void }[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function nodeOAuth(options: NodeOAuthServerOptions = {}) {
  const server = await startNodeOAuthServer(options);
  servers.push(server);
  return server;
}

// A rehearsal drives a browser through several pages per region.
test.setTimeout(120_000);
const RESULT_TIMEOUT = 90_000;

/** Nothing secret in what the page shows: the password, the client secret, and every code and token the server issued. */
async function expectNoSecretShown(page: Page, server: LinkTestServer) {
  const html = await page.content();
  const secrets: [string, string][] = [['the password', server.password], ['the client secret', server.clientSecret], ...server.issued.map((s, i): [string, string] => [`issued secret ${i + 1}`, s])];
  for (const [what, secret] of secrets) expect(html.includes(secret), `${what} in the page`).toBe(false);
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an empty form posted says what is missing, field by field', async ({ page }) => {
    await page.goto('/link');
    await page.getByRole('form', { name: 'Link as Alexa' }).getByRole('button', { name: 'Link as Alexa' }).click();
    const problems = page.getByRole('alert');
    await expect(problems).toContainText('Some fields need attention.');
    for (const message of ['Enter the authorization URI.', 'Enter the client secret.', 'Enter your vendor ID.', 'Enter the test account’s user name.', 'Enter the test account’s password.']) {
      await expect(problems).toContainText(message);
    }
    // The defaults hold without JavaScript too: North America, HTTP Basic and the retried refresh are chosen.
    await expect(problems).not.toContainText('Choose at least one region');
    await expect(problems).not.toContainText('Choose HTTP Basic');
    await expect(page.getByLabel('Refresh a second time with the same refresh token', { exact: false })).toBeChecked();
  });

  test('the form posts, the whole rehearsal runs on the server and the result shows: linked, step by step', async ({ page }) => {
    const server = await nodeOAuth({ consent: true });
    await page.goto('/link');
    const form = await fillLinkForm(page, server);
    await form.getByRole('button', { name: 'Link as Alexa' }).click();

    await expect(page.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: RESULT_TIMEOUT });
    const timeline = page.getByRole('region', { name: /The linking, step by step/ });
    for (const step of ['authorize', 'sign-in', 'consent', 'redirect', 'exchange', 'refresh']) {
      await expect(timeline.locator(`[data-step="${step}"]`), step).toHaveAttribute('data-status', /pass|warn/);
    }
    // Each exchange as sent and received, secrets redacted; a screenshot of the sign-in page with its alt text.
    await expect(timeline.locator('[data-step="exchange"] details.exchange pre')).toContainText('grant_type=authorization_code');
    await expect(timeline.locator('[data-step="sign-in"] img')).toHaveAttribute('alt', /Screenshot of the page at “Your login page: sign-in”/);
    await expectNoSecretShown(page, server);
  });

  test('a wrong password: not linked, and the first step that breaks is the sign-in, with its fix and guide step', async ({ page }) => {
    const server = await nodeOAuth();
    await page.goto('/link');
    const form = await fillLinkForm(page, server, { password: 'not-the-password' });
    await form.getByRole('button', { name: 'Link as Alexa' }).click();

    const verdict = page.getByRole('region', { name: /^Not linked/ });
    await expect(verdict).toBeVisible({ timeout: RESULT_TIMEOUT });
    await expect(verdict).toContainText('The first step that breaks: Your login page: sign-in');
    await expect(verdict.locator('.finding-fail .finding-node a')).toHaveAttribute('href', /^\/guide\//);
    expect(server.refusedSignIns).toBeGreaterThan(0);
    // What came after the sign-in was not reached, and says so (in one line when the reason is the same).
    await expect(page.locator('[data-step="exchange"], [data-steps~="exchange"]')).toHaveAttribute('data-status', 'skip');
    await expectNoSecretShown(page, server);
  });
});

test('with JavaScript the steps stream in as they end, then the verdict names the region the server does not allow', async ({ page }) => {
  // A server that registered only North America's redirect URL: Europe fails.
  const server = await nodeOAuth({ redirectUris: [testRedirectUri('NA')] });
  await page.goto('/link');
  const form = await fillLinkForm(page, server, { regions: ['North America', 'Europe'] });
  await form.getByRole('button', { name: 'Link as Alexa' }).click();
  await expect(form.getByRole('button', { name: 'Rehearsing the linking…' })).toBeDisabled();

  // The first step is on screen while the rehearsal still runs: no verdict yet.
  await expect(page.locator('[data-step="authorize"]').first()).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(page.locator('.link-verdict')).toHaveCount(0);

  const verdict = page.getByRole('region', { name: 'Not linked in 1 of 2 regions.' });
  await expect(verdict).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(verdict).toContainText('North America (pitangui.amazon.com): linked');
  await expect(verdict).toContainText(/Europe \(layla\.amazon\.com\): fails at/);
  await expect(page.getByRole('region', { name: 'Europe (layla.amazon.com)' }).locator('.link-step-fail')).not.toHaveCount(0);
  await expectNoSecretShown(page, server);
  await expectNoAxeViolations(page);

  // A screenshot enlarges from the keyboard.
  const shot = page.locator('[data-step="sign-in"] details.link-shot').first();
  await shot.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(shot).toHaveAttribute('open', '');
  await expect(shot.getByText('Shrink the screenshot')).toBeVisible();

  // The result reaches the support report, each finding with its step and region.
  await page.getByRole('button', { name: 'Carry this rehearsal into the support report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  // …with the configuration it ran with, for Amazon's list (nothing secret).
  await expect(page.getByLabel('Authorization URL')).toHaveValue(server.authorizationUri);
  const carried = page.getByRole('region', { name: /^Link as Alexa: linked in North America \(pitangui\.amazon\.com\); not linked in Europe/ });
  await expect(carried).toBeVisible();
  await expect(carried.getByText('Found at “Alexa app opens your authorization URI”, Europe (layla.amazon.com).')).toBeVisible();
  const evidence = await page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis') ?? '');
  expect(evidence).toContain('"region":"EU"');
  for (const secret of [server.password, server.clientSecret, ...server.issued]) expect(evidence).not.toContain(secret);
});

test('a pasted SMAPI configuration fills the fields, and oidc-provider’s own sign-in and consent pages link', async ({ page }) => {
  const server = await startOidcLinkServer();
  servers.push(server);
  await page.goto('/link');
  const form = page.getByRole('form', { name: 'Link as Alexa' });
  await form.getByLabel('Account linking configuration (optional)').fill(JSON.stringify({ accountLinkingResponse: smapiConfigOf(server) }));
  await expect(form.getByLabel('Authorization URI')).toHaveValue(server.authorizationUri);
  await expect(form.getByLabel('Client ID')).toHaveValue(server.clientId);
  await form.getByLabel('Client secret').fill(server.clientSecret);
  await form.getByLabel('Vendor ID').fill(TEST_VENDOR_ID);
  await form.getByLabel('User name').fill(server.username);
  await form.getByLabel('Password', { exact: true }).fill(server.password);
  await form.getByRole('button', { name: 'Link as Alexa' }).click();
  await expect(page.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(page.locator('[data-step="consent"]')).toHaveAttribute('data-status', /pass|warn/);
});

test('with JavaScript an empty form is checked in the browser: each message beside its field, nothing sent', async ({ page }) => {
  await page.goto('/link');
  await expectNoAxeViolations(page);
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') sent.push(r.url());
  });
  const form = page.getByRole('form', { name: 'Link as Alexa' });
  await form.getByRole('button', { name: 'Link as Alexa' }).click();
  await expect(form.getByLabel('Client secret')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter the client secret.')).toBeVisible();
  await expect(form.getByText('Enter the test account’s password.')).toBeVisible();
  expect(sent).toEqual([]);
});

test('the guide’s token-exchange step offers the flow, which opens /link', async ({ page }) => {
  await page.goto('/guide/token-exchange');
  const offer = page.getByRole('region', { name: 'Link as Alexa' });
  await expect(offer).toContainText('signs in on your login page');
  await offer.getByRole('link', { name: 'Rehearse the linking with a test account' }).click();
  await expect(page).toHaveURL(/\/link$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link as Alexa: rehearse the whole account linking');
});

test('/check offers Link as Alexa with the configuration it read: only the test account and vendor ID are typed again', async ({ page }) => {
  const server = await nodeOAuth({ consent: true });
  await page.goto('/check');
  const check = page.getByRole('form', { name: 'Configuration check' });
  await check.getByLabel('Account linking configuration').fill(JSON.stringify(smapiConfigOf(server)));
  await check.getByLabel('Client secret').fill(server.clientSecret);
  await check.getByRole('button', { name: 'Check everything' }).click();

  const offer = page.getByRole('region', { name: 'Link as Alexa: rehearse the linking with a test account' });
  await expect(offer).toBeVisible({ timeout: 30_000 });
  // The client secret typed for the check is used: it is not asked for again.
  await expect(offer.getByLabel('Client secret')).toHaveCount(0);
  await offer.getByLabel('Test account user name').fill(server.username);
  await offer.getByLabel('Test account password').fill(server.password);
  await offer.getByLabel(/^Vendor ID/).fill(TEST_VENDOR_ID);
  await offer.getByRole('button', { name: 'Link as Alexa' }).click();

  await expect(offer.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(offer.locator('[data-step="consent"]')).toHaveAttribute('data-status', /pass|warn/);
  expect(page.url()).toMatch(/\/check$/);
  await expectNoSecretShown(page, server);
});
