import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { nodesWithProbe, tree } from '@/lib/tree';
import { startAppServer } from './fixtures/app-server';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { sendJson, startServer, type CountingServer, type Handler } from './fixtures/servers';

// Every test starts its own loopback servers (https, the committed certificate for localhost and 127.0.0.1), so the
// tests can run alongside each other. The app's server runs with PROBE_ALLOW_PRIVATE=1, trusts the tests' CA, and its
// headless Chromium ignores certificate errors for the committed key only (PROBE_TEST_CHROMIUM_SPKI, playwright.config.ts).
test.describe.configure({ mode: 'parallel' });

const servers: CountingServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<CountingServer> {
  const server = await startServer(handler, { tls: true });
  servers.push(server);
  return server;
}

const pathOf = (url: string) => url.split('?')[0] ?? '/';

function sendHtml(res: Parameters<Handler>[1], html: string) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

// A 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * The "foreign" host: assets on https://localhost:<port>. By the exact-host rule it is not covered by the login page's
 * own host, 127.0.0.1.
 */
async function assetHost() {
  const server = await serve((req, res) => {
    const path = pathOf(req.url);
    if (path === '/api') return sendJson(res, 200, { ok: true }, { 'Access-Control-Allow-Origin': '*' });
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': PNG.length, 'Access-Control-Allow-Origin': '*' });
    res.end(PNG);
  });
  return { server, url: (path: string) => `https://localhost:${server.port}${path}` };
}

const page = (body: string, head = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sign in</title>${head}</head>
<body><h1>Sign in to Example</h1>${body}
<form method="post" action="/login"><label>Email <input name="email"></label><label>Password <input type="password" name="password"></label><button>Sign in</button></form>
</body></html>`;

/** The login site on https://127.0.0.1:<port>: /login (static hosts), /popup (window.open and alert), /fetch (a script's fetch). */
async function loginSite() {
  const assets = await assetHost();
  const site = await serve((req, res) => {
    switch (pathOf(req.url)) {
      case '/login':
        return sendHtml(res, page(`<img src="${assets.url('/logo.png')}" alt="Example">`, '<link rel="stylesheet" href="/site.css">'));
      case '/site.css':
        res.writeHead(200, { 'Content-Type': 'text/css' });
        return res.end(`body { background: #fff url(${assets.url('/bg.png')}) no-repeat; }`);
      case '/popup':
        return sendHtml(
          res,
          page(`<script>window.open('${assets.url('/social-login')}', 'social', 'width=400'); alert('Welcome back!');</script>`),
        );
      case '/fetch':
        // The host is put together by the script: it is nowhere in the page source.
        return sendHtml(res, page(`<script>fetch('https://' + ['local', 'host'].join('') + ':${assets.server.port}/api');</script>`));
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
    }
  });
  return { site, assets, url: (path: string) => `${site.url}${path}` };
}

const FORM = 'Login page and Domain List probe';

async function runLoginProbe(scope: Page | Locator, uri: string, domains: string, mode: 'static' | 'browser' = 'static') {
  const form = scope.getByRole('form', { name: FORM });
  await form.getByLabel('Authorization URI').fill(uri);
  await form.getByLabel('Domain List').fill(domains);
  await form.getByLabel(mode === 'static' ? 'Read the page source (fast)' : /Load it in a headless phone browser/).check();
  await form.getByRole('button', { name: 'Run the check' }).click();
}

// A run's result replaces the previous one: the first assertion after a run waits for what differs, up to a browser run.
const after = expect.configure({ timeout: 30_000 });

const hostRow = (scope: Page | Locator, host: string) =>
  scope.getByRole('table', { name: /Hosts your login page loads from/ }).locator(`tr[data-host="${host}"]`);

