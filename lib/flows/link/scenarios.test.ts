// The Link as Alexa rehearsal against real OAuth servers from npm (e2e/fixtures/link-servers): oidc-provider with its
// own development pages, and @node-oauth/oauth2-server behind a small login site, each scenario on a server of its
// own (the servers are proven on their own in test-servers.test.ts). Every event the rehearsal sends is searched for
// the secrets in every encoding.

import { expect, test } from '@playwright/test';
import {
  LINK_TEST_HOSTS,
  linkRequestFor,
  OIDC_DEV_FONT_HOST,
  testNetForFile,
  testRedirectUri,
  type LinkTestServer,
} from '@/e2e/fixtures/link-servers';
import { describeMatches, findCanaries, type Canary } from '@/e2e/fixtures/canary-search';
import type { AlexaRegion } from '@/lib/alexa';
import { linkInputSchema, LINK_STEPS, type LinkEvent, type LinkFormValues, type LinkResult, type LinkStepName } from './input';
import { rehearseLinking } from './run';

const testNet = testNetForFile(test);
const nodeServer = testNet.nodeServer;
const oidcServer = testNet.oidcServer;


interface Rehearsal {
  result: LinkResult;
  events: LinkEvent[];
  /** The finding with this id (in the first region unless given; in the given step, for the token.* ids of several steps). */
  finding(id: string, region?: AlexaRegion, step?: LinkStepName): LinkResult['findings'][number];
  step(name: LinkStepName, region?: AlexaRegion): LinkResult['steps'][number];
}

/** Rehearses the linking against a test server as a user would fill the form for it; `regions` default NA. */
type AnyTestServer = LinkTestServer & { secondFactorCode?: string; codeVerifiers?: string[] };

async function rehearse(server: AnyTestServer, form: Partial<LinkFormValues> = {}, regions: AlexaRegion[] = ['NA']): Promise<Rehearsal> {
  const input = linkInputSchema.parse({ ...linkRequestFor(server, regions), ...form });
  const events: LinkEvent[] = [];
  const result = await rehearseLinking(input, {
    policy: testNet.net.policy(server.port),
    lookup: testNet.net.lookup,
    ca: testNet.net.certs.ca,
    browser: { testOnlyIgnoreCertErrorsSpki: [testNet.net.certs.spki] },
    onEvent: (e) => events.push(e),
  });
  expect(events.at(-1)).toEqual(result);
  expectNoSecrets(events, server, input.testAccount.password);
  const firstRegion = regions[0];
  return {
    result,
    events,
    finding(id, region = firstRegion, step) {
      const found = result.findings.find((f) => f.id === id && f.region === region && (step === undefined || f.step === step));
      if (!found) throw new Error(`no finding ${id} for ${region}: ${result.findings.map((f) => f.id).join(', ')}`);
      return found;
    },
    step(name, region = firstRegion) {
      const found = result.steps.find((s) => s.step === name && s.region === region);
      if (!found) throw new Error(`no step ${name} for ${region}`);
      return found;
    },
  };
}

/**
 * No event holds the client secret, the password, the second factor's code, a PKCE verifier or a code or token the
 * server issued, in any encoding.
 */
function expectNoSecrets(events: LinkEvent[], server: AnyTestServer, password: string): void {
  const canary = (name: string, value: string, basicId?: string): Canary => ({ name, value, marker: value.slice(-12), ...(basicId ? { basicId } : {}) });
  const canaries = [
    canary('client secret', server.clientSecret, server.clientId),
    canary('password', password),
    ...(server.secondFactorCode ? [canary('second-factor code', server.secondFactorCode)] : []),
    ...server.issued.map((value, i) => canary(`issued code or token ${i + 1}`, value)),
    ...(server.codeVerifiers ?? []).map((value, i) => canary(`PKCE code verifier ${i + 1}`, value)),
  ];
  for (const [i, event] of events.entries()) {
    // Screenshots are pixels (masked when taken); their base64 is no text a secret could be read from.
    const text = JSON.stringify(event, (key, value: unknown) => (key === 'screenshot' ? '[screenshot]' : value));
    const matches = findCanaries(`event ${i + 1} (${event.type}${event.type === 'step' ? ` ${event.step}` : ''})`, text, canaries);
    expect(matches, describeMatches(matches)).toEqual([]);
  }
}

