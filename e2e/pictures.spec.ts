import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startTokenServer, TEST_CLIENT, type TokenServer } from './fixtures/token-servers';
import { startNodeOAuthServer } from './fixtures/link-servers';
import { sendJson, startServer } from './fixtures/servers';
import { fillLinkForm } from './link-form';

// The pictures (components/pictures): the timing waterfall of a network probe's requests against Alexa's 4.5 s line,
// and the sequence of the linking with the failing hop marked — on a probe's result, the rehearsal and the report.
// Each is SVG rendered with the page, with its figures in words beside it.

const servers: { close(): Promise<void> | void }[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function tokenServer(options: Parameters<typeof startTokenServer>[0] = {}): Promise<TokenServer> {
  const server = await startTokenServer(options);
  servers.push(server);
  return server;
}

async function runTokenProbe(page: Page, server: TokenServer): Promise<void> {
  await page.goto('/probe/token');
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill(server.tokenUri);
  await form.getByLabel('Client ID').fill(TEST_CLIENT.clientId);
  await form.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await form.getByLabel('HTTP Basic (recommended)').check();
  await form.getByLabel('A fresh authorization code').check();
  await form.getByLabel('Authorization code', { exact: true }).fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('heading', { name: /^(Alexa would accept|Alexa would reject)/ })).toBeVisible({ timeout: 15_000 });
}

/** The one drawing of a picture the page shows at this width (the others are for other widths). */
function shownSvg(figure: Locator): Locator {
  return figure.locator('svg[role="img"]:visible');
}

/** Screenshots at a phone's and a laptop's width, kept with the test's output for a person to look at. */
async function screenshots(page: Page, name: string, figure: Locator) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(shownSvg(figure)).toHaveCount(1);
    // No text under 12 px on screen: the drawing is shown at (or above) the size it was laid out for.
    const scale = await shownSvg(figure).evaluate((svg: SVGSVGElement) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    expect(scale * 13.5, `text size at ${width} px`).toBeGreaterThanOrEqual(12);
    await figure.scrollIntoViewIfNeeded();
    await figure.screenshot({ path: test.info().outputPath(`${name}-${width}.png`) });
  }
}