async function expectNoAxeViolations(p: Page) {
  const results = await new AxeBuilder({ page: p }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe('login page probe', () => {
  // A browser-mode run may take 20 s, plus a wait for a free browser when other tests use one.
  test.describe.configure({ timeout: 60_000 });

  test('static mode, from the step that embeds it: localhost is missing until the Domain List names it', async ({ page: p }) => {
    const { url } = await loginSite();
    const step = nodesWithProbe('login-page')[0]!;
    await p.goto(`/guide/${step.id}`);
    const embed = p.getByRole('region', { name: FORM });
    await expect(embed.getByRole('link', { name: 'a page of its own' })).toHaveAttribute('href', '/probe/login-page');
    await embed.getByText('Run the check here', { exact: true }).click();

    await runLoginProbe(embed, url('/login'), 'localhost');
    await after(embed.locator('[data-finding="login.domains"]')).toHaveClass(/finding-pass/);
    await expect(hostRow(embed, 'localhost')).toContainText('Covered: on the Domain List');
    await expect(hostRow(embed, '127.0.0.1')).toContainText('Covered: the authorization URI’s own host');
    await expect(embed.getByText(/^The request Alexa would open: \d{3,} characters/)).toBeVisible();
    // The login page answered the request itself: its hundreds of characters are printed once, not again as the page.
    const requestUrl = await embed.locator('details.exchange pre').first().textContent();
    expect(requestUrl).toContain('state=');
    expect((await embed.textContent())!.split(requestUrl!).length - 1).toBe(1);
    await expect(embed.getByText('The login page: the request URL above answered HTTP 200')).toBeAttached();

    await runLoginProbe(embed, url('/login'), '');
    const domains = embed.locator('[data-finding="login.domains"]');
    await after(domains).toHaveClass(/finding-fail/);
    await expect(domains).toContainText('localhost');
    const missing = hostRow(embed, 'localhost');
    await expect(missing).toContainText('Missing');
    await expect(missing).toContainText('img src');
    await expect(missing).toContainText('stylesheet url()');
    // Missing hosts come first.
    await expect(embed.locator('table.hosts tbody tr').first()).toHaveAttribute('data-host', 'localhost');

    const node = domains.getByRole('link');
    const target = (await node.getAttribute('href'))!.replace('/guide/', '') as keyof typeof tree;
    await node.click();
    await expect(p).toHaveURL(new RegExp(`/guide/${target}$`));
    await expect(p.getByRole('heading', { level: 1 })).toHaveText(tree[target].title);
  });

  test('browser mode: window.open and alert fail, and the screenshot is shown', async ({ page: p }) => {
    const { url } = await loginSite();
    await p.goto('/probe/login-page');
    await runLoginProbe(p, url('/popup'), 'localhost', 'browser');
    await after(p.locator('[data-finding="login.popup"]')).toHaveClass(/finding-fail/);
    await expect(p.locator('[data-finding="login.dialog"]')).toHaveClass(/finding-fail/);
    await expect(p.locator('[data-finding="login.dialog"]')).toContainText('Welcome back!');
    const shot = p.getByRole('img', { name: 'The login page as a phone shows it' });
    await expect(shot).toBeVisible();
    expect(await shot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await expect(p.locator('ul.browser-events', { hasText: 'window.open' })).toContainText('/social-login');
    await expect(p.getByText('Private addresses are allowed (PROBE_ALLOW_PRIVATE=1)')).toBeVisible();
    await expectNoAxeViolations(p);
  });

  test("browser mode sees a host that only a script's fetch names; static mode cannot", async ({ page: p }) => {
    const { url, assets } = await loginSite();
    await p.goto('/probe/login-page');
    await runLoginProbe(p, url('/fetch'), '');
    await after(p.locator('[data-finding="login.domains"]')).toHaveClass(/finding-pass/);
    await expect(hostRow(p, 'localhost')).toHaveCount(0);

    await runLoginProbe(p, url('/fetch'), '', 'browser');
    const row = hostRow(p, 'localhost');
    await after(row).toContainText('fetch (browser)');
    await expect(row).toContainText('Missing');
    await expect(p.locator('[data-finding="login.domains"]')).toHaveClass(/finding-fail/);
    expect(assets.server.requests.map((r) => r.url)).toContain('/api');
  });
});

test.describe('browser mode while every browser is busy', () => {
  test.describe.configure({ timeout: 90_000 });

  // The browser slots are shared by the whole server, but Next gives the form's server action and the JSON API separate
  // copies of every module: a "busy" error thrown by one copy must still be recognised by the other.
  test('while a run from the form holds a browser, the API and the form both answer a busy finding, never 500', async ({ page: p }) => {
    // Its own server, so that filling its browsers holds up no other test. Each request comes from a client of its own.
    const server = await startAppServer({ ...LIMITS_OFF, TRUST_PROXY_HOPS: '1' });
    // A login page that takes connections and never answers: a browser run on it holds its browser until its page load
    // gives up, some 15 s after the run took the browser.
    const held = new Set<Socket>();
    const silent = createTcpServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/authorize`;
    const aborts = new AbortController();
    try {
      // The form of step 3, filled in beforehand, so that only its click remains within those 15 s.
      await p.goto(`${server.url}/probe/login-page`);
      const form = p.getByRole('form', { name: FORM });
      await form.getByLabel('Authorization URI').fill(silentUrl);
      await form.getByLabel(/Load it in a headless phone browser/).check();

      // 1. A run from the form takes the first browser (the slots now belong to the form's bundle) and keeps it: its
      //    browser reaching the silent page shows it has its slot. From then on nothing leaves a browser or a place in
      //    the queue until that page load gives up.
      const holder = await p.context().newPage();
      await holder.goto(`${server.url}/probe/login-page`);
      await runLoginProbe(holder, silentUrl, '', 'browser');
      await expect.poll(() => held.size, { timeout: 15_000 }).toBeGreaterThan(0);

      // 2. More browser runs through the API than there are browsers and places in the queue: 1 browser and the queue's
      //    20 places are left, so 9 of 30 are turned away.
      const answered: Array<{ status: number; body: string }> = [];
      for (let i = 0; i < 30; i++) {
        void fetch(`${server.url}/api/probes/login-page`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${i + 1}` },
          body: JSON.stringify({ authorizationUri: silentUrl, mode: 'browser' }),
          signal: aborts.signal,
        })
          .then(async (response) => answered.push({ status: response.status, body: await response.text() }))
          .catch(() => {});
      }
      // Those turned away answer at once; the others wait for a browser (until the end of the test).
      await expect.poll(() => answered.length, { timeout: 10_000 }).toBe(9);
      for (const answer of answered) {
        expect(answer.status, answer.body).toBe(200);
        expect(answer.body).toContain("Link Doctor's browsers are all busy");
      }

      // 3. The form, while the browsers are still busy, says so too.
      await form.getByRole('button', { name: 'Run the check' }).click();
      await after(p.locator('[data-finding="login.reachable"]')).toContainText("Link Doctor's browsers are all busy");
      await expect(p.getByText('stopped unexpectedly')).toHaveCount(0);
    } finally {
      aborts.abort();
      for (const socket of held) socket.destroy();
      silent.close();
      await server.stop();
    }
  });
});

