import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { tree } from '@/lib/tree';
import { startNodeOAuthServer, testRedirectUri } from './fixtures/link-servers';
import { startTokenServer, TEST_CLIENT, type TokenServer } from './fixtures/token-servers';
import { fillLinkForm } from './link-form';
import { answerLabel } from './tree-walk';

// Every result reaches the report without a button: a probe on a guide step, on a /probe page, /check and the
// rehearsal; the text for Amazon carries the share link support opens. Against loopback servers only.

/** The authorization URI's port, as the configuration check and the login page probe each name it. */
const PORT_FINDINGS = '[data-finding="config.authorization-url-port"], [data-finding="login.port"]';

const servers: { close(): Promise<void> | void }[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function tokenServer(options: Parameters<typeof startTokenServer>[0] = {}): Promise<TokenServer> {
  const server = await startTokenServer(options);
  servers.push(server);
  return server;
}

async function runTokenProbe(page: Page, tokenUri: string): Promise<Locator> {
  const form = page.getByRole('form', { name: 'Token probe' });
  await form.getByLabel('Access token URI').fill(tokenUri);
  await form.getByLabel('Client ID').fill(TEST_CLIENT.clientId);
  await form.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await form.getByLabel('Authorization code', { exact: true }).fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await form.getByRole('button', { name: 'Run the check' }).click();
  const finding = page.locator('.probe-result [data-finding="token.expires-in"]');
  await expect(finding).toBeVisible({ timeout: 20_000 });
  return finding;
}

/** Opens the report through the site's own navigation, as a user would, and prepares it. */
async function prepareReport(page: Page): Promise<{ text: Locator; link: string }> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  await page.getByRole('form', { name: 'Support report' }).getByRole('button', { name: 'Prepare the report' }).click();
  const text = page.locator('pre[data-output="text"]');
  // The link comes into the text once it is packed.
  await expect(text).toContainText('/triage#r=1.', { timeout: 10_000 });
  const link = /https?:\/\/\S+\/triage#r=1\.[A-Za-z0-9_-]+/.exec((await text.textContent()) ?? '')?.[0];
  expect(link, 'a share link in the text for Amazon').toBeTruthy();
  return { text, link: link! };
}

/** Support opens the link from the text in a browser that has seen nothing of this. */
async function openAsSupport(browser: Browser, link: string, check: (triage: Page) => Promise<void>) {
  const fresh = await browser.newContext();
  try {
    const triage = await fresh.newPage();
    await triage.goto(link);
    await expect(triage.getByRole('region', { name: 'Most likely cause' })).toBeVisible();
    await check(triage);
  } finally {
    await fresh.close();
  }
}

