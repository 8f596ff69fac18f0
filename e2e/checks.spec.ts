import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { tree, type NodeId } from '@/lib/tree';
import { PROBE_IDS, PROBES } from '@/lib/probes/catalog';

// The checks keep no state between runs, so every test can run alongside the others.
test.describe.configure({ mode: 'parallel' });

// Samples of pasted input, good and bad, for the three checks that need no network.
const SKILL = 'amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1';
const AMAZON_TOKEN = 'Atza|IwEBIcanaryAmazonAccessToken0123456789';
const AUTH_CODE = 'canary-own-server-code-7f3a9c';
const IMPLICIT_TOKEN = '2YotnFZFEjr1zCsicMWpAA';

const enablementCurl = (scheme = 'Bearer') => `curl -X POST \\
  'https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement' \\
  -H 'Authorization: ${scheme} ${AMAZON_TOKEN}' \\
  -H "Content-Type: application/json" \\
  --data-raw '{"stage":"live","accountLinkRequest":{"redirectUri":"https://example.com/app/redirect","authCode":"${AUTH_CODE}","type":"AUTH_CODE"}}'`;

const acceptGrantResponse = (payloadVersion: unknown = '3') =>
  JSON.stringify(
    {
      event: {
        header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', payloadVersion, messageId: '5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4' },
        payload: {},
      },
    },
    null,
    2,
  );

interface CheckCase {
  probe: 'implicit-redirect' | 'final-url' | 'enablement-request' | 'accept-grant' | 'provider-quirks';
  form: string;
  button: string;
  /** Label of the main field, its value for each sample, and the error it shows when left empty. */
  field: string;
  emptyError: string;
  extra?: Record<string, string>;
  good: string;
  accepted: RegExp;
  /** The verdict's heading for the bad sample; default: "… would reject this". */
  rejected?: RegExp;
  bad: { value: string; extra?: Record<string, string>; finding: string; evidence: string[]; node: NodeId };
  api: { good: Record<string, unknown>; malformed: Record<string, unknown>; extraField: string };
}

