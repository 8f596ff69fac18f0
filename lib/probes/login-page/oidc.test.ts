import { expect, test } from '@playwright/test';
import { ALEXA_TEST_REDIRECT, startOidcServer, type OidcServer } from '@/e2e/fixtures/oidc-server';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { harnessPolicy } from '@/lib/net/test-support';
import { loginPageProbeInputSchema, type LoginPageProbeFormValues, type LoginPageProbeResult } from './input';
import { readRefusal } from './refusal';
import { runLoginPageProbe } from './run';

// The login page probe against a real OpenID Connect server from npm (oidc-provider) with its own development login
// page: its authorize endpoint sets an interaction cookie on the redirect to /interaction/<uid>, and that page answers
// 400 "interaction session id cookie not found" to a client that does not send the cookie back.

const { ca } = fixtureTls();
const EU_REDIRECT = 'https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F';

let oidc: OidcServer;
test.beforeAll(async () => {
  // One region's Alexa redirect URL registered (NA), as a developer who copied only the first one would.
  oidc = await startOidcServer({ devInteractions: true, redirectUris: [ALEXA_TEST_REDIRECT] });
});
test.afterAll(async () => {
  await oidc?.close();
});

const run = (raw: Partial<LoginPageProbeFormValues>) =>
  runLoginPageProbe(
    loginPageProbeInputSchema.parse({
      authorizationUri: `${oidc.issuer}/auth`,
      clientId: oidc.basicClient.clientId,
      scopes: 'openid profile',
      redirectUri: ALEXA_TEST_REDIRECT,
      ...raw,
    }),
    { policy: harnessPolicy(oidc.port), ca },
  );
const finding = (r: LoginPageProbeResult, id: string) => r.findings.find((f) => f.id === id);
/** Loopback test servers cannot listen on 443, so login.port fails by construction; everything else must not. */
const fails = (r: LoginPageProbeResult) => r.findings.filter((f) => f.status === 'fail' && f.id !== 'login.port').map((f) => `${f.id}: ${f.detail}`);

test('static mode keeps the interaction cookie across the authorize redirect: the dev login page loads, no fail', async () => {
  // The dev login page imports a Google font: a developer lists that host in the Domain List.
  const r = await run({ domains: 'fonts.googleapis.com' });
  expect(fails(r)).toEqual([]);
  expect(finding(r, 'login.status')?.status).toBe('pass');
  expect(r.page?.status).toBe(200);
  expect(r.redirects.length).toBeGreaterThanOrEqual(1);
  expect(r.redirects[0]?.location).toContain('/interaction/');
  // The cookie is named, never its value.
  const redirects = finding(r, 'login.redirects');
  expect(redirects?.detail).toMatch(/set \d+ cookies? on the way \(_interaction/);
  expect(JSON.stringify(r)).not.toMatch(/_interaction=/);
  // The page's hosts are found: its own (the form posts there) and the font stylesheet it imports.
  expect(r.domains.required.map((h) => h.host).sort()).toEqual(['127.0.0.1', 'fonts.googleapis.com']);
  expect(r.domains.missing).toEqual([]);
});

test("redirect URLs per region: with only North America's registered, the other regions' are found refused (a warning, not a fail)", async () => {
  const r = await run({ domains: 'fonts.googleapis.com' });
  expect(fails(r)).toEqual([]);
  const regions = finding(r, 'login.regions');
  expect(regions?.status).toBe('warn');
  expect(regions?.node).toBe('redirect-uri-invalid');
  expect(regions?.title).toContain('Europe');
  expect(r.regions?.map((c) => [new URL(c.redirectUri).host, c.verdict])).toEqual([
    ['layla.amazon.com', 'refused'],
    ['alexa.amazon.co.jp', 'refused'],
    ['alexa.amazon.com', 'refused'],
  ]);
  expect(r.regions?.[0]?.said).toContain('redirect_uri');
});

test('redirect URLs per region: a server that registers every region passes', async () => {
  const path = new URL(ALEXA_TEST_REDIRECT).pathname;
  const every = await startOidcServer({ devInteractions: true, redirectUris: ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp', 'alexa.amazon.com'].map((h) => `https://${h}${path}`) });
  try {
    const r = await runLoginPageProbe(
      loginPageProbeInputSchema.parse({
        authorizationUri: `${every.issuer}/auth`,
        clientId: every.basicClient.clientId,
        scopes: 'openid profile',
        redirectUri: `https://layla.amazon.com${path}`,
        domains: 'fonts.googleapis.com',
      }),
      { policy: harnessPolicy(every.port), ca },
    );
    expect(fails(r)).toEqual([]);
    expect(finding(r, 'login.regions')?.status, finding(r, 'login.regions')?.detail).toBe('pass');
    expect(r.regions?.every((c) => c.verdict === 'accepted')).toBe(true);
  } finally {
    await every.close();
  }
});

test('a 400 that says a cookie is missing is explained as a missing cookie, not as a request too large', () => {
  const page = '<!DOCTYPE html><html><head><title>oops! something went wrong</title><style>body{color:red}</style></head><body><div><h1>oops! something went wrong</h1><pre><strong>error</strong>: invalid_request</pre><pre><strong>error_description</strong>: interaction session id cookie not found</pre></div></body></html>';
  const refusal = readRefusal(400, page);
  expect(refusal.kind).toBe('cookie-missing');
  expect(refusal.said).toContain('interaction session id cookie not found');
  expect(refusal.said).not.toContain('color:red');
  expect(readRefusal(400, '<html><body><center><h1>400 Bad Request</h1></center><center>Request Header Or Cookie Too Large</center><hr><center>nginx</center></body></html>').kind).toBe('too-large');
  // @node-oauth/oauth2-server's answer to a GET of its token endpoint.
  expect(readRefusal(400, '{"error":"invalid_request","error_description":"Invalid request: method must be POST"}').kind).toBe('token-endpoint');
  expect(readRefusal(404, 'Not Found', '/oauth/authorize').kind).toBe('unknown');
  expect(readRefusal(400, '{"error":"invalid_request","error_description":"redirect_uri did not match any of the client\'s registered redirect_uris"}').kind).toBe('redirect-uri');
});

test('the authorization URI set to the token endpoint: a JSON error from a real server, explained as the two URIs swapped', async () => {
  const r = await run({ authorizationUri: oidc.tokenUri });
  const status = finding(r, 'login.status');
  expect(status?.status, status?.detail).toBe('fail');
  expect(status?.node, status?.detail).toBe('uris-swapped');
  expect(status?.detail).toContain('its path ends in /token');
});

test("a redirect URL the server does not allow: oidc-provider's error page is explained as the redirect URI refused", async () => {
  const r = await run({ redirectUri: EU_REDIRECT });
  const status = finding(r, 'login.status');
  expect(status?.status).toBe('fail');
  expect(status?.node).toBe('redirect-uri-invalid');
  expect(status?.detail).toContain('redirect');
});
