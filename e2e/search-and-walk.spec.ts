import { expect, test, type Page, type Route } from '@playwright/test';
import { SEARCH_QUERIES } from '@/content/search-queries';
import { canonicalPath, tree, type NodeId } from '@/lib/tree';
import { answerLabel, visitRecorded } from './tree-walk';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** One query of each kind from the table, and Alexa's own message with a skill name in it. */
const SAMPLE = [
  SEARCH_QUERIES[0]!,
  ...(['guide', 'oauth', 'http', 'browser', 'provider', 'plain'] as const).flatMap((from) =>
    SEARCH_QUERIES.filter((q) => q.from === from).slice(1, 3),
  ),
];

/** Where a search went: straight to a step, or the results page with the step listed first. */
async function expectFound(page: Page, step: NodeId) {
  await page.waitForURL(/\/(guide\/[a-z0-9-]+\?q=|search\?q=)/);
  if (new URL(page.url()).pathname === '/search') {
    await expect(page.getByRole('main').getByRole('listitem').first().getByRole('link')).toHaveAttribute('href', `/guide/${step}`);
  } else {
    await expect(page).toHaveURL(new RegExp(`/guide/${step}\\?q=`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tree[step].title);
  }
}

async function search(page: Page, query: string) {
  await page.getByLabel('Paste the error message or describe what you see').fill(query);
  await page.getByLabel('Paste the error message or describe what you see').press('Enter');
}

test.describe('search on a phone', () => {
  test.use(PHONE);

  for (const { query, step } of SAMPLE) {
    test(`Enter in the search box: "${query}" reaches ${step}`, async ({ page }) => {
      await page.goto('/');
      await search(page, query);
      await expectFound(page, step);
    });
  }

  test('Enter searches without JavaScript too', async ({ browser }) => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await search(page, 'We were unable to link Kitchen Helper at this time. Please try again later.');
    await expectFound(page, 'grant-type');
    await context.close();
  });
});

test('landing on a step from search records no answer the user never gave', async ({ page }) => {
  // A walk that could reach the found step in one answer: relink-later is an option of general-symptoms.
  await page.goto('/guide/start');
  await page.getByRole('link', { name: 'Linking from the Alexa app (general issues)' }).click();
  await expect(page).toHaveURL(/\/guide\/general-symptoms$/);
  await page.goto('/search?q=users%20have%20to%20relink%20every%20day');
  await expect(page).toHaveURL(/\/guide\/relink-later\?q=/);
  const nav = page.getByRole('navigation', { name: 'Your path' });
  await expect(nav.getByRole('link', { name: tree['general-symptoms'].title })).toBeVisible();
  await expect(nav.locator('.answer')).toHaveCount(0);
  const stored = await page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis') ?? '');
  expect(JSON.parse(stored).state.path.at(-1).id).toBe('relink-later');
  expect(stored).not.toContain('"answer"');
});

test('an answer clicked before its page has its scripts still joins the walk', async ({ page }) => {
  // grant-type's scripts are held, so the click on its answer is an ordinary page load with nothing recorded before it.
  const held: Route[] = [];
  const scripts = '**/_next/static/**/*.js';
  await page.route(scripts, (route) => (route.request().headers()['referer']?.endsWith('/guide/grant-type') ? void held.push(route) : route.continue()));
  await page.goto('/guide/grant-type', { waitUntil: 'domcontentloaded' });
  await expect.poll(() => held.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis'))).toBeNull();
  await page.getByRole('main').getByRole('article').locator('a[href="/guide/token-exchange"]').first().click();
  await expect(page).toHaveURL(/\/guide\/token-exchange$/);
  await page.unroute(scripts);
  await Promise.all(held.map((route) => route.abort().catch(() => {})));

  const nav = page.getByRole('navigation', { name: 'Your path' });
  await expect(nav.locator('.answer')).toHaveText('Auth Code Grant (authorization code)');
  const stored = JSON.parse((await page.evaluate(() => sessionStorage.getItem('link-doctor-diagnosis'))) ?? '{}');
  expect(stored.state.path.map((step: { id: string }) => step.id)).toEqual(['start', 'general-symptoms', 'grant-type', 'token-exchange']);
  expect(stored.state.path.at(-1).answer).toBe('Auth Code Grant (authorization code)');

  // The page that was loaded speaks for the load only. On to a step that grant-type also leads to, by client-side
  // navigation: the walk goes on from this step.
  const article = page.getByRole('main').getByRole('article');
  await article.locator('a[href="/guide/implicit-redirect-check"]').first().click();
  await expect(page).toHaveURL(/\/guide\/implicit-redirect-check$/);
  await expect(nav.locator('.answer').last()).toHaveText('The skill actually uses the implicit grant');
  await expect(nav.getByRole('link', { name: tree['token-exchange'].title })).toBeVisible();

  // Back at the address that was loaded, by another way (Google as the provider): the answer given on the way counts.
  await nav.getByRole('link', { name: 'Start over' }).click();
  const toGoogle = canonicalPath('google-provider');
  for (const [i, to] of [...toGoogle.slice(1), 'token-exchange' as const].entries()) {
    await visitRecorded(page, toGoogle[i]!);
    await article.locator(`a[href="/guide/${to}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/guide/${to}$`));
  }
  await visitRecorded(page, 'token-exchange');
  await expect(nav.locator('.answer').last()).toHaveText(answerLabel('google-provider', 'token-exchange'));
});