const CHECKS: CheckCase[] = [
  {
    probe: 'implicit-redirect',
    form: 'Implicit grant redirect check',
    button: 'Run the check',
    field: 'Redirect URL your server sends the user to',
    emptyError: 'Paste the URL your server redirects the user to.',
    good: `https://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=AAAAAAAAAAAAAA#state=xyz&access_token=${IMPLICIT_TOKEN}&token_type=Bearer`,
    extra: { 'State Alexa sent (optional)': 'xyz' },
    accepted: /^Alexa would accept this redirect\.$/,
    bad: {
      value: `https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F?state=xyz&access_token=${IMPLICIT_TOKEN}&token_type=Bearer`,
      finding: 'implicit.query',
      evidence: ['The query string carries state, access_token and token_type', 'access_token=2Yot…', 'state='],
      node: 'tip-implicit-fragment',
    },
    api: {
      good: { redirectUrl: `https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F#state=a&access_token=${IMPLICIT_TOKEN}&token_type=Bearer` },
      malformed: { redirectUrl: 42 },
      extraField: 'params',
    },
  },
  {
    probe: 'final-url',
    form: 'Where linking ended',
    button: 'Run the check',
    field: 'Address of the page where linking ended',
    emptyError: 'Paste the address of the page where linking ended.',
    good: `https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F?state=A2SAAEAE&code=${AUTH_CODE}`,
    accepted: /^Nothing here says linking failed\.$/,
    rejected: /^Linking failed here/,
    bad: {
      value: 'https://skills-store.amazon.com/external/link-result?success=false&errorKey=missing-state',
      finding: 'final.page',
      evidence: ['Linking failed (errorKey=missing-state)', 'success=false'],
      node: 'state-not-returned',
    },
    api: { good: { finalUrl: 'https://skills-store.amazon.com/external/link-result?success=true' }, malformed: { finalUrl: 42 }, extraField: 'kind' },
  },
  {
    probe: 'enablement-request',
    form: 'Skill Enablement API request check',
    button: 'Run the check',
    field: 'The request your app or server sends',
    emptyError: 'Paste the request: a curl command or the raw HTTP request.',
    good: enablementCurl(),
    accepted: /^Amazon would accept this request\.$/,
    bad: {
      value: enablementCurl('bearer'),
      extra: { 'HTTP status Amazon answered (optional)': '400' },
      finding: 'enablement.bearer',
      evidence: ['"bearer" is not title case', 'The Authorization header starts with "bearer "'],
      node: 'enablement-bearer-case',
    },
    api: { good: { request: enablementCurl(), observedStatus: 201 }, malformed: { observedStatus: 400 }, extraField: 'request' },
  },
  {
    probe: 'accept-grant',
    form: 'AcceptGrant response check',
    button: 'Run the check',
    field: 'Your skill’s response to AcceptGrant',
    emptyError: "Paste your skill's JSON response to AcceptGrant.",
    good: acceptGrantResponse(),
    accepted: /^Alexa would accept this response\.$/,
    bad: {
      value: acceptGrantResponse(3),
      finding: 'accept-grant.payload-version',
      evidence: ['payloadVersion is the number 3, not the string "3"', 'the number 3'],
      node: 'accept-grant-response',
    },
    api: { good: { response: acceptGrantResponse() }, malformed: { response: ['not', 'text'] }, extraField: 'kind' },
  },
  {
    probe: 'provider-quirks',
    form: 'OAuth provider rules check',
    button: 'Run the check',
    field: 'Authorization URI',
    emptyError: 'Enter the authorization URI, the access token URI, or both.',
    good: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent',
    accepted: /^Nothing here that Alexa would reject\.$/,
    bad: {
      value: 'https://github.com/login/oauth/authorize',
      extra: { 'Access token URI': 'https://github.com/login/oauth/access_token' },
      finding: 'provider.github.token-format',
      evidence: ['The token URI is GitHub’s (github.com), which answers form-encoded, not JSON', 'parameter string'],
      node: 'tip-json-not-params',
    },
    api: {
      good: { authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent' },
      malformed: { authorizationUri: 42 },
      extraField: 'providers',
    },
  },
];

async function runCheck(form: Locator, check: CheckCase, value: string, extra: Record<string, string> = {}) {
  await form.getByLabel(check.field).fill(value);
  for (const [label, text] of Object.entries(extra)) await form.getByLabel(label).fill(text);
  await form.getByRole('button', { name: check.button }).click();
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

for (const check of CHECKS) {
  test.describe(`/probe/${check.probe}`, () => {
    test('a good sample passes; a bad one shows its failing finding with the evidence and the step that explains it', async ({ page }) => {
      await page.goto(`/probe/${check.probe}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const form = page.getByRole('form', { name: check.form });

      await runCheck(form, check, check.good, check.extra);
      await expect(page.getByRole('heading', { level: 3, name: check.accepted })).toBeVisible();
      await expect(page.locator('.finding-fail')).toHaveCount(0);

      await runCheck(form, check, check.bad.value, check.bad.extra);
      await expect(page.getByRole('heading', { level: 3, name: check.rejected ?? /would reject this/ })).toBeVisible();
      const finding = page.locator(`[data-finding="${check.bad.finding}"]`);
      await expect(finding).toContainText('Fail');
      for (const evidence of check.bad.evidence) await expect(finding).toContainText(evidence);
      await expectNoAxeViolations(page);

      await finding.getByRole('link', { name: tree[check.bad.node].title }).click();
      await expect(page).toHaveURL(new RegExp(`/guide/${check.bad.node}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(tree[check.bad.node].title);
    });

    test('empty input gets field errors in the form, and nothing is sent', async ({ page }) => {
      await page.goto(`/probe/${check.probe}`);
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(r.url());
      });
      const form = page.getByRole('form', { name: check.form });
      await form.getByRole('button', { name: check.button }).click();
      await expect(form.getByText(check.emptyError)).toBeVisible();
      await expect(form.getByLabel(check.field)).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('.probe-result')).toHaveCount(0);
      expect(posts).toEqual([]);
    });

    test(`POST /api/probes/${check.probe} answers 200, 400 and 415`, async ({ request }) => {
      const url = `/api/probes/${check.probe}`;
      const good = await request.post(url, { data: check.api.good });
      expect(good.status()).toBe(200);
      expect(good.headers()['cache-control']).toBe('no-store');
      const json = await good.json();
      expect(json).toMatchObject({ probe: check.probe, ok: true });
      expect(json.findings.length).toBeGreaterThan(0);
      expect(json.findings[0]).toMatchObject({ id: expect.any(String), status: expect.any(String), node: expect.any(String) });
      expect(json).toHaveProperty(check.api.extraField);

      const malformed = await request.post(url, { data: check.api.malformed });
      expect(malformed.status()).toBe(400);
      const error = (await malformed.json()).error;
      expect(error.code).toBe('invalid_input');
      expect(error.issues.length).toBeGreaterThan(0);
      const notJsonBody = await request.post(url, { data: '{oops', headers: { 'content-type': 'application/json' } });
      expect(notJsonBody.status()).toBe(400);

      const notJson = await request.post(url, { data: JSON.stringify(check.api.good), headers: { 'content-type': 'text/plain' } });
      expect(notJson.status()).toBe(415);
    });
  });
}