test('a guide step’s probe, a /probe page, /check and the rehearsal all reach the report, its text and its link', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const short = await tokenServer({ successBody: (json) => ({ ...json, expires_in: 300 }) });
  const checked = await tokenServer({ successBody: (json) => ({ ...json, expires_in: 120 }), delayMs: 2500 });

  // 1. The token probe on a guide step.
  await page.goto('/guide/token-exchange');
  await page.getByText('Run the check here', { exact: true }).click();
  const guideFinding = await runTokenProbe(page, short.tokenUri);
  const guideTitle = (await guideFinding.locator('.finding-head strong').textContent())!;

  // 2. A check on its own /probe page, twice on the same page address: the report keeps the latest run only.
  await page.goto('/probe/final-url');
  const ended = 'https://skills-store.amazon.com/external/link-result?success=false&errorKey=missing-state';
  await page.getByLabel('Address of the page where linking ended').fill(ended);
  await page.getByRole('button', { name: 'Run the check' }).click();
  const finalFinding = page.locator('.probe-result [data-finding="final.page"]');
  await expect(finalFinding).toBeVisible({ timeout: 15_000 });
  const finalTitle = (await finalFinding.locator('.finding-head strong').textContent())!;
  const runsOf = (probe: string) => page.evaluate((p) => (JSON.parse(sessionStorage.getItem('link-doctor-diagnosis') ?? '{}').state?.evidence ?? []).filter((e: { probe?: string }) => e.probe === p).length, probe);
  await expect.poll(() => runsOf('final-url')).toBe(1);
  const firstAt = await page.evaluate(() => JSON.parse(sessionStorage.getItem('link-doctor-diagnosis')!).state.evidence[0].at as string);
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect.poll(() => page.evaluate(() => JSON.parse(sessionStorage.getItem('link-doctor-diagnosis')!).state.evidence[0].at as string)).not.toBe(firstAt);
  expect(await runsOf('final-url')).toBe(1);
  expect(await runsOf('token')).toBe(1);

  // 3. /check, whose token step is slow: the configuration's own step shows first, its guide steps named by title
  // while the check still streams; the port problem it shares with the login page probe is listed once.
  await page.goto('/check');
  const check = page.getByRole('form', { name: 'Configuration check' });
  await check.getByLabel('Account linking configuration').fill(
    JSON.stringify({
      type: 'AUTH_CODE',
      authorizationUrl: 'https://localhost:9/authorize',
      domains: [],
      clientId: TEST_CLIENT.clientId,
      accessTokenUrl: checked.tokenUri,
      accessTokenScheme: 'HTTP_BASIC',
      defaultTokenExpirationInSeconds: 300,
    }),
  );
  await check.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await check.getByLabel('A fresh authorization code').fill(TEST_CLIENT.code);
  await check.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await check.getByRole('button', { name: 'Check everything' }).click();
  const configStep = page.getByRole('region', { name: /The configuration itself/ });
  const lifetime = configStep.locator('[data-finding="config.token-expiration"]');
  await expect(lifetime).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: /What Alexa would reject/ })).toHaveCount(0);
  await expect(lifetime.getByRole('link')).toHaveText(tree['token-lifetime-too-short'].title);
  const rejected = page.getByRole('region', { name: /What Alexa would reject/ });
  await expect(rejected).toBeVisible({ timeout: 20_000 });
  await expect(rejected.locator(PORT_FINDINGS)).toHaveCount(1);
  await expect(page.locator('.check-step').locator(PORT_FINDINGS)).toHaveCount(1);
  for (const link of await page.locator('.check-results .finding-node a').allTextContents()) expect(link).not.toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);

  // 4. The rehearsal, against a real OAuth server that allows North America's redirect URL only.
  const oauth = await startNodeOAuthServer({ redirectUris: [testRedirectUri('NA')] });
  servers.push(oauth);
  await page.goto('/link');
  const linkForm = await fillLinkForm(page, oauth, { regions: ['North America', 'Europe'] });
  await linkForm.getByRole('button', { name: 'Link as Alexa' }).click();
  await expect(page.getByRole('region', { name: 'Not linked in 1 of 2 regions.' })).toBeVisible({ timeout: 90_000 });

  // No button pressed: everything is in the report already.
  const { text, link } = await prepareReport(page);
  const found = page.getByRole('region', { name: 'What the probes found' });
  await expect(found.getByRole('region', { name: `Access token URI probe: ${short.tokenUri}` })).toHaveCount(1);
  await expect(found.getByRole('region', { name: /^Where linking ended: skills-store\.amazon\.com/ })).toBeVisible();
  await expect(found.getByRole('region', { name: 'Configuration check: Access token URI' }).locator('[data-finding="token.expires-in"]')).toContainText('120');
  await expect(found.getByRole('region', { name: /^Link as Alexa: linked in North America/ })).toBeVisible();
  // Each finding names the step of the guide that explains it by its title, never by its id.
  for (const name of await found.locator('.finding-node a').allTextContents()) expect(Object.keys(tree)).not.toContain(name);
  await expect(found.locator(PORT_FINDINGS)).toHaveCount(1);

  for (const title of [guideTitle, finalTitle, 'Configuration check: Access token URI', 'Link as Alexa']) await expect(text).toContainText(title);
  // The port once in the text too.
  expect(((await text.textContent()) ?? '').match(/^\s*- (FAIL|WARNING): .*uses port 9\b/gm)).toHaveLength(1);

  await page.screenshot({ path: test.info().outputPath('report-1280.png'), fullPage: true });
  await writeFile(test.info().outputPath('text-for-amazon.txt'), (await text.textContent()) ?? '');
  await openAsSupport(browser, link, async (triage) => {
    for (const title of [guideTitle, finalTitle]) await expect(triage.getByText(title, { exact: true }).first()).toBeVisible();
    await expect(triage.locator('[data-finding="token.expires-in"]').first()).toBeVisible();
    await expect(triage.locator(PORT_FINDINGS)).toHaveCount(1);
  });
});

