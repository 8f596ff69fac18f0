// The secrets canary (issue 6): distinctive secrets, one per kind, each with `+ / = & % " \` and a space, go through
// every flow — the token probe (its page, a guide step, both client-authentication schemes, both grants, without
// JavaScript too), /check, the support report and its exports, the share link, /triage, and the JSON API — against
// servers that echo them back every way they can (fixtures/echo-servers.ts: escaped, hex, character references and
// percent-encoding of every character, reversed, in halves, cut short, inside base64 blobs …). Then every place a
// secret could end up is searched for each of them in every encoding (fixtures/canary-search.ts): browser storage, cookies, IndexedDB, Cache Storage, history, every
// URL the browser requested, every page's HTML at each step, every response of the app, the exports (copied and
// downloaded), the share link, what the echo servers were sent in URLs, and the app server's own output. The only
// match allowed is the test account password in the plain text the user copied after ticking "Include the password".

import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, request as apiRequest, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { type CheckEvent } from '@/lib/config-check/run';
import { redactReport } from '@/lib/report/redact';
import { renderJson, renderMarkdown, renderText } from '@/lib/report/render';
import { shareUrl } from '@/lib/report/share';
import { sampleReport } from '@/lib/report/test-support';
import { type Evidence } from '@/lib/report/schema';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { describeMatches, encodingsOf, findCanaries, makeCanary, PREFIX_CHARS, type Canary, type CanaryMatch } from './fixtures/canary-search';
import { linkRequestFor, startNodeOAuthServer, type NodeOAuthServer } from './fixtures/link-servers';
import { ECHO_ENCODINGS } from './fixtures/echo-encodings';
import { startEchoLoginSite, startEchoTokenServer, type EchoLoginSite, type EchoTokenServer } from './fixtures/echo-servers';

const CLIENT_ID = 'alexa-canary-client';
const USERNAME = 'tester+canary@example.com';
const REDIRECT_URI = 'https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F';
const SKILL_ID = 'amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1';

const SECRET = makeCanary('client secret', 'Zs1SEC', CLIENT_ID);
const CODE = makeCanary('authorization code', 'Zc2COD');
const REFRESH = makeCanary('refresh token', 'Zr3RFT');
const PASSWORD = makeCanary('test account password', 'Zp4PWD', USERNAME);
/** Tokens the echo token server issues: the probes must redact what a server sends as well as what they send. */
const ISSUED_ACCESS = makeCanary('issued access token', 'Za5ACC');
const ISSUED_REFRESH = makeCanary('issued refresh token', 'Zn6NRT');
const CANARIES = [SECRET, CODE, REFRESH, PASSWORD, ISSUED_ACCESS, ISSUED_REFRESH];

// As playwright.config.ts computes it: browser mode's Chromium ignores certificate errors for the tests' key only.
const TEST_CERT_SPKI = createHash('sha256')
  .update(createPublicKey(readFileSync(join(__dirname, 'fixtures/tls/localhost.pem'))).export({ type: 'spki', format: 'der' }))
  .digest('base64');

/** Every text that could hold a secret, with where it came from; searched at the end, all at once. */
class Sinks {
  private readonly texts: Array<{ where: string; text: string; allow: string[] }> = [];
  private readonly pending: Array<Promise<unknown>> = [];

  add(where: string, text: string, allow: string[] = []): void {
    this.texts.push({ where, text, allow });
  }

  /** Records the URL of every request and navigation, and the body of every response of the app, in a context. */
  watch(context: BrowserContext, name: string, appOrigin: string): void {
    context.on('request', (r) => {
      this.add(`${name}: URL the browser requested (${r.method()})`, r.url());
      const referer = r.headers().referer;
      if (referer) this.add(`${name}: Referer header sent to ${r.url()}`, referer);
    });
    context.on('response', (r) => {
      const url = r.url();
      if (!url.startsWith(appOrigin) || url.includes('/_next/static/')) return;
      this.add(`${name}: headers of the response to ${r.request().method()} ${url}`, JSON.stringify(r.headers()));
      this.pending.push(
        r.text().then(
          (body) => this.add(`${name}: body of the response to ${r.request().method()} ${url} (HTTP ${r.status()})`, body),
          () => undefined,
        ),
      );
    });
    const onPage = (p: Page) => p.on('framenavigated', (frame) => this.add(`${name}: URL navigated to`, frame.url()));
    context.pages().forEach(onPage);
    context.on('page', onPage);
  }

  /** Every canary found, those of CANARIES and any `extra` (the codes and tokens a real server issued). */
  async matches(extra: readonly Canary[] = []): Promise<CanaryMatch[]> {
    await Promise.allSettled(this.pending);
    return this.texts.flatMap(({ where, text, allow }) => findCanaries(where, text, [...CANARIES, ...extra], allow));
  }

  get count(): number {
    return this.texts.length;
  }
}