test('a pasted enablement request shows masked: neither the bearer token nor the authCode is in the page', async ({ page }) => {
  await page.goto('/probe/enablement-request');
  const form = page.getByRole('form', { name: 'Skill Enablement API request check' });
  await form.getByLabel('The request your app or server sends').fill(enablementCurl());
  await form.getByLabel('HTTP status Amazon answered (optional)').fill('400');
  await form.getByLabel('Error message Amazon answered (optional)').fill('Invalid account linking credentials');
  await form.getByRole('button', { name: 'Run the check' }).click();
  const read = page.locator('.exchange pre');
  await expect(read).toContainText(`POST https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement`);
  await expect(read).toContainText('Authorization: Bearer Atza… (');
  await expect(page.locator('[data-finding="enablement.observed"]')).toContainText('Invalid account linking credentials');

  // The textarea still holds what was pasted (its value, not the page's markup); nothing else may.
  const html = (await page.content()).replace(/<textarea[^>]*>[^<]*<\/textarea>/g, '');
  const visible = await page.locator('main').innerText();
  for (const secret of [AMAZON_TOKEN, AMAZON_TOKEN.slice(5), AUTH_CODE]) {
    expect(visible).not.toContain(secret);
    expect(html).not.toContain(secret);
  }
  expect(page.url()).not.toContain('canary');
});

test('runs a check from its step in the guide, with a link to its own page', async ({ page }) => {
  await page.goto('/guide/accept-grant-check');
  const embed = page.getByRole('region', { name: 'AcceptGrant response check' });
  await expect(embed.getByRole('link', { name: 'a page of its own' })).toHaveAttribute('href', '/probe/accept-grant');
  await embed.getByText('Run the check here', { exact: true }).click();
  const form = embed.getByRole('form', { name: 'AcceptGrant response check' });
  await form.getByLabel('Your skill’s response to AcceptGrant').fill(acceptGrantResponse(3));
  await form.getByRole('button', { name: 'Run the check' }).click();
  const finding = embed.locator('[data-finding="accept-grant.payload-version"]');
  await expect(finding).toContainText('the number 3');
  await finding.getByRole('link').click();
  await expect(page).toHaveURL(/\/guide\/accept-grant-response$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form posts to the server, which checks it with the same schema', async ({ page }) => {
    await page.goto('/probe/implicit-redirect');
    const form = page.getByRole('form', { name: 'Implicit grant redirect check' });
    await form.getByLabel('Redirect URL your server sends the user to').fill(CHECKS[0]!.bad.value);
    await form.getByRole('button', { name: 'Run the check' }).click();
    await expect(page.locator('[data-finding="implicit.query"]')).toContainText('Fail');
    await expect(page.getByRole('table')).toContainText('query (after ?)');

    await page.getByRole('form', { name: 'Implicit grant redirect check' }).getByRole('button').click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Paste the URL your server redirects the user to.');
  });

  test('where linking ended: the pasted address is explained by the server, the code masked', async ({ page }) => {
    await page.goto('/probe/final-url');
    const form = page.getByRole('form', { name: 'Where linking ended' });
    await form.getByLabel('Address of the page where linking ended').fill(`https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F?error=invalid_scope&error_description=scope+unknown&code=${AUTH_CODE}`);
    await form.getByRole('button', { name: 'Run the check' }).click();
    await expect(page.locator('[data-finding="final.page"]')).toContainText('Your server answered Alexa with error=invalid_scope');
    await expect(page.locator('[data-finding="final.error"]')).toContainText('scopes');
    await expect(page.getByRole('main')).not.toContainText(AUTH_CODE);
  });
});

test('the index lists every probe, links each to its page, and is reached from the header', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checks' }).click();
  await expect(page).toHaveURL(/\/probe$/);
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(PROBE_IDS.length);
  for (const probe of PROBE_IDS) await expect(page.locator(`main a[href="/probe/${probe}"]`)).toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Skill Enablement API request check' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your Skill Enablement API request');
});

test('every probe of the catalog has its page, with its form, and its JSON route; other names are 404', async ({ page, request }) => {
  for (const probe of PROBES) {
    const response = await page.goto(`/probe/${probe.id}`);
    expect(response?.status(), probe.id).toBe(200);
    await expect(page.getByRole('main').getByRole('form')).toHaveCount(1);
    const api = await request.post(`/api/probes/${probe.id}`, { data: {} });
    expect(api.status(), probe.id).toBe(400);
    expect((await api.json()).error.code).toBe('invalid_input');
  }
  expect((await page.goto('/probe/nonsense'))?.status()).toBe(404);
  const unknown = await request.post('/api/probes/nonsense', { data: {} });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('the header and a check page fit the screen', async ({ page }) => {
    for (const path of ['/probe', '/probe/enablement-request', '/probe/final-url', '/guide/where-linking-ended']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      for (const name of ['Guide', 'Checks', 'Support report']) {
        await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toBeInViewport();
      }
    }
  });
});
