// Link as Alexa's test servers (e2e/fixtures/link-servers) proven on their own with a plain Chromium and no Link
// Doctor in between: oidc-provider's own development pages and the oauth2-server login site reach Alexa's redirect
// with a code, and each scenario switch does what the rehearsal's tests (scenarios.test.ts) rely on. A failing
// rehearsal test whose server passes here points at the rehearsal.

import { expect, test } from '@playwright/test';
import { LINK_TEST_HOSTS, testNetForFile, testRedirectUri, type LinkTestServer } from '@/e2e/fixtures/link-servers';
import { openPlainBrowser, postToken, type PlainBrowser } from '@/e2e/fixtures/link-servers/plain-browser';

const testNet = testNetForFile(test);
const nodeServer = testNet.nodeServer;
const oidcServer = testNet.oidcServer;

const STATE = 'alexa-state-0123456789abcdefghijklmnopqrstuvwxyz';

/** The authorization request Alexa opens, for one region. */
function alexaRequest(server: LinkTestServer, region: 'NA' | 'EU' = 'NA'): string {
  const url = new URL(server.authorizationUri);
  url.search = new URLSearchParams({ client_id: server.clientId, response_type: 'code', scope: server.scopes.join(' '), state: STATE, redirect_uri: testRedirectUri(region) }).toString();
  return url.href;
}