/** Follows the walk by clicking, one link per step; `to` is each step's target. */
async function walk(page: Page, ids: NodeId[]) {
  await page.goto(`/guide/${ids[0]}`);
  for (const [i, to] of ids.slice(1).entries()) {
    await visitRecorded(page, ids[i]!);
    await page.getByRole('main').getByRole('article').locator(`a[href="/guide/${to}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/guide/${to}$`));
  }
  await visitRecorded(page, ids.at(-1)!);
}

test.describe('on a 390 px phone', () => {
  test.use(PHONE);

  test('nine steps deep, the breadcrumb folds and the heading is on the first screen', async ({ page }) => {
    const deep: NodeId[] = [
      'start',
      'general-symptoms',
      'grant-type',
      'token-exchange',
      'token-server-error',
      'token-response-time',
      'tip-no-popups',
      'tip-https-ca',
      'tip-200-ok',
      'tip-client-auth',
    ];
    await walk(page, deep);
    const nav = page.getByRole('navigation', { name: 'Your path' });
    await expect(nav.locator('summary')).toHaveText(`${deep.length - 2} earlier steps`);
    await expect(nav.getByRole('link', { name: tree['tip-200-ok'].title })).toBeVisible();
    const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect(heading!.y + heading!.height).toBeLessThanOrEqual(844);
    // The folded steps open without losing the path.
    await nav.locator('summary').click();
    await expect(nav.getByRole('link', { name: tree['grant-type'].title })).toBeVisible();
  });
});

test.describe('"No, it still fails" follows the answers', () => {
  test('after the authorization code grant: AcceptGrant only when the user says smart home, never the implicit fragment', async ({ page }) => {
    await walk(page, ['start', 'general-symptoms', 'grant-type', 'token-exchange', 'token-server-error']);
    const answers = page.getByRole('region', { name: 'Did this fix it?' });
    await expect(answers.getByRole('link', { name: 'No, it still fails: a smart home skill' })).toHaveAttribute('href', '/guide/accept-grant-response');
    const onward = answers.getByRole('link', { name: /Not a smart home skill/ });
    await expect(onward).toHaveAttribute('href', '/guide/token-response-time');
    await onward.click();
    await expect(page).toHaveURL(/\/guide\/token-response-time$/);
    await page.getByRole('region', { name: 'Did this fix it?' }).getByRole('link', { name: 'No, it still fails' }).click();
    await expect(page).toHaveURL(/\/guide\/tip-no-popups$/);
    const fromPopups = page.getByRole('region', { name: 'Did this fix it?' }).getByRole('link', { name: /No, it still fails/ });
    await expect(fromPopups).toHaveCount(1);
    await expect(fromPopups).toHaveAttribute('href', '/guide/tip-https-ca');
  });

  test('from "Return the token as JSON" it goes on to the requirements not checked yet, not to Contact Amazon', async ({ page }) => {
    await walk(page, ['start', 'general-symptoms', 'still-not-working', 'tip-json-not-params']);
    const onward = page.getByRole('region', { name: 'Did this fix it?' }).getByRole('link', { name: /No, it still fails/ });
    await expect(onward).toHaveCount(1);
    await expect(onward).toHaveAttribute('href', '/guide/tip-no-popups');
  });

  test('without JavaScript, a static page offers each case as its own link', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/guide/tip-no-popups');
    const answers = page.getByRole('region', { name: 'Did this fix it?' });
    await expect(answers.getByRole('link', { name: 'No, it still fails: implicit grant' })).toHaveAttribute('href', '/guide/tip-implicit-fragment');
    await expect(answers.getByRole('link', { name: /Authorization code grant\. Next/ })).toHaveAttribute('href', '/guide/tip-https-ca');
    await context.close();
  });
});

test('code in answers and in the path shows as code, and the guide’s root says what it covers', async ({ page }) => {
  await walk(page, ['start', 'general-symptoms', 'relink-later', 'token-lifetime-too-short']);
  const nav = page.getByRole('navigation', { name: 'Your path' });
  await expect(nav.locator('code', { hasText: 'expires_in' })).toBeVisible();
  await expect(nav).not.toContainText('`');
  await page.goto('/guide/relink-later');
  const article = page.getByRole('main').getByRole('article');
  await expect(article.getByRole('link', { name: /expires_in or the console default/ }).locator('code')).toHaveText('expires_in');
  await expect(article).not.toContainText('`');
  await page.goto('/guide/start');
  await expect(page.locator('.eyebrow')).not.toHaveText('Linking from the Alexa app');
  await expect(page.locator('.eyebrow')).toContainText('every kind of account linking');
});