test('a bad browser memory cap is named when the server starts', async () => {
  await expect(startAppServer({ PROBE_BROWSER_MEMORY_MB: '100' })).rejects.toThrow(/PROBE_BROWSER_MEMORY_MB must be a whole number of megabytes from 512 to 65536, not "100"/);
});

const FP = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';
const FP_OTHER = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';
const PKG = 'com.example.skill';
const APP_ID = 'ABCDE12345.com.example.skill';

/** A domain serving the two well-known files: redirected, with the wrong fingerprint, or good. */
async function linksSite() {
  const state = { variant: 'good' as 'redirect' | 'wrong-fingerprint' | 'good' | 'android-only' };
  const server: CountingServer = await serve((req, res) => {
    const path = pathOf(req.url);
    if (state.variant === 'redirect' && path.startsWith('/.well-known/')) {
      res.writeHead(301, { Location: `https://127.0.0.1:${server.port}/static${path}` });
      return res.end();
    }
    if (path === '/.well-known/assetlinks.json') {
      return sendJson(res, 200, [
        {
          relation: ['delegate_permission/common.handle_all_urls'],
          target: { namespace: 'android_app', package_name: PKG, sha256_cert_fingerprints: [state.variant === 'wrong-fingerprint' ? FP_OTHER : FP] },
        },
      ]);
    }
    if (path === '/.well-known/apple-app-site-association' && state.variant !== 'android-only') {
      return sendJson(res, 200, { applinks: { details: [{ appIDs: [APP_ID], components: [{ '/': '/alexa/link*' }] }] } });
    }
    res.writeHead(404);
    return res.end();
  });
  return { server, state };
}