/** Every step of a region, in the order the user sees them. */
const stepsOf = (r: Rehearsal, region: AlexaRegion = 'NA') => r.result.steps.filter((s) => s.region === region).map((s) => s.step);

/**
 * A healthy server links with nothing to fix: every step passes; the only warning allowed is the token URI's port,
 * which on loopback is a random one (Amazon asks for 443).
 */
function expectHealthy(r: Rehearsal, regions: AlexaRegion[] = ['NA']): void {
  expect(r.result.linked).toBe(true);
  expect(r.result.regions).toEqual(regions.map((region) => ({ region, redirectUri: testRedirectUri(region), linked: true })));
  for (const region of regions) expect([...stepsOf(r, region)].sort()).toEqual([...LINK_STEPS].sort());
  // A healthy server raises no alarm (the random test port aside); a check with nothing to judge may say so, as a skip.
  const notPass = r.result.findings.filter((f) => f.status === 'warn' || f.status === 'fail');
  expect(r.result.findings.filter((f) => f.status === 'skip' && f.detail === 'Not checked.')).toEqual([]);
  expect(notPass.map((f) => `${f.region} ${f.id} ${f.status}: ${f.detail}`)).toEqual(
    regions.map((region) => expect.stringMatching(new RegExp(`^${region} token\\.port warn: The token URI uses port \\d+`))),
  );
  for (const step of r.result.steps) expect(step.status, `${step.step}: ${step.title}`).toBe(step.step === 'exchange' ? 'warn' : 'pass');
  // Every step names the page or endpoint it was at, never the browser's own error page after the redirect was caught.
  for (const step of r.result.steps) if (step.url) expect(step.url, step.step).toMatch(/^https:\/\//);
}

test.describe('rehearsing the linking against real servers', () => {
  test.describe.configure({ timeout: 90_000 });

  test('oauth2-server, healthy: links with every step passing, and the server sees only what Alexa would send', async () => {
    const server = await nodeServer();
    try {
      const r = await rehearse(server, { scheme: 'REQUEST_BODY_CREDENTIALS' });
      expectHealthy(r);
      // The code, and from the exchange and two refreshes three access and three refresh tokens: all searched for in the events.
      expect(server.issued).toHaveLength(7);
      expect(r.step('sign-in').title).toBe('Signed in as the test account (user name and password on one page)');
      expect(r.step('consent').title).toBe('No consent page');
      expect(r.finding('link.state').detail).toContain('came back exactly');
      expect(r.finding('token.client-auth', 'NA').detail).toContain('body');
      expect(r.finding('link.domains').detail).toContain(LINK_TEST_HOSTS.login);
      // The authorization request, the page's own stylesheet, one sign-in, the exchange and two refreshes: nothing else.
      expect(server.received.map((q) => `${q.method} ${q.host}${q.path}`)).toEqual([
        `GET ${LINK_TEST_HOSTS.login}/authorize`,
        `GET ${LINK_TEST_HOSTS.login}/assets/site.css`,
        `POST ${LINK_TEST_HOSTS.login}/login`,
        `POST ${LINK_TEST_HOSTS.login}/token`,
        `POST ${LINK_TEST_HOSTS.login}/token`,
        `POST ${LINK_TEST_HOSTS.login}/token`,
      ]);
      expect(server.received[0]?.queryNames.sort()).toEqual(['client_id', 'redirect_uri', 'response_type', 'scope', 'state']);
      // Each step was sent as it ended, before the result.
      expect(r.events.filter((e) => e.type === 'step')).toHaveLength(r.result.steps.length);
    } finally {
      await server.close();
    }
  });

  test('oidc-provider, healthy: its own dev sign-in and consent pages are passed, the consent recorded, and it links', async () => {
    const server = await oidcServer();
    try {
      const r = await rehearse(server);
      expectHealthy(r);
      expect(r.step('consent').title).toBe('Passed a consent page by choosing “Continue”');
      expect(r.finding('link.consent').detail).toContain('Continue');
      expect(r.finding('token.client-auth').detail).toContain('HTTP Basic');
      expect(r.finding('link.domains').detail).toContain(OIDC_DEV_FONT_HOST);
      expect(new Set(server.received.map((q) => q.host))).toEqual(new Set([LINK_TEST_HOSTS.oidc]));
    } finally {
      await server.close();
    }
  });

  test('a server that allows every region: each of the four links in its own browser, with nothing to fix', async () => {
    const server = await nodeServer();
    try {
      const regions: AlexaRegion[] = ['NA', 'EU', 'FE', 'ALEXA'];
      const r = await rehearse(server, {}, regions);
      expectHealthy(r, regions);
      // Each region signed in on its own: four sign-ins, four exchanges.
      expect(server.received.filter((q) => q.path === '/login')).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  test('oauth2-server, user name then password and a consent page with Deny first: links, choosing Allow', async () => {
    const server = await nodeServer({ signIn: 'two-step', consent: true });
    try {
      const r = await rehearse(server);
      expectHealthy(r);
      expect(r.step('sign-in').title).toBe('Signed in as the test account (user name, then password)');
      expect(r.step('consent').title).toBe('Passed a consent page by choosing “Allow”');
      expect(r.finding('link.consent').detail).toContain('never the option to deny');
    } finally {
      await server.close();
    }
  });

  test('with PKCE on, both servers check the S256 challenge against the verifier, and both link', async () => {
    const node = await nodeServer();
    const oidc = await oidcServer();
    try {
      for (const server of [node, oidc]) {
        const r = await rehearse(server, { pkce: true });
        expectHealthy(r);
        expect(server.received[0]?.queryNames).toEqual(expect.arrayContaining(['code_challenge', 'code_challenge_method']));
      }
      // The verifier reached the token endpoint (and was searched for in the events).
      expect(node.codeVerifiers).toHaveLength(1);
    } finally {
      await Promise.all([node.close(), oidc.close()]);
    }
  });

  test('a client secret with characters HTTP Basic form-encodes, which oauth2-server does not decode: the exchange fails and says to send it in the body', async () => {
    const server = await nodeServer({ client: { id: 'alexa-skill', secret: 'a secret/with+chars=&%' } });
    try {
      const r = await rehearse(server, { scheme: 'HTTP_BASIC' });
      expect(r.result.linked).toBe(false);
      expect(r.result.regions[0]?.firstFailure?.step).toBe('exchange');
      const f = r.finding('token.client-auth', 'NA', 'exchange');
      expect(f.status).toBe('fail');
      expect(f.detail).toContain('invalid_client');
      expect(f.fix).toContain('Credentials in request body');
      // The sign-in and the redirect were fine: the break is at the exchange.
      for (const step of ['authorize', 'sign-in', 'redirect'] as const) expect(r.step(step).status).toBe('pass');
    } finally {
      await server.close();
    }
  });

  test('a wrong password: the sign-in fails once, saying the form came back with the page’s error; nothing is exchanged', async () => {
    const server = await nodeServer({ signIn: 'two-step' });
    try {
      const r = await rehearse(server, { testAccount: { username: server.username, password: 'not-the-test-password' } });
      expect(r.result.linked).toBe(false);
      expect(r.result.regions[0]?.firstFailure).toEqual({ step: 'sign-in', findingId: 'link.sign-in' });
      const f = r.finding('link.sign-in');
      expect(f).toMatchObject({ status: 'fail', step: 'sign-in', title: 'The test account could not sign in' });
      expect(f.detail).toContain('the sign-in form came back');
      expect(f.detail).toContain('saying “The user name or password is incorrect.” The account');
      expect(f.fix).toContain('user name and password');
      // One try only: a rehearsal that retried could lock the test account.
      expect(server.refusedSignIns).toBe(1);
      expect(server.received.filter((q) => q.path === '/token')).toEqual([]);
      for (const step of ['consent', 'redirect', 'exchange', 'refresh', 'rotation'] as const) expect(r.step(step).status).toBe('skip');
    } finally {
      await server.close();
    }
  });

  test('a server that changes state: the redirect fails, showing what came back against what was sent', async () => {
    const server = await nodeServer({ changeState: true });
    try {
      const r = await rehearse(server);
      expect(r.result.linked).toBe(false);
      expect(r.result.regions[0]?.firstFailure).toEqual({ step: 'redirect', findingId: 'link.state' });
      const f = r.finding('link.state');
      expect(f).toMatchObject({ status: 'fail', step: 'redirect', node: 'state-not-returned' });
      expect(f.title).toContain('changed');
      expect(f.detail).toMatch(/different from character \d+/);
      expect(f.detail).toContain('Alexa refuses the linking');
      expect(r.step('redirect').status).toBe('fail');
    } finally {
      await server.close();
    }
  });

  test('a redirect with error=access_denied: the redirect fails, quoting error and error_description', async () => {
    const server = await nodeServer({ consent: true, denyAccess: true });
    try {
      const r = await rehearse(server);
      expect(r.result.linked).toBe(false);
      expect(r.result.regions[0]?.firstFailure).toEqual({ step: 'redirect', findingId: 'link.redirect' });
      const f = r.finding('link.redirect');
      expect(f).toMatchObject({ status: 'fail', step: 'redirect' });
      expect(f.title).toContain('access_denied');
      expect(f.detail).toContain('Access denied: user denied access to application');
      expect(r.finding('link.code').status).toBe('skip');
      expect(r.step('redirect').title).toBe('The server redirected to Alexa with error=access_denied');
      expect(r.step('redirect').url).toContain('error=access_denied');
      expect(server.received.filter((q) => q.path === '/token')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('a server that allows only North America’s redirect URL: NA links, Europe fails at the authorization request, and the result says so', async () => {
    const server = await nodeServer({ redirectUris: [testRedirectUri('NA')] });
    try {
      const r = await rehearse(server, {}, ['NA', 'EU']);
      expect(r.result.linked).toBe(false);
      expect(r.result.regions).toEqual([
        { region: 'NA', redirectUri: testRedirectUri('NA'), linked: true },
        { region: 'EU', redirectUri: testRedirectUri('EU'), linked: false, firstFailure: { step: 'authorize', findingId: 'link.authorize' } },
      ]);
      const f = r.finding('link.authorize', 'EU');
      expect(f).toMatchObject({ status: 'fail', step: 'authorize', region: 'EU', node: 'redirect-uri-invalid' });
      expect(f.detail).toContain('HTTP 400');
      expect(f.detail).toContain('`redirect_uri` does not match');
      expect(f.fix).toContain(testRedirectUri('EU'));
      expect(r.result.findings.filter((x) => x.region === 'NA' && x.status === 'fail')).toEqual([]);
      // Europe's request stopped at the library's check: no sign-in, no token request for it.
      expect(server.received.filter((q) => q.path === '/login')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('sign-in pages loading from a host not on the Domain List (a stylesheet and a script; oidc-provider’s font): the domains step names the host', async () => {
    const server = await nodeServer({ assetHost: LINK_TEST_HOSTS.cdn });
    try {
      const r = await rehearse(server);
      const f = r.finding('link.domains');
      expect(f).toMatchObject({ status: 'fail', step: 'domains' });
      expect(f.detail).toContain(LINK_TEST_HOSTS.cdn);
      expect(f.detail).toMatch(/stylesheet/);
      expect(f.detail).toMatch(/script/);
      expect(r.result.regions[0]?.firstFailure).toEqual({ step: 'domains', findingId: 'link.domains' });
      // With the host on the list, the same pages pass.
      const listed = await rehearse(server, { domains: [...server.domains, LINK_TEST_HOSTS.cdn] });
      expect(listed.finding('link.domains').status).toBe('pass');
    } finally {
      await server.close();
    }
    // oidc-provider's own dev pages load a font from Google: a Domain List with only the server's host misses it.
    const oidc = await oidcServer();
    try {
      const f = (await rehearse(oidc, { domains: [LINK_TEST_HOSTS.oidc] })).finding('link.domains');
      expect(f).toMatchObject({ status: 'fail', step: 'domains' });
      expect(f.detail).toContain(OIDC_DEV_FONT_HOST);
      expect(f.fix).toContain(`Add ${OIDC_DEV_FONT_HOST} to`);
    } finally {
      await oidc.close();
    }
  });

  test('a refresh that fails: linked, but the refresh step fails with the server’s invalid_grant', async () => {
    const server = await nodeServer({ refresh: 'fail' });
    try {
      const r = await rehearse(server);
      expect(r.result.regions[0]?.firstFailure?.step).toBe('refresh');
      expect(r.step('refresh').status).toBe('fail');
      expect(r.finding('token.oauth-error', 'NA', 'exchange').status).toBe('pass');
      const f = r.finding('token.oauth-error', 'NA', 'refresh');
      expect(f).toMatchObject({ status: 'fail', step: 'refresh' });
      expect(f.detail).toContain('invalid_grant');
      expect(f.detail).toContain('link the account again');
      expect(r.step('rotation').status).toBe('skip');
      expect(r.result.findings.filter((x) => x.step === 'exchange' && x.status === 'fail')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('refresh-token rotation with reuse detection: the retried refresh revokes the whole grant, said plainly', async () => {
    const server = await nodeServer({ refresh: 'rotate-reuse-revokes' });
    try {
      const r = await rehearse(server);
      expect(server.revokedGrants).toHaveLength(1);
      expect(r.step('rotation')).toMatchObject({ status: 'warn', title: 'A retried refresh revoked the whole grant' });
      const f = r.finding('link.reuse-revoked');
      expect(f).toMatchObject({ status: 'warn', step: 'rotation', title: 'Reusing a refresh token revoked the grant' });
      expect(f.detail).toContain('revokes the whole grant');
      expect(f.detail).toContain('has to link again');
      expect(r.finding('token.rotation').status).toBe('warn');
      // The linking itself worked.
      expect(r.result.linked).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('rotation without reuse detection, and oidc-provider’s own reuse detection', async () => {
    const rotating = await nodeServer({ refresh: 'rotate' });
    try {
      const r = await rehearse(rotating);
      expect(r.step('rotation')).toMatchObject({ status: 'warn', title: 'A retried refresh was refused' });
      expect(r.finding('link.reuse-revoked')).toMatchObject({ status: 'pass', title: 'The grant survived the reuse' });
      expect(rotating.revokedGrants).toEqual([]);
    } finally {
      await rotating.close();
    }
    const oidc = await oidcServer({ rotateRefreshToken: true });
    try {
      const r = await rehearse(oidc);
      expect(r.finding('link.reuse-revoked')).toMatchObject({ status: 'warn', title: 'Reusing a refresh token revoked the grant' });
    } finally {
      await oidc.close();
    }
  });

  test('a second factor after the password, without the live view: sign-in fails with a clear finding that a second factor is needed', async () => {
    const server = await nodeServer({ signIn: 'two-step', secondFactor: true });
    try {
      const r = await rehearse(server);
      expect(r.result.linked).toBe(false);
      expect(r.result.regions[0]?.firstFailure).toEqual({ step: 'sign-in', findingId: 'link.sign-in' });
      const f = r.finding('link.sign-in');
      expect(f).toMatchObject({ status: 'fail', step: 'sign-in' });
      expect(f.detail).toContain('second factor');
      expect(f.fix).toContain('live view');
      // The password was right (no refused sign-in); only the code was missing.
      expect(server.refusedSignIns).toBe(0);
      expect(server.received.some((q) => q.path === '/login/second-factor')).toBe(false);
    } finally {
      await server.close();
    }
  });
});