test('on a phone: from a guide step, the token probe’s finding is in the report support opens from the link in the text', async ({ browser }) => {
  test.setTimeout(90_000);
  const server = await tokenServer({ successBody: (json) => ({ ...json, expires_in: 300 }) });
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const page = await phone.newPage();
    // The developer lands on the grant-type question (from a pasted error), answers it, and runs the check there.
    await page.goto('/guide/grant-type');
    await page.getByRole('main').getByRole('article').getByRole('link', { name: answerLabel('grant-type', 'token-exchange') }).click();
    await expect(page).toHaveURL(/\/guide\/token-exchange$/);
    await page.getByText('Run the check here', { exact: true }).click();
    const finding = await runTokenProbe(page, server.tokenUri);
    const title = (await finding.locator('.finding-head strong').textContent())!;
    await page.screenshot({ path: test.info().outputPath('guide-probe-390.png'), fullPage: true });

    const { text, link } = await prepareReport(page);
    await expect(text).toContainText(title);
    // The grant type answered in the guide is already in the report's configuration.
    await expect(page.getByLabel('Account linking type (authorization grant type)')).toHaveValue('AUTH_CODE');
    await expect(text).toContainText('Account linking type: Auth code grant');
    // …and the token URI the probe called.
    await expect(page.getByRole('textbox', { name: 'Access token URI' })).toHaveValue(server.tokenUri);
    const width = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(width).toBeLessThanOrEqual(1);
    await page.screenshot({ path: test.info().outputPath('report-390.png'), fullPage: true });

    await openAsSupport(browser, link, async (triage) => {
      const cause = triage.getByRole('region', { name: 'Most likely cause' });
      await expect(cause.locator('[data-finding="token.expires-in"]')).toContainText(title);
      await expect(cause.getByRole('link', { name: tree['token-lifetime-too-short'].title })).toBeVisible();
    });
  } finally {
    await phone.close();
  }
});

test('/triage opens the text for Amazon as downloaded (.txt), and says what is missing in proper names', async ({ page }) => {
  test.setTimeout(60_000);
  const server = await tokenServer({ successBody: (json) => ({ ...json, expires_in: 300 }) });
  await page.goto('/probe/token');
  const finding = await runTokenProbe(page, server.tokenUri);
  const title = (await finding.locator('.finding-head strong').textContent())!;
  await prepareReport(page);
  // With JavaScript the note for browsers without it stays hidden.
  await expect(page.getByText('The support report needs JavaScript.')).toBeHidden();
  await expect(page.getByText(/^Still missing for Amazon:/)).toContainText('Skill ID; ');
  await expect(page.getByText(/^Still missing for Amazon:/)).toContainText('Alexa app version');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download .txt' }).click();
  const txt = await readFile((await (await downloading).path())!, 'utf8');
  expect(txt).toContain(title);

  await page.goto('/triage');
  await page.getByRole('textbox', { name: 'The report: JSON, Markdown, the text for Amazon, or a share link' }).fill(txt);
  await page.getByRole('button', { name: 'Open the report' }).click();
  await expect(page.getByText('opened from the text for Amazon')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Most likely cause' }).locator('[data-finding="token.expires-in"]')).toContainText(title);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('/report says plainly that it needs JavaScript, and what works without it, instead of loading forever', async ({ page }) => {
    await page.goto('/report');
    await expect(page.getByText('The support report needs JavaScript.')).toBeVisible();
    await expect(page.getByText(/Loading/).filter({ visible: true })).toHaveCount(0);
    for (const name of ['check your whole configuration', 'the triage page']) await expect(page.getByRole('link', { name })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('report-nojs.png'), fullPage: true });
  });
});