test.describe('app links check', () => {
  test.describe.configure({ timeout: 45_000 });

  test('a redirect and a wrong fingerprint fail; good files pass, with a summary of each file', async ({ page: p }) => {
    const { server, state } = await linksSite();
    await p.goto('/probe/app-links');
    const form = p.getByRole('form', { name: 'App Links and Universal Links check' });
    await form.getByLabel('Redirect URL or domain').fill(`${server.url}/alexa/link/callback`);
    await form.getByLabel('Android package name (optional)').fill(PKG);
    await form.getByLabel('SHA-256 certificate fingerprint (optional)').fill(FP.toLowerCase());
    await form.getByLabel('Apple app ID (optional)').fill(APP_ID);
    const run = () => form.getByRole('button', { name: 'Run the check' }).click();

    state.variant = 'redirect';
    await run();
    await after(p.getByRole('heading', { level: 3 })).toHaveText(/^Your app would not open from these links: 2 problems to fix/);
    await expect(p.locator('[data-finding="applinks.android.status"]')).toContainText('does not follow redirects');
    await expect(p.locator('[data-finding="applinks.ios.status"]')).toHaveClass(/finding-fail/);
    await expect(p.locator('.well-known-file').first()).toContainText('HTTP 301, a redirect to');

    state.variant = 'wrong-fingerprint';
    await run();
    await after(p.locator('[data-finding="applinks.android.fingerprint"]')).toHaveClass(/finding-fail/);
    await expect(p.locator('.finding-fail')).toHaveCount(1);

    state.variant = 'good';
    await run();
    await after(p.getByRole('heading', { level: 3 })).toHaveText(/^Android and iOS can verify these links/);
    await expect(p.locator('.finding-fail')).toHaveCount(0);
    const android = p.locator('.well-known-file').filter({ hasText: 'assetlinks.json' });
    await expect(android).toContainText(`${server.url}/.well-known/assetlinks.json`);
    await expect(android).toContainText('HTTP 200');
    await expect(android).toContainText('application/json');
    await expect(android).toContainText(`${PKG}: 1 fingerprint`);
    await expect(p.locator('.well-known-file').filter({ hasText: 'apple-app-site-association' })).toContainText(APP_ID);
    await expectNoAxeViolations(p);
  });

  test('an Android-only app without apple-app-site-association passes, inferred from the identifiers or chosen in the form', async ({ page: p }) => {
    const { server, state } = await linksSite();
    state.variant = 'android-only';
    await p.goto('/probe/app-links');
    const form = p.getByRole('form', { name: 'App Links and Universal Links check' });
    await form.getByLabel('Redirect URL or domain').fill(`${server.url}/alexa/link/callback`);
    await form.getByLabel('Android package name (optional)').fill(PKG);
    await form.getByLabel('SHA-256 certificate fingerprint (optional)').fill(FP);
    await form.getByRole('button', { name: 'Run the check' }).click();
    await after(p.getByRole('heading', { level: 3 })).toHaveText(/^Android and iOS can verify these links/);
    await expect(p.locator('.finding-fail')).toHaveCount(0);
    await expect(p.locator('[data-finding="applinks.ios.status"]')).toContainText('does not run on iOS');
    await expect(p.getByText('Checked for Android only: only Android identifiers were given')).toBeVisible();

    // Chosen: "Android and iOS" makes the missing file a failure again.
    await form.getByLabel('Android and iOS').check();
    await form.getByRole('button', { name: 'Run the check' }).click();
    await after(p.locator('[data-finding="applinks.ios.status"]')).toHaveClass(/finding-fail/);
    await expectNoAxeViolations(p);
  });

  test('bad input is caught in the form before anything is sent', async ({ page: p }) => {
    const { server } = await linksSite();
    await p.goto('/probe/app-links');
    const form = p.getByRole('form', { name: 'App Links and Universal Links check' });
    await form.getByLabel('Redirect URL or domain').fill(server.url.replace('https:', 'http:'));
    await form.getByLabel('SHA-256 certificate fingerprint (optional)').fill('12:34');
    await form.getByRole('button', { name: 'Run the check' }).click();
    await expect(form.getByText('Enter an https:// URL or a domain')).toBeVisible();
    await expect(form.getByLabel('SHA-256 certificate fingerprint (optional)')).toHaveAttribute('aria-invalid', 'true');
    expect(server.hits).toBe(0);
  });
});

