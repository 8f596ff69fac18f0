// The Link as Alexa rehearsal against real authorization servers from npm on loopback HTTPS, in the real boxed
// Chromium (CHROMIUM_PATH or /usr/bin/chromium): oidc-provider with its own development sign-in and consent pages, and
// @node-oauth/oauth2-server behind the tests' login page (e2e/fixtures/link-servers). Names resolve through the tests'
// lookup table only, so anything else the pages ask for is seen, and nothing leaves the machine.

import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { LINK_TEST_HOSTS, linkRequestFor, startLinkTestNet, startNodeOAuthServer, startOidcLinkServer, testRedirectUri, type LinkTestNet, type LinkTestServer } from '@/e2e/fixtures/link-servers';
import { startRecordingServer } from '@/e2e/fixtures/link-servers/recording-server';
import { ALEXA_REDIRECT_HOSTS } from '@/lib/alexa';
import { chromiumPath, namespaceOptions } from '@/lib/net/browser';
import { linkInputSchema, type LinkEvent, type LinkFormValues, type LinkResult } from './input';
import { rehearseLinking, type LinkRunOptions } from './run';

const CHROMIUM = chromiumPath();
test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
test.describe.configure({ timeout: 90_000 });

let net: LinkTestNet;
test.beforeAll(async () => {
  const boxProblem = await namespaceOptions().then(() => null, (e: Error) => e.message);
  test.skip(boxProblem !== null, `The boxed browser cannot run here: ${boxProblem}.`);
  net = startLinkTestNet();
});
test.afterAll(() => net?.close());

function inputFor(server: LinkTestServer, extra: Partial<LinkFormValues> = {}) {
  return linkInputSchema.parse({ ...linkRequestFor(server), ...extra });
}

