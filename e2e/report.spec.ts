import AxeBuilder from '@axe-core/playwright';
import { inflateSync } from 'node:zlib';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { canonicalPath, tree } from '@/lib/tree';
import { startTokenServer, TEST_CLIENT } from './fixtures/token-servers';
import { answerLabel, visitRecorded } from './tree-walk';

// A canary with every character that encodings change (`+/=&%"\` and a space) as the test account password: redaction
// must find it however it was escaped.
const PASSWORD = 'Canary+/=&% "\\ pw-7Q';
const SECRETS = { 'client secret': TEST_CLIENT.clientSecret, 'authorization code': TEST_CLIENT.code, 'test password': PASSWORD };
const SKILL_ID = 'amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1';

function expectNoSecret(where: string, text: string) {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      expect(text.includes(form), `${name} in ${where}`).toBe(false);
    }
  }
}

async function expectNoSecretLeft(page: Page, context: BrowserContext, where: string) {
  expectNoSecret(`${where}: storage`, await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage })));
  expectNoSecret(`${where}: HTML`, await page.content());
  const cdp = await context.newCDPSession(page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  for (const { url } of entries) {
    expect(new URL(url).search, `query of ${url}`).not.toMatch(/r=/);
    expectNoSecret(`${where}: history`, url);
    const packed = /#r=1\.([A-Za-z0-9_-]+)$/.exec(url)?.[1];
    if (packed) expectNoSecret(`${where}: report in a history entry`, inflateSync(Buffer.from(packed, 'base64url')).toString('utf8'));
  }
  await cdp.detach();
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('a dead end becomes a prefilled report, a case to paste, and a share link that opens the triage view', async ({ browser, context, page }) => {
  // About 20 s on an idle machine; the ceiling leaves room for a loaded CI runner.
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const server = await startTokenServer({ successBody: (json) => ({ ...json, expires_in: 120 }) });
  try {
    // Walk the guide to its dead end: the Contact-us step.
    const walk = canonicalPath('contact-amazon');
    await page.goto('/guide/start');
    for (let i = 1; i < walk.length; i++) {
      await visitRecorded(page, walk[i - 1]!);
      await page.getByRole('main').getByRole('article').getByRole('link', { name: answerLabel(walk[i - 1]!, walk[i]!) }).click();
      await expect(page).toHaveURL(new RegExp(`/guide/${walk[i]}$`));
    }

    // Run the whole-configuration check against a loopback token server, and carry its results over.
    const smapi = JSON.stringify({
      type: 'AUTH_CODE',
      authorizationUrl: 'https://auth.example.com/authorize',
      domains: ['cdn.example.com'],
      clientId: TEST_CLIENT.clientId,
      accessTokenUrl: server.tokenUri,
      accessTokenScheme: 'HTTP_BASIC',
      defaultTokenExpirationInSeconds: 3600,
    });
    await page.goto('/check');
    const check = page.getByRole('form', { name: 'Configuration check' });
    await check.getByLabel('Account linking configuration').fill(smapi);
    await check.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
    await check.getByLabel('A fresh authorization code').fill(TEST_CLIENT.code);
    await check.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
    await check.getByRole('button', { name: 'Check everything' }).click();
    await page.getByRole('button', { name: 'Carry these results into the support report' }).click({ timeout: 20_000 });
    await expect(page).toHaveURL(/\/report$/);

    // The path and the findings are there already.
    const path = page.getByRole('region', { name: 'The path you took' });
    for (const id of walk) await expect(path).toContainText(tree[id].title);
    await expect(page.getByRole('region', { name: 'What the probes found' }).locator('[data-finding="token.expires-in"]')).toContainText('120');

    // Fill in what only the user knows; the configuration comes from the same SMAPI output.
    const form = page.getByRole('form', { name: 'Support report' });
    await form.getByLabel('Skill ID').fill(SKILL_ID);
    await form.getByLabel('Customer ID of the account that failed').fill('A1B2C3D4E5F6G7');
    await expect(form.getByText('Your local time:')).toBeVisible();
    await form.getByLabel('NA (North America)').check();
    await form.getByLabel('Android (Alexa app)').check();
    await form.getByLabel('Alexa app version').fill('2.2.612345.0');
    await form.getByLabel('What happens').fill(`The 'unable to link' page after sign-in. I typed ${PASSWORD} as the password.`);
    await form.getByLabel('Test account user name').fill('tester+1@example.com');
    await form.getByLabel('Test account password').fill(PASSWORD);
    await form.getByLabel('Include the password in the copied text').check();
    await form.getByText('Fill these from ask smapi get-account-linking-info').click();
    await form.getByLabel('Output of ask smapi get-account-linking-info').fill(smapi);
    await form.getByRole('button', { name: 'Fill the configuration fields' }).click();
    await expect(form.getByLabel('Authorization URL')).toHaveValue('https://auth.example.com/authorize');
    await expect(form.getByText('Amazon also needs:')).toHaveCount(0);
    await form.getByRole('button', { name: 'Prepare the report' }).click();

    // Copy the text for Amazon's form: Amazon's order, the password because the user asked for it.
    const outputs = page.getByRole('region', { name: 'Your report' });
    const text = outputs.getByRole('region', { name: 'Plain text for Amazon’s Contact us form' });
    await text.getByRole('button', { name: 'Copy the text' }).click();
    await expect(text.getByRole('status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const order = [`1. Skill ID: ${SKILL_ID}`, 'User name: tester+1@example.com', `Password: ${PASSWORD}`, '3. Customer ID', '4. Date and time', '5. Region(s): NA', '6. Device platform: Android', '7. Alexa app version: 2.2.612345.0', "The 'unable to link' page", 'Authorization URL: https://auth.example.com/authorize', 'Domain List: cdn.example.com', 'Account linking type: Auth code grant', `Access token URI: ${server.tokenUri}`, 'FAIL: ', 'explained at http'];
    let at = -1;
    for (const part of order) {
      expect(copied.indexOf(part, at + 1), part).toBeGreaterThan(at);
      at = copied.indexOf(part, at + 1);
    }
    expect(copied).toContain('I typed [redacted test account password] as the password.');
    await expect(text.locator('pre')).toContainText('Password: •••••••• (added when you copy)');

    const link = await outputs.getByLabel('Share link').inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/triage#r=1\.[A-Za-z0-9_-]+$/);
    expectNoSecret('the share link', link);
    expectNoSecret('the report in the share link', inflateSync(Buffer.from(link.split('#r=1.')[1]!, 'base64url')).toString('utf8'));
    await expectNoSecretLeft(page, context, '/report');
    await expectAccessible(page);

    // Support opens the link in a browser that has never seen any of this.
    const fresh = await browser.newContext();
    try {
      const triage = await fresh.newPage();
      const response = await triage.goto(link);
      expect(response?.headers()['referrer-policy']).toBe('no-referrer');
      expect(response?.headers()['cache-control']).toContain('no-store');
      const cause = triage.getByRole('region', { name: 'Most likely cause' });
      await expect(cause.locator('[data-finding]')).toHaveAttribute('data-finding', 'token.expires-in');
      await expect(cause).toContainText('120');
      await expect(cause.getByRole('link', { name: tree['token-lifetime-too-short'].title })).toBeVisible();
      await expect(triage.getByRole('region', { name: 'What Amazon still needs' })).toContainText('Every item of Amazon’s Contact us list is there.');
      await expect(triage.getByRole('region', { name: 'The path the user took' })).toContainText(tree['contact-amazon'].title);
      await expect(triage.getByRole('region', { name: 'The case' })).toContainText(SKILL_ID);

      await triage.getByRole('button', { name: 'Re-run the checks that need no secret' }).click();
      const rerun = triage.getByRole('region', { name: 'Check the configuration again' });
      await expect(rerun.getByText(/^Re-ran: The configuration itself/)).toBeVisible({ timeout: 15_000 });
      await expect(rerun).toContainText('Not run: Access token URI');
      await expectNoSecretLeft(triage, fresh, '/triage');
      await expectAccessible(triage);
    } finally {
      await fresh.close();
    }
  } finally {
    await server.close();
  }
});

test('the triage view explains a damaged link and opens a pasted report', async ({ page }) => {
  await page.goto('/triage#r=1.AAAA');
  const refused = page.getByRole('main').getByRole('alert');
  await expect(refused).toContainText('This share link is damaged');
  await page.goto('/triage#r=2.AAAA');
  await expect(refused).toContainText('share format 2');
  await page.goto('/triage');
  await page.getByRole('textbox', { name: 'The report: JSON, Markdown, the text for Amazon, or a share link' }).fill('{"schemaVersion": 1, "createdAt": "2026-11-24T14:05:00.000Z", "skillId": "amzn1.ask.skill.nope"}');
  await page.getByRole('button', { name: 'Open the report' }).click();
  await expect(refused).toContainText('Skill ID: The skill ID looks like amzn1.ask.skill.<uuid>');
  await page.getByRole('textbox', { name: 'The report: JSON, Markdown, the text for Amazon, or a share link' }).fill('{"schemaVersion": 1, "createdAt": "2026-11-24T14:05:00.000Z"}');
  await page.getByRole('button', { name: 'Open the report' }).click();
  await expect(page.getByRole('region', { name: 'Most likely cause' })).toContainText('no probe results');
  await expect(page.getByRole('region', { name: 'What Amazon still needs' })).toContainText('The skill ID');
});

test('what the user typed survives a reload, the password does not, and the prepared report follows each edit', async ({ page }) => {
  await page.goto('/report');
  const form = page.getByRole('form', { name: 'Support report' });
  await form.getByLabel('Skill ID').fill(SKILL_ID);
  await form.getByLabel('Test account password').fill(PASSWORD);
  await form.getByLabel('What happens').fill(`Blank page; my password is ${PASSWORD}`);
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis') ?? '')).toContain(SKILL_ID);
  expectNoSecret('the session draft', await page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis') ?? ''));

  await page.reload();
  await expect(form.getByLabel('Skill ID')).toHaveValue(SKILL_ID);
  await expect(form.getByLabel('Test account password')).toHaveValue('');
  await expect(form.getByLabel('What happens')).toHaveValue('Blank page; my password is [redacted test account password]');

  await form.getByLabel('Skill ID').fill('amzn1.ask.skill.oops');
  await form.getByRole('button', { name: 'Prepare the report' }).click();
  await expect(form.getByText('The skill ID looks like amzn1.ask.skill.<uuid>')).toBeVisible();
  await expect(form.getByLabel('Skill ID')).toBeFocused();
  await form.getByLabel('Skill ID').fill(SKILL_ID);
  await form.getByRole('button', { name: 'Prepare the report' }).click();
  const text = page.locator('pre[data-output="text"]');
  await expect(text).toContainText(`1. Skill ID: ${SKILL_ID}`);
  await form.getByLabel('Alexa app version').fill('2.2.999');
  await expect(text).toContainText('7. Alexa app version: 2.2.999');
});

test('the report works on a 375 px phone', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  try {
    const page = await phone.newPage();
    for (const path of ['/report', '/triage']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('button').first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal scroll on ${path}`).toBeLessThanOrEqual(0);
    }
  } finally {
    await phone.close();
  }
});