/** The page's HTML, URL, history and everything the browser keeps for the site, at one step of a flow. */
async function snapshot(sinks: Sinks, page: Page, step: string): Promise<void> {
  const where = `${step} [${new URL(page.url()).pathname}]`;
  sinks.add(`${where}: page URL`, page.url());
  sinks.add(`${where}: page HTML`, await page.content());
  const kept = await page.evaluate(async () => {
    const dump = (s: Storage) => JSON.stringify(Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)])));
    const out: Record<string, string> = {
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      'document.cookie': document.cookie,
      'history.state': JSON.stringify(history.state) ?? '',
      'resource timing URLs': performance.getEntries().map((e) => e.name).join('\n'),
    };
    const request = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const idb: unknown[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames)) {
        const os = db.transaction(store, 'readonly').objectStore(store);
        idb.push({ name, store, keys: await request(os.getAllKeys()), values: await request(os.getAll()) });
      }
      db.close();
    }
    out.IndexedDB = JSON.stringify(idb);
    const cached: string[] = [];
    if (typeof caches !== 'undefined') {
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) cached.push(req.url, (await (await cache.match(req))?.text()) ?? '');
      }
    }
    out['Cache Storage'] = cached.join('\n');
    return out;
  });
  for (const [what, text] of Object.entries(kept)) sinks.add(`${where}: ${what}`, text);
  sinks.add(`${where}: cookies`, JSON.stringify(await page.context().cookies()));
  const cdp = await page.context().newCDPSession(page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  await cdp.detach();
  sinks.add(`${where}: history`, entries.map((e) => `${e.url} ${e.title}`).join('\n'));
}

/** Fills and runs a token probe form (on /probe/token or a guide step) and waits for the verdict. */
async function runTokenProbe(
  page: Page,
  uri: string,
  scheme: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS',
  grant: 'code' | 'refresh',
  options: { rotation?: boolean; noScript?: boolean } = {},
): Promise<void> {
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill(uri);
  await form.getByLabel('Client ID').fill(CLIENT_ID);
  await form.getByLabel('Client secret').fill(SECRET.value);
  await form.getByLabel(scheme === 'HTTP_BASIC' ? 'HTTP Basic (recommended)' : 'Credentials in request body').check();
  if (grant === 'code') {
    await form.getByLabel('A fresh authorization code').check();
    await form.getByLabel('Authorization code', { exact: true }).fill(CODE.value);
    await form.getByLabel('Alexa redirect URL the code was issued for').fill(REDIRECT_URI);
  } else {
    await form.getByLabel('A refresh token').check();
    await form.getByLabel('Refresh token', { exact: true }).fill(REFRESH.value);
    if (options.rotation) await form.getByLabel(/Also refresh a second time/).check();
  }
  await form.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('heading', { name: /^Alexa would (accept|reject) this/ })).toBeVisible({ timeout: 15_000 });
  if (!options.noScript) await page.locator('details.exchange summary').first().click();
}

/** Fills the /link form for a test server with the canary test account, and client credentials in the body. */
async function fillLinkForm(page: Page, server: NodeOAuthServer): Promise<void> {
  const form = page.getByRole('form', { name: 'Link as Alexa' });
  await form.getByLabel('Authorization URI').fill(server.authorizationUri);
  await form.getByLabel('Access token URI').fill(server.tokenUri);
  await form.getByLabel('Client ID').fill(CLIENT_ID);
  await form.getByLabel('Client secret').fill(SECRET.value);
  await form.getByLabel('Credentials in request body').check();
  await form.getByLabel('Scopes').fill(server.scopes.join(' '));
  await form.getByLabel('Domain List').fill(server.domains.join('\n'));
  await form.getByLabel('Vendor ID').fill('M3BVP74N95SP1F');
  await form.getByLabel('North America').check();
  await form.getByLabel('User name').fill(USERNAME);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD.value);
}

/** What `ask smapi get-account-linking-info` prints, with the client secret an update request would carry. */
function smapiOutput(token: EchoTokenServer, login: EchoLoginSite): string {
  return JSON.stringify(
    {
      accountLinkingResponse: {
        type: 'AUTH_CODE',
        authorizationUrl: login.authorizeUri,
        domains: ['cdn.example.com'],
        clientId: CLIENT_ID,
        clientSecret: SECRET.value,
        scopes: ['profile'],
        accessTokenUrl: token.uri('refuse'),
        accessTokenScheme: 'HTTP_BASIC',
        defaultTokenExpirationInSeconds: 3600,
        redirectUrls: [login.appRedirectUrl],
      },
    },
    null,
    2,
  );
}

async function copied(page: Page, scope: Locator, button: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await scope.getByRole('button', { name: button }).click();
  await expect(scope.getByRole('status').first()).toHaveText('Copied');
  const read = () => page.evaluate(() => navigator.clipboard.readText());
  await expect.poll(read).not.toBe('');
  return read();
}