async function rehearse(server: LinkTestServer, extra: Partial<LinkFormValues> = {}, options: Partial<LinkRunOptions> = {}) {
  const events: LinkEvent[] = [];
  const result = await rehearseLinking(inputFor(server, extra), {
    policy: net.policy(server.port),
    lookup: net.lookup,
    ca: net.certs.ca,
    browser: { testOnlyIgnoreCertErrorsSpki: [net.certs.spki] },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { result, events, text: JSON.stringify(events) };
}

const stepOf = (r: LinkResult, step: string) => r.steps.find((s) => s.step === step);
const finding = (r: LinkResult, id: string, step?: string) => r.findings.find((f) => f.id === id && (step === undefined || f.step === step));

/** Every secret the run was given or handed out: none may appear in what it emitted, in any common encoding. */
function expectNoSecrets(text: string, server: LinkTestServer) {
  for (const secret of [server.clientSecret, server.password, ...server.issued]) {
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) expect(text, 'a secret leaked').not.toContain(form);
  }
  expect(text).not.toContain(Buffer.from(`${server.clientId}:${server.clientSecret}`).toString('base64'));
}

for (const scheme of ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const) {
  test(`oidc-provider with its own sign-in and consent pages links (${scheme}); the consent is recorded, the redirect never leaves`, async () => {
    const server = await startOidcLinkServer({ host: LINK_TEST_HOSTS.oidc, tls: net.certs, scheme });
    net.lookup.queries.length = 0;
    try {
      const { result, events, text } = await rehearse(server);
      expect(result.linked, JSON.stringify(result.findings.filter((f) => f.status === 'fail'))).toBe(true);
      expect(result.regions).toEqual([{ region: 'NA', redirectUri: testRedirectUri('NA'), linked: true }]);
      // Streamed in the order of the linking, the result last.
      expect(events.map((e) => (e.type === 'step' ? e.step : e.type))).toEqual(['authorize', 'sign-in', 'consent', 'redirect', 'exchange', 'refresh', 'rotation', 'domains', 'result']);
      expect(stepOf(result, 'sign-in')?.title).toBe('Signed in as the test account (user name and password on one page)');
      expect(finding(result, 'link.consent')).toMatchObject({ status: 'pass', title: 'A consent page was passed' });
      expect(stepOf(result, 'consent')?.title).toMatch(/^Passed a consent page by choosing “Continue”/);
      expect(finding(result, 'link.state')?.status).toBe('pass');
      // The token probe's findings and evidence, in the exchange step.
      expect(finding(result, 'token.access-token', 'exchange')?.status).toBe('pass');
      expect(finding(result, 'token.client-auth', 'exchange')?.status).toBe('pass');
      expect(stepOf(result, 'exchange')?.exchange?.response?.status).toBe(200);
      expect(finding(result, 'token.access-token', 'refresh')?.status).toBe('pass');
      expect(finding(result, 'token.rotation', 'rotation')?.status).toBe('pass');
      expect(finding(result, 'link.domains')?.status).toBe('pass');
      // Screenshots of the pages, JPEG, small.
      const shots = result.steps.flatMap((s) => (s.screenshot ? [s.screenshot] : []));
      expect(shots.length).toBeGreaterThanOrEqual(3);
      for (const shot of shots) {
        expect(shot.startsWith('data:image/jpeg;base64,')).toBe(true);
        expect(shot.length).toBeLessThan((200 * 1024 * 4) / 3 + 30);
      }
      // The Alexa redirect was caught: no Alexa host was ever looked up, and the server saw only its own requests.
      expect(net.lookup.queries.filter((q) => ALEXA_REDIRECT_HOSTS.includes(q))).toEqual([]);
      expect(new Set(net.lookup.queries)).toEqual(new Set([LINK_TEST_HOSTS.oidc, 'fonts.googleapis.com']));
      expect(stepOf(result, 'redirect')?.url).toMatch(/^https:\/\/pitangui\.amazon\.com\/api\/skill\/link\/M3BVP74N95SP1F\?code=…/);
      expectNoSecrets(text, server);
      expect(text).not.toContain(server.username);
    } finally {
      await server.close();
    }
  });
}

test('a wrong password is recognised: the form came back with its error', async () => {
  const server = await startNodeOAuthServer({ host: LINK_TEST_HOSTS.login, tls: net.certs });
  try {
    const { result, text } = await rehearse(server, { testAccount: { username: server.username, password: 'not-the-password' } });
    expect(result.linked).toBe(false);
    expect(finding(result, 'link.sign-in')).toMatchObject({ status: 'fail', title: 'The test account could not sign in' });
    expect(finding(result, 'link.sign-in')?.detail).toContain('“The user name or password is incorrect.”');
    expect(result.regions[0]?.firstFailure).toEqual({ step: 'sign-in', findingId: 'link.sign-in' });
    expect(stepOf(result, 'exchange')?.status).toBe('skip');
    expect(text).not.toContain('not-the-password');
  } finally {
    await server.close();
  }
});

test('a server that allows only one region’s redirect URL fails for the other, and the result says which', async () => {
  const server = await startOidcLinkServer({ host: LINK_TEST_HOSTS.oidc, tls: net.certs, redirectUris: [testRedirectUri('NA')] });
  try {
    const { result } = await rehearse(server, { redirectUri: [testRedirectUri('NA'), testRedirectUri('EU')] });
    expect(result.linked).toBe(false);
    expect(result.regions.map((r) => [r.region, r.linked])).toEqual([
      ['NA', true],
      ['EU', false],
    ]);
    expect(result.regions[1]?.firstFailure?.step).toBe('authorize');
    const refused = result.findings.find((f) => f.region === 'EU' && f.id === 'link.authorize');
    expect(refused).toMatchObject({ status: 'fail', node: 'redirect-uri-invalid' });
    expect(refused?.fix).toContain(testRedirectUri('EU'));
  } finally {
    await server.close();
  }
});

test('node-oauth behind a login page: user name, then password on the next page, then Deny / Allow: it chooses Allow and links', async () => {
  const server = await startNodeOAuthServer({ host: LINK_TEST_HOSTS.login, tls: net.certs, signIn: 'two-step', consent: true });
  try {
    const { result, text } = await rehearse(server, { pkce: true });
    expect(result.linked, JSON.stringify(result.findings.filter((f) => f.status === 'fail'))).toBe(true);
    expect(stepOf(result, 'sign-in')?.title).toBe('Signed in as the test account (user name, then password)');
    expect(stepOf(result, 'consent')?.title).toMatch(/^Passed a consent page by choosing “Allow”/);
    // PKCE: the challenge went to the authorization URI and the verifier to the token URI, and neither is shown.
    expect(stepOf(result, 'authorize')?.url).toContain('code_challenge=…');
    expect(stepOf(result, 'exchange')?.exchange?.request.body).toContain('code_verifier=[redacted code verifier]');
    expectNoSecrets(text, server);
  } finally {
    await server.close();
  }
});

/** A sign-in site of the test's own: `pages` answers each path (null: never answer). */
async function pageServer(pages: Record<string, string | null>) {
  const server = await startRecordingServer(
    (req, res) => {
      const page = pages[new URL(req.url ?? '/', 'https://x').pathname];
      if (page === null) return; // hangs
      res.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
    },
    { tls: net.certs },
  );
  const origin = server.origin(LINK_TEST_HOSTS.login);
  const fake: LinkTestServer = {
    port: server.port,
    authorizationUri: `${origin}/authorize`,
    tokenUri: `${origin}/token`,
    clientId: 'alexa-skill',
    clientSecret: 'client-secret-0123456789',
    scheme: 'HTTP_BASIC',
    scopes: ['profile'],
    username: 'tester@example.test',
    password: 'password-0123456789',
    redirectUris: [testRedirectUri('NA')],
    domains: [],
    received: server.received,
    issued: [],
  } as unknown as LinkTestServer;
  return { server, fake };
}

test('a page with nothing to sign in with: without the live view, the sign-in fails saying what the page showed', async () => {
  const { server, fake } = await pageServer({ '/authorize': '<!doctype html><title>Maintenance</title><p>We are down for maintenance. Come back later.</p>' });
  try {
    const { result, events } = await rehearse(fake);
    expect(finding(result, 'link.sign-in')).toMatchObject({ status: 'fail', title: 'The sign-in could not be automated' });
    expect(finding(result, 'link.sign-in')?.detail).toContain('“Maintenance” shows no sign-in form, consent button or redirect the rehearsal recognises: “We are down for maintenance. Come back later.”');
    expect(finding(result, 'link.sign-in')?.fix).toContain('live view');
    expect(events.at(-1)?.type).toBe('result');
  } finally {
    await server.close();
  }
});

const SIGN_IN_FORM = '<!doctype html><title>Sign in</title><form method=post action=/login><input name=username><input type=password name=password><button>Sign in</button></form>';

test('a sign-in form whose server never answers: the sign-in fails saying so, and nothing comes after the result', async () => {
  const { server, fake } = await pageServer({ '/authorize': SIGN_IN_FORM, '/login': null });
  try {
    const started = performance.now();
    const { result, events } = await rehearse(fake);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(finding(result, 'link.sign-in')).toMatchObject({ status: 'fail', title: 'The server did not answer' });
    expect(finding(result, 'link.sign-in')?.detail).toMatch(/^The server did not answer https:\/\/login\.link-test:\d+\/login within 10 s, the page the sign-in form led to\.$/);
    expect(result.linked).toBe(false);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(events.at(-1)?.type).toBe('result');
    expect(events.filter((e) => e.type === 'step' && e.step === 'sign-in')).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('out of time: the browser is closed at the session’s limit, the step says so, and what the sign-in says later is dropped', async () => {
  const { server, fake } = await pageServer({ '/authorize': SIGN_IN_FORM, '/login': null });
  try {
    const started = performance.now();
    // 8 s: less than the sign-in waits for the server's answer (10 s), so the session's limit comes first.
    const { result, events } = await rehearse(fake, {}, { browser: { testOnlyIgnoreCertErrorsSpki: [net.certs.spki], timeoutMs: 8_000 } });
    expect(performance.now() - started).toBeLessThan(15_000);
    const late = finding(result, 'link.browser');
    expect(late).toMatchObject({ status: 'fail', title: 'The sign-in did not finish in time' });
    // In the step it was in: the sign-in, unless a loaded machine was still opening the first page.
    expect(['sign-in', 'authorize']).toContain(late?.step);
    expect(result.regions[0]?.firstFailure).toEqual({ step: late?.step, findingId: 'link.browser' });
    await new Promise((r) => setTimeout(r, 12_000));
    expect(events.at(-1)?.type).toBe('result');
    expect(events.filter((e) => e.type === 'step' && e.step === 'sign-in')).toHaveLength(1);
    expect(finding(result, 'link.sign-in')?.title).not.toBe('The server did not answer');
  } finally {
    await server.close();
  }
});