test.describe('JSON API', () => {
  test('POST /api/probes/login-page answers 200 with the hosts, 400, 415 and 422', async ({ request }) => {
    const { url } = await loginSite();
    const response = await request.post('/api/probes/login-page', { data: { authorizationUri: url('/login'), domains: [] } });
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    const json = await response.json();
    expect(json).toMatchObject({ probe: 'login-page', mode: 'static', ok: false, privateMode: true });
    expect(json.findings.find((f: { id: string }) => f.id === 'login.domains')).toMatchObject({ status: 'fail', node: expect.any(String) });
    expect(json.domains.required.map((h: { host: string }) => h.host).sort()).toEqual(['127.0.0.1', 'localhost']);
    expect(json.domains.listed).toEqual([]);
    expect(json.domains.missing).toEqual([{ host: 'localhost', foundIn: expect.arrayContaining(['img src', 'stylesheet url()']) }]);
    expect(json.request.length).toBeGreaterThan(600);

    // The Domain List may also be one string, as the form's textarea sends it.
    const listed = await (await request.post('/api/probes/login-page', { data: { authorizationUri: url('/login'), domains: 'LOCALHOST\n' } })).json();
    expect(listed.domains).toMatchObject({ listed: ['localhost'], missing: [] });

    const malformed = await request.post('/api/probes/login-page', { data: { authorizationUri: 42, mode: 'fast' } });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: 'invalid_input', issues: expect.arrayContaining([expect.objectContaining({ field: 'mode' })]) });
    const broken = await request.post('/api/probes/login-page', { data: '{oops', headers: { 'content-type': 'application/json' } });
    expect(broken.status()).toBe(400);
    const notJson = await request.post('/api/probes/login-page', { data: JSON.stringify({ authorizationUri: url('/login') }), headers: { 'content-type': 'text/plain' } });
    expect(notJson.status()).toBe(415);
    const metadata = await request.post('/api/probes/login-page', { data: { authorizationUri: 'https://169.254.169.254/' } });
    expect(metadata.status()).toBe(422);
    expect((await metadata.json()).error.code).toBe('target_not_allowed');
  });

  test('POST /api/probes/app-links answers 200 with the files, 400, 415 and 422', async ({ request }) => {
    const { server } = await linksSite();
    const response = await request.post('/api/probes/app-links', { data: { url: server.url, packageName: PKG, sha256Fingerprint: FP } });
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    const json = await response.json();
    expect(json).toMatchObject({ probe: 'app-links', ok: true, domain: `127.0.0.1:${server.port}`, path: null });
    expect(json.files.android).toMatchObject({ status: 200, contentType: expect.stringContaining('application/json'), statements: [{ packageName: PKG, fingerprints: [FP] }] });
    // Only Android identifiers were given: the app is taken to be Android-only, and the iOS file is not fetched.
    expect(json.platforms).toMatchObject({ android: true, ios: false });
    expect(json.files.ios.problem).toContain('not fetched');
    const both = await request.post('/api/probes/app-links', { data: { url: server.url, packageName: PKG, sha256Fingerprint: FP, platforms: 'both' } });
    expect((await both.json()).files.ios.apps[0].appIds).toEqual([APP_ID]);
    expect(json.findings.every((f: { node: string }) => typeof f.node === 'string')).toBe(true);

    const malformed = await request.post('/api/probes/app-links', { data: { url: server.url, sha256Fingerprint: 'nope' } });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.issues[0].field).toBe('sha256Fingerprint');
    const notJson = await request.post('/api/probes/app-links', { data: JSON.stringify({ url: server.url }), headers: { 'content-type': 'text/plain' } });
    expect(notJson.status()).toBe(415);
    const metadata = await request.post('/api/probes/app-links', { data: { url: 'https://169.254.169.254/' } });
    expect(metadata.status()).toBe(422);
    // Only the first two requests reached the domain: one connection per file fetched (one, then two).
    expect(server.hits).toBe(3);
  });
});
