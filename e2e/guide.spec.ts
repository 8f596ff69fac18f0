import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { canonicalPath, nodeIds, tree, type NodeId } from '@/lib/tree';
import { answerLabel, detourWalk, nodesOfKind, visitRecorded, walkThroughEveryKind } from './tree-walk';

async function expectOnNode(page: Page, id: NodeId) {
  await expect(page).toHaveURL(new RegExp(`/guide/${id}(\\?|$)`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tree[id].title);
}

async function expectBreadcrumbs(page: Page, ids: NodeId[]) {
  const nav = page.getByRole('navigation', { name: 'Your path' });
  // A long path folds its earlier steps into a <details>: open it to see them all.
  for (const details of await nav.locator('details:not([open])').all()) await details.locator('summary').click();
  const crumbs = nav.getByRole('listitem');
  await expect(crumbs).toHaveCount(ids.length);
  for (const [i, id] of ids.entries()) await expect(crumbs.nth(i)).toContainText(tree[id].title);
}

/** Clicks the answer that leads from `from` to `to` (several "No, it still fails" links can share words). */
async function answer(page: Page, from: NodeId, to: NodeId) {
  const article = page.getByRole('main').getByRole('article');
  await article.getByRole('link', { name: answerLabel(from, to) }).and(article.locator(`a[href="/guide/${to}"]`)).click();
  await expectOnNode(page, to);
}

test('the start page lists the guide’s four parts, each with its symptoms', async ({ page }) => {
  await page.goto('/');
  const parts = page.getByRole('region', { name: 'Or go straight to your symptom' }).getByRole('region');
  await expect(parts).toHaveCount(4);
  const start = tree.start;
  if (start.kind !== 'question') throw new Error('start is a question');
  for (const [i, option] of start.options.entries()) {
    const entry = tree[option.next as NodeId];
    const symptoms = parts.nth(i).getByRole('listitem');
    await expect(symptoms).toHaveCount(entry.kind === 'question' ? entry.options.length : 1);
  }
  await parts.nth(1).getByRole('listitem').nth(2).getByRole('link').click();
  await expect(page).toHaveURL(/\/guide\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('walks from the start through a question, a check and a resolution, then on to the next cause', async ({ page }) => {
  const walk = walkThroughEveryKind();
  await page.goto('/');
  await page.getByRole('link', { name: 'Start the step-by-step guide' }).click();
  await expectOnNode(page, 'start');
  for (let i = 1; i < walk.length; i++) {
    await visitRecorded(page, walk[i - 1]!);
    await answer(page, walk[i - 1]!, walk[i]!);
  }

  const resolution = walk.at(-2)!;
  expect(tree[resolution].kind).toBe('resolution');
  await expectBreadcrumbs(page, walk);
  const crumbs = page.getByRole('navigation', { name: 'Your path' });
  await expect(crumbs).toContainText('No, it still fails');

  await crumbs.getByRole('link', { name: 'Back' }).click();
  await expectOnNode(page, resolution);
  await expectBreadcrumbs(page, walk.slice(0, -1));
});

test('a resolution that worked ends the walk with a summary', async ({ page }) => {
  const walk = walkThroughEveryKind();
  const resolution = walk.at(-2)!;
  const node = tree[resolution];
  if (node.kind !== 'resolution') throw new Error('not a resolution');
  await page.goto(`/guide/${resolution}`);
  await page.getByRole('link', { name: 'Yes, linking works now' }).click();
  await expect(page).toHaveURL(new RegExp(`/guide/${resolution}/fixed$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account linking works again');
  await expect(page.getByRole('article')).toContainText(node.title);
  await expect(page.getByRole('article')).toContainText(node.fix[0]!.replace(/`/g, ''));
});

test('a deep link renders a mid-tree step with the shortest path to it', async ({ page }) => {
  const id: NodeId = 'relink-later';
  await page.goto(`/guide/${id}`);
  await expectOnNode(page, id);
  await expectBreadcrumbs(page, canonicalPath(id));
});

test('the walk survives a reload, even when it differs from the shortest path', async ({ page }) => {
  const walk = detourWalk();
  const [resolution, next] = walk.slice(-2) as [NodeId, NodeId];
  await page.goto(`/guide/${resolution}`);
  await expectOnNode(page, resolution);
  await visitRecorded(page, resolution);
  await page.getByRole('link', { name: 'No, it still fails' }).and(page.locator(`a[href="/guide/${next}"]`)).click();
  await expectOnNode(page, next);
  await expectBreadcrumbs(page, walk);
  await page.reload();
  await expectOnNode(page, next);
  await expectBreadcrumbs(page, walk);
  // Only titles and answers are kept, in session storage.
  const stored = await page.evaluate(() => ({
    session: Object.keys(sessionStorage),
    local: Object.keys(localStorage),
    walk: sessionStorage.getItem('link-doctor-diagnosis') ?? '',
  }));
  expect(stored.session).toEqual(['link-doctor-diagnosis']);
  expect(stored.local).toEqual([]);
  expect(stored.walk).toContain(tree[resolution].title);
});

const pasted = [
  'We were unable to link at this time',
  'HTTP 403 Forbidden when calling the skill enablement API',
  '{"message":"Could not contact provider of account linking credentials"}',
];

for (const text of pasted) {
  test(`pasting "${text}" lands on the node that explains it`, async ({ page }) => {
    const target = nodeIds.find((id) =>
      tree[id].symptoms.some((s) => text.toLowerCase().includes(s.toLowerCase().replace(/^"|"$/g, ''))),
    );
    expect(target, `a node lists a symptom found in "${text}"`).toBeDefined();
    await page.goto('/');
    await page.getByLabel('Paste the error message or describe what you see').fill(text);
    await page.getByRole('button', { name: 'Find the step' }).click();
    await expect(page).toHaveURL(new RegExp(`/guide/${target}\\?q=`));
    await expect(page.getByRole('complementary', { name: 'Search result' })).toContainText(text.slice(0, 40));
  });
}

test('a vague search lists near matches instead of guessing', async ({ page }) => {
  await page.goto('/search?q=token%20problem');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search the guide');
  await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
  await page.goto('/search?q=zzzz%20qqqq');
  await expect(page.getByRole('status')).toContainText('No step matches');
});

test('the report step leads to the support report, which shows the path taken', async ({ page }) => {
  const [report] = nodesOfKind('report');
  await page.goto(`/guide/${report}`);
  await visitRecorded(page, report!);
  await page.getByRole('link', { name: 'Prepare the support report' }).click();
  await expect(page).toHaveURL(/\/report$/);
  const path = page.getByRole('region', { name: 'The path you took' });
  await expect(path.getByRole('link', { name: tree[report!].title })).toBeVisible();
});

test('every step works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const walk = walkThroughEveryKind();
  await page.goto('/guide/start');
  for (let i = 1; i < walk.length; i++) await answer(page, walk[i - 1]!, walk[i]!);
  await expectBreadcrumbs(page, canonicalPath(walk.at(-1)!));
  await page.goto('/');
  await page.getByLabel('Paste the error message or describe what you see').fill('401 Unauthorized');
  await page.getByRole('button', { name: 'Find the step' }).click();
  await expect(page).toHaveURL(/\/guide\/[a-z0-9-]+\?q=/);
  await context.close();
});

test('answers can be chosen with the keyboard alone', async ({ page }) => {
  await page.goto('/guide/start');
  const start = tree.start;
  if (start.kind !== 'question') throw new Error('start is a question');
  const first = page.getByRole('link', { name: start.options[0]!.label });
  for (let i = 0; i < 30 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expectOnNode(page, start.options[0]!.next as NodeId);
});

test('node pages carry a title, a description and link-preview metadata', async ({ page }) => {
  const id: NodeId = 'token-exchange';
  await page.goto(`/guide/${id}`);
  await expect(page).toHaveTitle(`${tree[id].title} · Link Doctor`);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', tree[id].summary);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', tree[id].title);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', new RegExp(`/guide/${id}$`));
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/guide/${id}$`));
});

test('every page refuses framing and sniffing, and report pages send no Referer and are not cached', async ({ request }) => {
  for (const path of ['/', '/guide/start', '/probe/token', '/check']) {
    const headers = (await request.get(path)).headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
  }
  for (const path of ['/report', '/triage']) {
    const headers = (await request.get(path)).headers();
    expect(headers['referrer-policy'], path).toBe('no-referrer');
    expect(headers['cache-control'], path).toContain('no-store');
  }
});

test('the sitemap lists every node', async ({ request }) => {
  const xml = await (await request.get('/sitemap.xml')).text();
  for (const id of nodeIds) expect(xml).toContain(`/guide/${id}</loc>`);
});

test('an unknown step says so', async ({ page }) => {
  const response = await page.goto('/guide/no-such-step');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no such step');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('pages fit the screen without sideways scrolling', async ({ page }) => {
    for (const path of ['/', '/guide/start', '/guide/token-exchange', `/guide/${nodesOfKind('resolution')[0]}`]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

test.describe('accessibility', () => {
  const pages = {
    home: '/',
    question: '/guide/start',
    check: `/guide/${nodesOfKind('check')[0]}`,
    resolution: `/guide/${nodesOfKind('resolution')[0]}`,
    fixed: `/guide/${nodesOfKind('resolution')[0]}/fixed`,
    report: `/guide/${nodesOfKind('report')[0]}`,
    'support report': '/report',
    search: '/search?q=token',
    'not found': '/guide/no-such-step',
  };
  for (const [kind, path] of Object.entries(pages)) {
    test(`axe finds no violations on the ${kind} page`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    });
  }
});