async function withBrowser<T>(fn: (b: PlainBrowser) => Promise<T>): Promise<T> {
  const b = await openPlainBrowser();
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

test.describe('the test servers, driven by a plain browser', () => {
  test('oidc-provider: its own dev sign-in and consent pages lead to Alexa with a code; the code exchanges and the refresh token works twice', async () => {
    const server = await oidcServer();
    try {
      const redirect = await withBrowser(async ({ page, alexaRedirect }) => {
        await page.goto(alexaRequest(server));
        await expect(page.locator('input[name=login]')).toBeVisible();
        await page.fill('input[name=login]', server.username);
        await page.fill('input[name=password]', server.password);
        await page.click('button[type=submit]');
        await expect(page.locator('button[type=submit]')).toHaveText('Continue');
        await page.click('button[type=submit]');
        return alexaRedirect();
      });
      expect(redirect.origin + redirect.pathname).toBe(testRedirectUri('NA'));
      expect(redirect.searchParams.get('state')).toBe(STATE);
      const tokens = await postToken(server.tokenUri, server, { grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: testRedirectUri('NA') }, testNet.net.certs.ca);
      expect(tokens.status).toBe(200);
      expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      for (let i = 0; i < 2; i++) {
        const refreshed = await postToken(server.tokenUri, server, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) }, testNet.net.certs.ca);
        expect(refreshed.status).toBe(200);
      }
      expect(new Set(server.received.map((r) => r.host))).toEqual(new Set([LINK_TEST_HOSTS.oidc]));
    } finally {
      await server.close();
    }
  });

  test('oauth2-server: one-page sign-in leads to Alexa with the same state; the code exchanges once; the refresh token stays valid', async () => {
    const server = await nodeServer();
    try {
      const redirect = await withBrowser(async ({ page, alexaRedirect }) => {
        await page.goto(alexaRequest(server));
        await page.fill('input[name=username]', server.username);
        await page.fill('input[name=password]', server.password);
        await page.click('button[type=submit]');
        return alexaRedirect();
      });
      expect(redirect.searchParams.get('state')).toBe(STATE);
      const code = redirect.searchParams.get('code') ?? '';
      const exchange = () => postToken(server.tokenUri, server, { grant_type: 'authorization_code', code, redirect_uri: testRedirectUri('NA') }, testNet.net.certs.ca);
      const tokens = await exchange();
      expect(tokens.status).toBe(200);
      expect(tokens.json).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
      expect((await exchange()).json).toMatchObject({ error: 'invalid_grant' });
      const body = { scheme: 'REQUEST_BODY_CREDENTIALS' as const, clientId: server.clientId, clientSecret: server.clientSecret };
      for (let i = 0; i < 2; i++) {
        const refreshed = await postToken(server.tokenUri, body, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) }, testNet.net.certs.ca);
        expect(refreshed.status).toBe(200);
      }
      expect(server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /authorize', 'GET /assets/site.css', 'POST /login', 'POST /token', 'POST /token', 'POST /token', 'POST /token',
      ]);
    } finally {
      await server.close();
    }
  });

  test('oauth2-server: two-step sign-in shows a wrong password on the form; then the second factor and a consent page whose Deny leads to access_denied', async () => {
    const server = await nodeServer({ signIn: 'two-step', secondFactor: true, consent: true });
    try {
      const redirect = await withBrowser(async ({ page, alexaRedirect }) => {
        await page.goto(alexaRequest(server));
        await expect(page.locator('input[type=password]')).toHaveCount(0);
        await page.fill('input[name=username]', server.username);
        await page.click('button[type=submit]');
        await page.fill('input[name=password]', `${server.password}-wrong`);
        await page.click('button[type=submit]');
        await expect(page.getByRole('alert')).toHaveText('The user name or password is incorrect.');
        await page.fill('input[name=password]', server.password);
        await page.click('button[type=submit]');
        await page.fill('input[name=otp]', server.secondFactorCode);
        await page.click('button[type=submit]');
        await expect(page.getByRole('button')).toHaveText(['Deny', 'Allow']);
        await page.getByRole('button', { name: 'Deny' }).click();
        return alexaRedirect();
      });
      expect(server.refusedSignIns).toBe(1);
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      expect(redirect.searchParams.get('error_description')).toMatch(/denied/);
      expect(redirect.searchParams.get('state')).toBe(STATE);
      expect(redirect.searchParams.has('code')).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('oauth2-server: a changed state, one region only, and a login page loading from a second host', async () => {
    const server = await nodeServer({ changeState: true, redirectUris: [testRedirectUri('NA')], assetHost: LINK_TEST_HOSTS.cdn });
    try {
      await withBrowser(async ({ page, alexaRedirect }) => {
        const refused = await page.goto(alexaRequest(server, 'EU'));
        expect(refused?.status()).toBe(400);
        await expect(page.getByRole('alert')).toContainText('redirect_uri');
        await page.goto(alexaRequest(server, 'NA'));
        await expect(page.locator('html')).toHaveAttribute('data-brand', 'loaded');
        await page.fill('input[name=username]', server.username);
        await page.fill('input[name=password]', server.password);
        await page.click('button[type=submit]');
        const redirect = await alexaRedirect();
        expect(redirect.searchParams.get('code')).toBeTruthy();
        expect(redirect.searchParams.get('state')).not.toBe(STATE);
      });
      expect(new Set(server.received.filter((r) => r.host === LINK_TEST_HOSTS.cdn).map((r) => r.path))).toEqual(new Set(['/assets/brand.css', '/assets/brand.js']));
    } finally {
      await server.close();
    }
  });

  test('oauth2-server: a refresh that fails, and a reused refresh token that revokes the grant', async () => {
    const codeFor = async (server: LinkTestServer) =>
      withBrowser(async ({ page, alexaRedirect }) => {
        await page.goto(alexaRequest(server));
        await page.fill('input[name=username]', server.username);
        await page.fill('input[name=password]', server.password);
        await page.click('button[type=submit]');
        return (await alexaRedirect()).searchParams.get('code') ?? '';
      });
    const grant = (server: LinkTestServer, params: Record<string, string>) => postToken(server.tokenUri, server, params, testNet.net.certs.ca);

    const failing = await nodeServer({ refresh: 'fail' });
    try {
      const tokens = await grant(failing, { grant_type: 'authorization_code', code: await codeFor(failing), redirect_uri: testRedirectUri('NA') });
      expect(tokens.json.refresh_token).toBeTruthy();
      const refreshed = await grant(failing, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
      expect(refreshed).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    } finally {
      await failing.close();
    }

    const rotating = await nodeServer({ refresh: 'rotate-reuse-revokes' });
    try {
      const tokens = await grant(rotating, { grant_type: 'authorization_code', code: await codeFor(rotating), redirect_uri: testRedirectUri('NA') });
      const first = await grant(rotating, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
      expect(first.status).toBe(200);
      expect(first.json.refresh_token).not.toBe(tokens.json.refresh_token);
      const reused = await grant(rotating, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) });
      expect(reused.json).toMatchObject({ error: 'invalid_grant' });
      expect(rotating.revokedGrants).toHaveLength(1);
      // The reuse revoked the whole grant: the newest refresh token is dead too.
      const newest = await grant(rotating, { grant_type: 'refresh_token', refresh_token: String(first.json.refresh_token) });
      expect(newest.json).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await rotating.close();
    }
  });
});