async function downloaded(page: Page, scope: Locator, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

test.describe('the search finds a leak', () => {
  test('a canary planted in any encoding is found, and reported with where and how it was encoded', () => {
    const planted = (text: string) => `<p>before ${text} after</p>`;
    for (const canary of CANARIES) {
      for (const { encoding, text } of encodingsOf(canary)) {
        const found = findCanaries('planted text', planted(text), CANARIES);
        expect(found.map((m) => `${m.canary} / ${m.encoding}`), `${canary.name} as ${encoding}`).toContain(`${canary.name} / ${encoding}`);
        expect(found.every((m) => m.where === 'planted text' && m.excerpt.includes('⟦'))).toBe(true);
      }
    }

    // Real encoders, not only the search's own list.
    const s = SECRET.value;
    const realWorld: Array<[string, string]> = [
      ['a form body', new URLSearchParams({ grant_type: 'authorization_code', client_secret: s }).toString()],
      ['a query string', `https://x.example/cb?secret=${encodeURIComponent(s)}&x=1`],
      ['JSON', JSON.stringify({ error_description: `bad ${s}` })],
      ['JSON inside JSON', JSON.stringify(JSON.stringify({ detail: s }))],
      ['an RSC payload in a script', `<script>self.__next_f.push([1,${JSON.stringify(JSON.stringify({ d: s })).replace(/&/g, '\\u0026')}])</script>`],
      ['an HTML attribute', `<input value="${s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`],
      ['an HTTP Basic header', `Authorization: Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${new URLSearchParams([['', s]]).toString().slice(1)}`).toString('base64')}`],
      ['a base64 blob', Buffer.from(`{"some":"json","secret":${JSON.stringify(s)}}`).toString('base64')],
      ['a base64 blob, one byte on', Buffer.from(`x{"some":"json","secret":${JSON.stringify(s)}}`).toString('base64url')],
      ['a base64 blob, two bytes on', Buffer.from(`xy{"some":"json","secret":"${s}"}`).toString('base64')],
      ['a share link', `http://127.0.0.1/triage#r=1.${deflateSync(Buffer.from(JSON.stringify({ description: s }))).toString('base64url')}`],
      ['a truncated copy', `error “${s.slice(0, 9)}…”`],
      ['hex', Buffer.from(s).toString('hex')],
      ['hex, upper case', Buffer.from(s).toString('hex').toUpperCase()],
      ['every character as a decimal reference', [...s].map((c) => `&#${c.codePointAt(0)};`).join('')],
      ['every character as a hex reference', [...s].map((c) => `&#X${c.codePointAt(0)!.toString(16).toUpperCase()};`).join('')],
      ['every byte percent-encoded', [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')],
      ['reversed', [...s].reverse().join('')],
      ['split in two with text between', `${s.slice(0, 17)} and then ${s.slice(17)}`],
      ['a prefix cut with ...', `error "${s.slice(0, PREFIX_CHARS)}..."`],
      ['a base64url blob, unpadded', Buffer.from(`{"a":1,"session":"${s}","b":2}`).toString('base64url')],
    ];
    // The search finds what the echo servers send, in each of their encodings.
    for (const [encoding, encode] of Object.entries(ECHO_ENCODINGS)) {
      const found = findCanaries(encoding, encode(s), CANARIES);
      expect(found.filter((m) => m.canary === SECRET.name).length, `${encoding}: ${encode(s)}`).toBeGreaterThan(0);
    }
    for (const [what, text] of realWorld) {
      const found = findCanaries(what, text, CANARIES);
      expect(found.filter((m) => m.canary === SECRET.name).length, `${what}: ${text}\n${describeMatches(found)}`).toBeGreaterThan(0);
    }

    // Redacted text, near misses and other markers' look-alikes are not matches; an allowed canary is skipped.
    const clean = `client_secret=[redacted client secret] "Zs1SE" ${SECRET.value.replace(/Zs1SEC/g, '[redacted]')} Zs1sec zs1SEC`;
    expect(describeMatches(findCanaries('clean text', clean, CANARIES))).toBe('');
    expect(findCanaries('copied text', `Password: ${PASSWORD.value}`, CANARIES, [PASSWORD.name])).toEqual([]);
    expect(findCanaries('copied text', `Password: ${PASSWORD.value}`, CANARIES).length).toBeGreaterThan(0);
  });
});

test.describe('secrets canary', () => {
  let app: AppServer;
  let token: EchoTokenServer;
  let login: EchoLoginSite;

  test.beforeAll(async () => {
    [app, token, login] = await Promise.all([
      startAppServer({
        ...LIMITS_OFF,
        PROBE_TEST_CHROMIUM_SPKI: TEST_CERT_SPKI,
      }),
      startEchoTokenServer({ accessToken: ISSUED_ACCESS.value, refreshToken: ISSUED_REFRESH.value }),
      startEchoLoginSite(),
    ]);
  });

  test.afterAll(async () => {
    await Promise.all([app?.stop(), token?.close(), login?.close()]);
  });

  test('no secret is kept, logged, put in a URL or shown, in any encoding, through every flow', async ({ browser }) => {
    // About 15–20 s on an idle machine; the ceiling leaves room for a loaded CI runner.
    test.setTimeout(120_000);
    const sinks = new Sinks();
    const origin = app.url;
    const context = await browser.newContext({ baseURL: origin, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    sinks.watch(context, 'main browser', origin);
    const page = await context.newPage();
    const sent = (check: (r: EchoTokenServer['received'][number]) => boolean) => token.received.filter(check).length;

    try {
      // ---- The token probe on its own page: HTTP Basic with a code, then the body with a refresh token twice.
      await page.goto('/probe/token');
      await runTokenProbe(page, token.uri('ok'), 'HTTP_BASIC', 'code');
      await snapshot(sinks, page, 'token probe, HTTP Basic, code');
      expect(sent((r) => r.scheme === 'basic' && r.id === CLIENT_ID && r.secret === SECRET.value && r.code === CODE.value), 'the canaries reached the token endpoint').toBe(1);

      await page.goto('/probe/token');
      await runTokenProbe(page, token.uri('rotate'), 'REQUEST_BODY_CREDENTIALS', 'refresh', { rotation: true });
      await snapshot(sinks, page, 'token probe, credentials in the body, refresh token twice');
      expect(sent((r) => r.path === '/rotate/token' && r.scheme === 'body' && r.secret === SECRET.value && r.refreshToken === REFRESH.value)).toBe(2);

      // ---- On a guide step: HTTP Basic refused, so the probe retries with the credentials in the body.
      await page.goto('/guide/token-exchange');
      await page.getByText('Run the check here', { exact: true }).click();
      await runTokenProbe(page, token.uri('body-only'), 'HTTP_BASIC', 'code');
      await expect(page.locator('[data-finding="token.client-auth"]')).toContainText('Credentials in request body');
      await snapshot(sinks, page, 'token probe on a guide step, HTTP Basic refused, retried in the body');
      // The code exchange and its retry (the refreshes that follow on the probe's own grant carry no code).
      expect(sent((r) => r.path === '/body-only/token' && r.secret === SECRET.value && r.code === CODE.value)).toBe(2);

      // ---- /check with the secret, a code and a refresh token (and the secret inside the pasted configuration).
      await page.goto('/check');
      const check = page.getByRole('form', { name: 'Configuration check' });
      await check.getByLabel('Account linking configuration').fill(smapiOutput(token, login));
      await check.getByLabel('Client secret').fill(SECRET.value);
      await check.getByLabel('A fresh authorization code').fill(CODE.value);
      await check.getByLabel('Alexa redirect URL the code was issued for').fill(REDIRECT_URI);
      await check.getByLabel('Or a refresh token').fill(REFRESH.value);
      await check.getByRole('button', { name: 'Check everything' }).click();
      const carry = page.getByRole('button', { name: 'Carry these results into the support report' });
      await expect(carry).toBeVisible({ timeout: 40_000 });
      await expect(page.locator('[data-finding="token.oauth-error"]').first()).toContainText('[redacted');
      for (const details of await page.locator('details summary').all()) await details.click();
      await snapshot(sinks, page, '/check with the secret, a code and a refresh token');
      expect(sent((r) => r.path === '/refuse/token' && r.secret === SECRET.value && r.code === CODE.value)).toBe(1);
      expect(login.requests.length, 'the login page was loaded').toBeGreaterThan(0);

      // ---- Carried into the report, filled in with the password, in every encoding a user might paste it.
      await carry.click();
      await expect(page).toHaveURL(/\/report$/);
      await expect(page.getByRole('region', { name: 'What the probes found' }).locator('[data-finding="token.oauth-error"]').first()).toBeVisible();
      await snapshot(sinks, page, '/report as carried from /check');
      const form = page.getByRole('form', { name: 'Support report' });
      await form.getByLabel('Skill ID').fill(SKILL_ID);
      await form.getByLabel('Customer ID of the account that failed').fill('A1B2C3D4E5F6G7');
      await form.getByLabel('NA (North America)').check();
      await form.getByLabel('Android (Alexa app)').check();
      await form.getByLabel('Alexa app version').fill('2.2.612345.0');
      await form.getByLabel('Other regions').fill(`IN (signed in with ${PASSWORD.value})`);
      await form.getByLabel('Link to a screenshot').fill(`https://screens.example.com/shot.png?pw=${encodeURIComponent(PASSWORD.value)}`);
      const basic = Buffer.from(`${encodeURIComponent(USERNAME)}:${encodeURIComponent(PASSWORD.value)}`).toString('base64');
      await form
        .getByLabel('What happens')
        .fill(
          `Unable to link after sign-in with password ${PASSWORD.value}. The login form posted ` +
            `https://login.example.com/session?user=${encodeURIComponent(USERNAME)}&password=${new URLSearchParams([['', PASSWORD.value]]).toString().slice(1)} ` +
            `with Authorization: Basic ${basic} and {"password": ${JSON.stringify(PASSWORD.value)}}. The page echoed it as ` +
            Object.values(ECHO_ENCODINGS)
              .map((encode) => encode(PASSWORD.value))
              .join(', '),
        );
      await form.getByLabel('Test account user name').fill(USERNAME);
      await form.getByLabel('Test account password').fill(PASSWORD.value);
      await form.getByText('Fill these from ask smapi get-account-linking-info').click();
      await form.getByLabel('Output of ask smapi get-account-linking-info').fill(smapiOutput(token, login));
      await form.getByRole('button', { name: 'Fill the configuration fields' }).click();
      await expect(form.getByText('its client secret was left out')).toBeVisible();
      await form.getByRole('button', { name: 'Prepare the report' }).click();

      const outputs = page.getByRole('region', { name: 'Your report' });
      const text = outputs.getByRole('region', { name: 'Plain text for Amazon’s Contact us form' });
      await expect(text.locator('pre')).toContainText(`1. Skill ID: ${SKILL_ID}`);
      await snapshot(sinks, page, '/report prepared, password not included');

      // The plain text without the password, then with it: the one place the password may be, and must be.
      const withoutPassword = await copied(page, text, 'Copy the text');
      expect(withoutPassword).toContain(`1. Skill ID: ${SKILL_ID}`);
      sinks.add('copied plain text (password not asked for)', withoutPassword);
      await form.getByLabel('Include the password in the copied text').check();
      await expect(text.locator('pre')).toContainText('Password: •••••••• (added when you copy)');
      const withPassword = await copied(page, text, 'Copy the text');
      expect(withPassword, 'the password the user asked for is in the copied text').toContain(`Password: ${PASSWORD.value}`);
      expect(withPassword.split(PASSWORD.value).length - 1, 'only where the user asked for it').toBe(1);
      sinks.add('copied plain text (password included, as the user asked)', withPassword, [PASSWORD.name]);
      sinks.add('copied plain text (password included), outside the Password line', withPassword.replace(`Password: ${PASSWORD.value}`, ''));

      const markdown = outputs.getByRole('region', { name: 'Markdown for a GitHub issue or a ticket' });
      const json = outputs.getByRole('region', { name: /^JSON/ });
      const share = outputs.getByRole('region', { name: 'Share with a colleague or support' });
      sinks.add('copied Markdown', await copied(page, markdown, 'Copy the Markdown'));
      const copiedJson = await copied(page, json, 'Copy the JSON');
      expect(JSON.parse(copiedJson)).toMatchObject({ skillId: SKILL_ID });
      sinks.add('copied JSON', copiedJson);
      for (const [scope, button] of [[text, 'Download .txt'], [markdown, 'Download .md'], [json, 'Download .json']] as const) {
        const file = await downloaded(page, scope, button);
        expect(file.text.length).toBeGreaterThan(100);
        sinks.add(`downloaded ${file.name}`, file.text);
        sinks.add(`name of the download from "${button}"`, file.name);
      }
      const link = await share.getByLabel('Share link').inputValue();
      expect(link).toMatch(/\/triage#r=1\.[A-Za-z0-9_-]+$/);
      expect(await copied(page, share, 'Copy the share link')).toBe(link);
      sinks.add('the share link', link);
      await snapshot(sinks, page, '/report with every export made');

      // What survives a reload of the report: the redacted draft, never the password.
      await page.reload();
      await expect(form.getByLabel('Skill ID')).toHaveValue(SKILL_ID);
      await expect(form.getByLabel('What happens')).toHaveValue(/\[redacted test account password\]/);
      await snapshot(sinks, page, '/report after a reload');

      // ---- Support opens the share link in a browser that has never seen any of this, and re-runs the checks.
      const fresh = await browser.newContext({ baseURL: origin });
      sinks.watch(fresh, 'triage browser', origin);
      try {
        const triage = await fresh.newPage();
        await triage.goto(link);
        await expect(triage.getByRole('region', { name: 'The case' })).toContainText(SKILL_ID);
        await snapshot(sinks, triage, '/triage from the share link');
        await triage.getByRole('button', { name: 'Re-run the checks that need no secret' }).click();
        await expect(triage.getByRole('region', { name: 'Check the configuration again' }).getByText(/^Re-ran:/)).toBeVisible({ timeout: 20_000 });
        await snapshot(sinks, triage, '/triage after re-running the checks');
      } finally {
        await fresh.close();
      }

      // ---- Without JavaScript: the forms post to their server actions and the answer is a whole page.
      const noScript = await browser.newContext({ baseURL: origin, javaScriptEnabled: false });
      sinks.watch(noScript, 'browser without JavaScript', origin);
      try {
        const p = await noScript.newPage();
        await p.goto('/probe/token');
        await runTokenProbe(p, token.uri('basic-only'), 'REQUEST_BODY_CREDENTIALS', 'code', { noScript: true });
        await snapshot(sinks, p, 'token probe without JavaScript');
        await p.goto('/check');
        const f = p.getByRole('form', { name: 'Configuration check' });
        await f.getByLabel('Account linking configuration').fill(smapiOutput(token, login));
        await f.getByLabel('Client secret').fill(SECRET.value);
        await f.getByLabel('Or a refresh token').fill(REFRESH.value);
        await f.getByRole('button', { name: 'Check everything' }).click();
        await expect(p.getByRole('region', { name: /What Alexa would reject/ })).toBeVisible({ timeout: 20_000 });
        await snapshot(sinks, p, '/check without JavaScript');
      } finally {
        await noScript.close();
      }
      expect(sent((r) => r.path === '/basic-only/token' && r.secret === SECRET.value && r.code === CODE.value)).toBe(2);
      expect(sent((r) => r.path === '/refuse/token' && r.refreshToken === REFRESH.value)).toBe(1);
    } finally {
      await context.close();
    }

    // ---- The JSON API, called directly: every behaviour of the echo server, both schemes, both grants.
    const api = await apiRequest.newContext({ baseURL: origin });
    try {
      const post = async (path: string, data: unknown, status: number, what: string) => {
        const response = await api.post(path, { data });
        expect(response.status(), `POST ${path} ${what}`).toBe(status);
        const body = await response.text();
        sinks.add(`POST ${path} ${what} (HTTP ${status})`, body);
        return body;
      };
      const behaviours = ['ok', 'basic-only', 'body-only', 'rotate', 'refuse', 'redirect', 'long', 'huge'] as const;
      const grants = [
        { type: 'authorization_code', code: CODE.value, redirectUri: REDIRECT_URI },
        { type: 'refresh_token', refreshToken: REFRESH.value },
      ] as const;
      const config = smapiOutput(token, login);
      await Promise.all([
        ...behaviours.flatMap((behaviour) =>
          (['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const).flatMap((scheme) =>
            grants.map((grant) =>
              post(
                '/api/probes/token',
                { tokenUri: token.uri(behaviour), clientId: CLIENT_ID, clientSecret: SECRET.value, scheme, grant, checkRotation: grant.type === 'refresh_token' },
                200,
                `(${behaviour}, ${scheme}, ${grant.type})`,
              ),
            ),
          ),
        ),
        // The login page in browser mode too: what headless Chromium and its proxy see and print.
        post('/api/check', { config, clientSecret: SECRET.value, code: CODE.value, codeRedirectUri: REDIRECT_URI, refreshToken: REFRESH.value, browser: true }, 200, 'with the secret, a code and a refresh token').then(
          (body) => expect(body).toContain('"type":"summary"'),
        ),
        post('/api/check', { config, clientSecret: SECRET.value, refreshToken: REFRESH.value }, 200, 'with the secret and a refresh token').then((body) =>
          expect(body).toContain('"type":"summary"'),
        ),
        // Refused input answers with messages, never with the input.
        post(
          '/api/probes/token',
          { tokenUri: 'not a url', clientId: CLIENT_ID, clientSecret: SECRET.value, scheme: 'HTTP_BASIC', grant: { type: 'authorization_code', code: CODE.value, redirectUri: 'nope' } },
          400,
          'with invalid input',
        ),
        post(
          '/api/probes/token',
          { tokenUri: token.uri('ok'), clientId: CLIENT_ID, clientSecret: `${SECRET.value}\n`, scheme: SECRET.value, grant: { type: REFRESH.value, refreshToken: REFRESH.value } },
          400,
          'with secrets in the wrong fields',
        ),
        post('/api/check', { config, clientSecret: SECRET.value, code: CODE.value, refreshToken: REFRESH.value, skillType: SECRET.value }, 400, 'with invalid input'),
      ]);
      expect(sent((r) => r.path === '/long/token' && r.secret === SECRET.value)).toBeGreaterThan(0);
      expect(sent((r) => r.path === '/huge/token' && r.secret === SECRET.value)).toBeGreaterThan(0);
      expect(sent((r) => r.path === '/refuse/token' && r.refreshToken === REFRESH.value && r.code === '')).toBeGreaterThan(1);
    } finally {
      await api.dispose();
    }

    // ---- What the other servers were sent, and what the app server printed.
    for (const r of token.requests) sinks.add(`URL the token endpoint received (${r.method})`, r.url);
    for (const r of login.requests) sinks.add(`request the login site received: ${r.method} ${r.url}`, `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`);
    // Give the server a moment to flush anything it prints after answering.
    await new Promise((resolve) => setTimeout(resolve, 200));
    sinks.add('the app server’s output (stdout and stderr)', app.output());

    const matches = await sinks.matches();
    const report = test.info().outputPath('secrets-found.json');
    if (matches.length) writeFileSync(report, JSON.stringify(matches, null, 1));
    expect(matches.length, `Secrets found: ${matches.length} (all of them in ${report})\n${describeMatches(matches.slice(0, 50))}`).toBe(0);
    // The search really looked at something: pages, storage, history, responses, exports and the server's output.
    expect(sinks.count).toBeGreaterThan(200);
  });

  test('a login page and app links files that show the secrets given to /check do not get them into its answer', async () => {
    // /check redacts every event it sends with the secrets it was given, including what these steps quote from pages
    // that were never sent a secret (lib/config-check/run.ts).
    // The developer's own servers know the client secret; a debug page may show it, and codes and tokens with it.
    const leaky = await startEchoLoginSite([SECRET.value, CODE.value, REFRESH.value]);
    const api = await apiRequest.newContext({ baseURL: app.url });
    try {
      const sinks = new Sinks();
      const config = JSON.stringify({
        type: 'AUTH_CODE',
        authorizationUrl: leaky.authorizeUri,
        domains: [],
        clientId: CLIENT_ID,
        accessTokenUrl: token.uri('ok'),
        accessTokenScheme: 'HTTP_BASIC',
        redirectUrls: [leaky.appRedirectUrl],
      });
      for (const browserMode of [false, true]) {
        const response = await api.post('/api/check', {
          data: { config, clientSecret: SECRET.value, code: CODE.value, codeRedirectUri: REDIRECT_URI, refreshToken: REFRESH.value, browser: browserMode },
        });
        const body = await response.text();
        expect(body).toContain('"type":"summary"');
        // The pages really showed them: the check saw the alert, and the package name of the app links file.
        expect(body).toContain(browserMode ? '"id":"login.dialog","status":"fail"' : '"id":"login.dialog","status":"warn"');
        expect(body).toContain('handle_all_urls is granted to');
        sinks.add(`POST /api/check (login page in ${browserMode ? 'browser' : 'static'} mode)`, body);
      }
      const matches = await sinks.matches();
      expect(matches.length, `Secrets found: ${matches.length}\n${describeMatches(matches.slice(0, 50))}`).toBe(0);
    } finally {
      await api.dispose();
      await leaky.close();
    }
  });
  test('the code and the secret echoed in each encoding stay out of /check’s summary, and of a report built from it, its exports and its share link', async () => {
    test.setTimeout(120_000);
    const sinks = new Sinks();
    const api = await apiRequest.newContext({ baseURL: app.url });
    try {
      await Promise.all(
        Object.keys(ECHO_ENCODINGS).map(async (encoding) => {
          const config = JSON.stringify({ type: 'AUTH_CODE', clientId: CLIENT_ID, accessTokenUrl: token.encodedUri(encoding), accessTokenScheme: 'HTTP_BASIC' });
          const response = await api.post('/api/check', { data: { config, clientSecret: SECRET.value, code: CODE.value, codeRedirectUri: REDIRECT_URI } });
          const body = await response.text();
          sinks.add(`POST /api/check, the token endpoint echoing ${encoding}`, body);
          const events = body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CheckEvent);
          const summary = events.find((e): e is Extract<CheckEvent, { type: 'summary' }> => e.type === 'summary');
          // The server's error reached the summary (its quote of error_description searched with the rest).
          expect(summary?.rejected.map((f) => f.id), encoding).toContain('token.oauth-error');

          // What "Carry these results into the support report" keeps, made into a report with its exports.
          const evidence: Evidence[] = events.flatMap((e) =>
            e.type === 'step' && e.step.status === 'done' ? [{ title: `Configuration check: ${e.step.label}`, at: new Date().toISOString(), findings: e.step.findings, elapsedMs: e.step.elapsedMs }] : [],
          );
          const report = redactReport(sampleReport({ evidence }));
          const origin = app.url;
          sinks.add(`report JSON (${encoding})`, renderJson(report));
          sinks.add(`report Markdown (${encoding})`, renderMarkdown(report, { origin }));
          sinks.add(`report plain text (${encoding})`, renderText(report, { origin }));
          sinks.add(`share link (${encoding})`, await shareUrl(origin, report));

          const probe = await api.post('/api/probes/token', {
            data: { tokenUri: token.encodedUri(encoding), clientId: CLIENT_ID, clientSecret: SECRET.value, scheme: 'HTTP_BASIC', grant: { type: 'authorization_code', code: CODE.value, redirectUri: REDIRECT_URI } },
          });
          const probeBody = await probe.text();
          // The exchange shows the answer (its first 8 KiB): the server really echoed them there, and they were redacted.
          const shown = (JSON.parse(probeBody) as { exchange: { response: { body: string } } }).exchange.response.body;
          expect(shown, encoding).toMatch(/"error_description":"[^"]*\[redacted authorization code\][^"]*\[redacted client secret\]/);
          sinks.add(`POST /api/probes/token, the token endpoint echoing ${encoding}`, probeBody);
        }),
      );
    } finally {
      await api.dispose();
    }
    expect(token.received.filter((r) => r.path.startsWith('/encoded/') && r.code === CODE.value && r.secret === SECRET.value).length).toBe(2 * Object.keys(ECHO_ENCODINGS).length);
    const matches = await sinks.matches();
    expect(matches.length, `Secrets found: ${matches.length}\n${describeMatches(matches.slice(0, 50))}`).toBe(0);
  });
  test('Link as Alexa: the password, the client secret and the codes and tokens a real server issued stay out of POST /api/link’s answers, the /link page (with and without JavaScript), the report it is carried into, and the server’s output', async ({ browser }) => {
    // One rehearsal per path a secret takes: typed into a login page, sent to the token endpoint with HTTP Basic (which
    // this server's library does not decode, so the exchange is retried in the body) and in the body, refreshed, reused;
    // a wrong password whose form comes back; a second factor the rehearsal cannot pass on its own.
    test.setTimeout(180_000);
    const sinks = new Sinks();
    const account = { username: USERNAME, password: PASSWORD.value };
    const client = { id: CLIENT_ID, secret: SECRET.value };
    const servers: NodeOAuthServer[] = [];
    const api = await apiRequest.newContext({ baseURL: app.url });
    try {
      const [linking, otherPassword, secondFactor] = await Promise.all([
        startNodeOAuthServer({ account, client, consent: true, refresh: 'rotate-reuse-revokes' }),
        startNodeOAuthServer({ account: { username: USERNAME, password: 'the-server-knows-another-password' }, client, signIn: 'two-step' }),
        startNodeOAuthServer({ account, client, secondFactor: true }),
      ]);
      servers.push(linking!, otherPassword!, secondFactor!);
      // How each run ends: linked, or the first step that broke.
      const runs = [
        { what: 'consent, credentials in the body, rotation with reuse detection', server: linking!, scheme: 'REQUEST_BODY_CREDENTIALS', firstFailure: undefined },
        { what: 'consent, HTTP Basic refused (retried in the body)', server: linking!, scheme: 'HTTP_BASIC', firstFailure: 'exchange' },
        { what: 'a wrong password', server: otherPassword!, scheme: 'REQUEST_BODY_CREDENTIALS', firstFailure: 'sign-in' },
        { what: 'a second factor, no live view', server: secondFactor!, scheme: 'REQUEST_BODY_CREDENTIALS', firstFailure: 'sign-in' },
      ] as const;
      for (const { what, server, scheme, firstFailure } of runs) {
        const response = await api.post('/api/link', { data: { ...linkRequestFor(server), testAccount: account, scheme }, timeout: 120_000 });
        expect(response.status(), what).toBe(200);
        expect(response.headers()['content-type']).toContain('application/x-ndjson');
        sinks.add(`headers of POST /api/link (${what})`, JSON.stringify(response.headers()));
        const body = await response.text();
        sinks.add(`POST /api/link (${what})`, body);
        const result = JSON.parse(body.trim().split('\n').at(-1) ?? '{}') as { type?: string; linked?: boolean; regions?: Array<{ firstFailure?: { step: string } }> };
        expect(result.type, what).toBe('result');
        expect(result.linked, what).toBe(firstFailure === undefined);
        expect(result.regions?.[0]?.firstFailure?.step, `${what}: ${body.slice(-1500)}`).toBe(firstFailure);
      }
      // The runs really reached the servers: codes and tokens were issued, a grant revoked, the wrong password refused once.
      expect(linking!.issued.length, 'codes and tokens issued').toBeGreaterThanOrEqual(8);
      expect(linking!.revokedGrants.length, 'the reused refresh token revoked a grant').toBeGreaterThan(0);
      expect(otherPassword!.refusedSignIns).toBe(1);
      // ---- The /link page, as a person uses it: streamed with JavaScript, then carried into the support report.
      const origin = app.url;
      const context = await browser.newContext({ baseURL: origin });
      sinks.watch(context, 'browser on /link', origin);
      try {
        const page = await context.newPage();
        await page.goto('/link');
        await fillLinkForm(page, linking!);
        await page.getByRole('form', { name: 'Link as Alexa' }).getByRole('button', { name: 'Link as Alexa' }).click();
        await expect(page.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: 90_000 });
        for (const details of await page.locator('details summary').all()) await details.click();
        await snapshot(sinks, page, '/link with the rehearsal streamed');
        await page.getByRole('button', { name: 'Carry this rehearsal into the support report' }).click();
        await expect(page).toHaveURL(/\/report$/);
        await snapshot(sinks, page, '/report carried from /link');
      } finally {
        await context.close();
      }
      const noScript = await browser.newContext({ baseURL: origin, javaScriptEnabled: false });
      sinks.watch(noScript, 'browser on /link without JavaScript', origin);
      try {
        const page = await noScript.newPage();
        await page.goto('/link');
        await fillLinkForm(page, otherPassword!);
        await page.getByRole('form', { name: 'Link as Alexa' }).getByRole('button', { name: 'Link as Alexa' }).click();
        await expect(page.getByRole('region', { name: /^Not linked/ })).toBeVisible({ timeout: 90_000 });
        await snapshot(sinks, page, '/link without JavaScript, a wrong password');
      } finally {
        await noScript.close();
      }
      expect(otherPassword!.refusedSignIns).toBe(2);

      // Refused input answers with messages, never with the input.
      const refused = await api.post('/api/link', { data: { ...linkRequestFor(linking!), clientSecret: `${SECRET.value}\n`, testAccount: { username: USERNAME, password: 'short' }, scheme: SECRET.value } });
      expect(refused.status()).toBe(400);
      sinks.add('POST /api/link with invalid input (HTTP 400)', await refused.text());
    } finally {
      await api.dispose();
      await Promise.all(servers.map((s) => s.close()));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    sinks.add('the app server’s output (stdout and stderr)', app.output());
    // What the server issued is as secret as what it was given: each code and token is a canary too.
    const issued: Canary[] = servers.flatMap((s, i) => s.issued.map((value, j) => ({ name: `code or token ${j + 1} issued by test server ${i + 1}`, value, marker: value.slice(-12) })));
    const matches = await sinks.matches(issued);
    expect(matches.length, `Secrets found: ${matches.length}\n${describeMatches(matches.slice(0, 50))}`).toBe(0);
  });
});