test('the token probe draws each request against Alexa’s 4.5 s line, with every figure in the table beside it', async ({ page }) => {
  const server = await tokenServer({ delayMs: 300 });
  await runTokenProbe(page, server);

  const waterfall = page.locator('figure[data-picture="waterfall"]');
  await expect(waterfall).toBeVisible();
  await expect(shownSvg(waterfall)).toHaveAttribute('aria-label', /^Timing of 3 requests against Alexa's 4\.5 s limit, all within it\. The token request \(code for tokens\): \d+ ms/);
  await expect(shownSvg(waterfall)).toContainText("Alexa's limit: 4.5 s");
  const table = waterfall.getByRole('table', { name: 'The figures' });
  for (const column of ['DNS lookup', 'Connect', 'TLS handshake', 'First byte', 'Total']) await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeAttached();
  // The code exchange, the probe's own refresh and the replay, each with its phases as lib/net timed them.
  const first = table.getByRole('row', { name: /The token request \(code for tokens\)/ });
  await expect(first.getByRole('cell')).toHaveCount(7);
  const cells = await first.getByRole('cell').allInnerTexts();
  for (const cell of cells.slice(0, 4)) expect(cell).toMatch(/^\d+(\.\d)? (ms|s)$/);
  // The server waits 300 ms before answering: the first byte says so.
  expect(cells[3]).toMatch(/^(3\d\d|[4-9]\d\d) ms$/);
  expect(cells[6]).toBe("Within Alexa's 4.5 s limit");
  await expect(table.getByRole('row')).toHaveCount(4);

  // The sequence marks the hop this probe checked.
  const sequence = page.locator('figure[data-picture="sequence"]');
  // Loopback's port is not 443: a warning, not a failure.
  await expect(shownSvg(sequence).locator('[data-hop="token"]')).toHaveAttribute('data-status', /^(pass|warn)$/);
  await expect(shownSvg(sequence).locator('[data-hop="login"]')).toHaveAttribute('data-status', 'unknown');
  await expect(sequence.getByRole('listitem').nth(2)).toHaveText(/^Alexa sends the code to your token URI for tokens: works/);
  await screenshots(page, 'token-waterfall', waterfall);
  const axe = await new AxeBuilder({ page }).include('figure').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('a failing token URI is marked as the hop where the linking fails, in the picture and in words', async ({ page }) => {
  const server = await tokenServer({
    successStatus: 400,
    successHeaders: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    successText: JSON.stringify({ error: 'invalid_grant' }),
  });
  await runTokenProbe(page, server);
  const sequence = page.locator('figure[data-picture="sequence"]');
  const token = shownSvg(sequence).locator('[data-hop="token"]');
  await expect(token).toHaveAttribute('data-status', 'fail');
  await expect(token).toHaveClass(/seq-first/);
  await expect(token).toContainText('FAILS HERE');
  await expect(shownSvg(sequence)).toHaveAttribute('aria-label', /fails at step 3 of 4: “Alexa sends the code to your token URI for tokens”/);
  await expect(sequence.getByRole('listitem').nth(2)).toHaveText('Alexa sends the code to your token URI for tokens: FAILS HERE');
  await screenshots(page, 'token-sequence-failed', sequence);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the pictures are in the page the server sends', async ({ page }) => {
    const server = await tokenServer();
    await runTokenProbe(page, server);
    await expect(shownSvg(page.locator('figure[data-picture="waterfall"]'))).toBeVisible();
    await expect(shownSvg(page.locator('figure[data-picture="sequence"]')).locator('[data-hop="token"]')).toHaveAttribute('data-status', /^(pass|warn)$/);
  });

  test('the rehearsal run on the server draws its sequence too', async ({ page }) => {
    test.setTimeout(120_000);
    const server = await startNodeOAuthServer();
    servers.push(server);
    await page.goto('/link');
    const form = await fillLinkForm(page, server, { password: 'not-the-password' });
    await form.getByRole('button', { name: 'Link as Alexa' }).click();
    const svg = shownSvg(page.locator('figure[data-picture="sequence"][data-sequence="NA"]'));
    await expect(svg.locator('[data-hop="login"]')).toHaveAttribute('data-status', 'fail', { timeout: 90_000 });
  });
});

test('the rehearsal draws each region’s linking with the failing hop marked, and the report shows it too', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startNodeOAuthServer();
  servers.push(server);
  await page.goto('/link');
  const form = await fillLinkForm(page, server, { password: 'not-the-password' });
  await form.getByRole('button', { name: 'Link as Alexa' }).click();
  await expect(page.getByRole('region', { name: /^Not linked/ })).toBeVisible({ timeout: 90_000 });

  const sequence = page.locator('figure[data-picture="sequence"][data-sequence="NA"]');
  const svg = shownSvg(sequence);
  await expect(svg.locator('[data-hop="login"]')).toHaveAttribute('data-status', 'fail');
  await expect(svg.locator('[data-hop="login"]')).toContainText('FAILS HERE');
  for (const hop of ['redirect', 'token', 'refresh']) await expect(svg.locator(`[data-hop="${hop}"]`), hop).toHaveAttribute('data-status', 'skip');
  await screenshots(page, 'rehearsal-sequence', sequence);

  await page.getByRole('button', { name: 'Carry this rehearsal into the support report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  const reported = page.locator('figure[data-picture="sequence"]');
  await expect(shownSvg(reported).locator('[data-hop="login"]')).toHaveAttribute('data-status', 'fail');
  await expect(reported.getByRole('listitem').first()).toHaveText('The Alexa app opens your login page; the user signs in: FAILS HERE');
  await screenshots(page, 'report-sequence', reported);
});

test('the login page and app links checks draw each request they sent, hop by hop', async ({ page }) => {
  const site = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/authorize') {
      res.writeHead(302, { Location: '/login' });
      return res.end();
    }
    if (path === '/.well-known/assetlinks.json' || path === '/.well-known/apple-app-site-association') return sendJson(res, 200, []);
    const html = '<!doctype html><html lang="en"><head><title>Sign in</title></head><body><form><label>Email <input name="email"></label></form></body></html>';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(html);
  }, { tls: true });
  servers.push(site);

  await page.goto('/probe/login-page');
  const form = page.getByRole('form', { name: 'Login page and Domain List probe' });
  await form.getByLabel('Authorization URI').fill(`${site.url}/authorize`);
  await form.getByLabel('Read the page source (fast)').check();
  await form.getByRole('button', { name: 'Run the check' }).click();
  const waterfall = page.locator('figure[data-picture="waterfall"]');
  const rows = waterfall.getByRole('table', { name: 'The figures' }).getByRole('row');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  await expect(rows.nth(1)).toContainText(/Redirect 1: 127\.0\.0\.1:\d+\/authorize \(HTTP 302\)/);
  await expect(rows.nth(2)).toContainText(/The login page: 127\.0\.0\.1:\d+\/login \(HTTP 200\)/);
  await expect(shownSvg(page.locator('figure[data-picture="sequence"]')).locator('[data-hop="login"]')).toHaveAttribute('data-status', /^(pass|warn|fail)$/);
  await screenshots(page, 'login-waterfall', waterfall);

  await page.goto('/probe/app-links');
  const links = page.getByRole('form', { name: 'App Links and Universal Links check' });
  await links.getByLabel('Redirect URL or domain').fill(`${site.url}/alexa/link`);
  await links.getByRole('button', { name: 'Run the check' }).click();
  const files = page.locator('figure[data-picture="waterfall"]').getByRole('table', { name: 'The figures' }).getByRole('row');
  await expect(files).toHaveCount(3, { timeout: 30_000 });
  await expect(files.nth(1)).toContainText('assetlinks.json (HTTP 200)');
  await expect(files.nth(2)).toContainText('apple-app-site-association (HTTP 200)');
});
