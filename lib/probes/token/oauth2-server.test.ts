import { expect, test } from '@playwright/test';
import { OAUTH2_CLIENT, startOAuth2TokenServer, type OAuth2TokenServerOptions } from '@/e2e/fixtures/oauth2-token-server';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { harnessPolicy } from '@/lib/net/test-support';
import { runTokenProbe } from './run';
import { tokenProbeInputSchema, type TokenProbeInput, type TokenProbeResult } from './input';

// The token probe against @node-oauth/oauth2-server, a real OAuth 2.0 library from npm, with real codes from its own
// authorize handler.

const { ca } = fixtureTls();

const finding = (r: TokenProbeResult, id: string) => r.findings.find((f) => f.id === id);
const fails = (r: TokenProbeResult) => r.findings.filter((f) => f.status === 'fail').map((f) => `${f.id}: ${f.detail}`);

async function probe(options: OAuth2TokenServerOptions, scheme: TokenProbeInput['scheme']) {
  const server = await startOAuth2TokenServer(options);
  try {
    const input = tokenProbeInputSchema.parse({
      tokenUri: server.tokenUri,
      clientId: OAUTH2_CLIENT.id,
      clientSecret: OAUTH2_CLIENT.secret,
      scheme,
      grant: { type: 'authorization_code', code: await server.issueCode(), redirectUri: OAUTH2_CLIENT.redirectUri },
    });
    return { result: await runTokenProbe(input, { policy: harnessPolicy(server.port), ca }), requests: server.requests };
  } finally {
    await server.close();
  }
}

test('oauth2-server that answers HTTP Basic with 403 unauthorized_client: the body scheme is tried and named, no advice about grants', async () => {
  const { result } = await probe({ wrongSecret403: true }, 'HTTP_BASIC');
  expect(result.exchange?.response?.status).toBe(403);
  expect(result.exchange?.response?.body).toContain('unauthorized_client');
  const auth = finding(result, 'token.client-auth');
  expect(auth?.status).toBe('fail');
  expect(auth?.detail).toMatch(/With HTTP Basic the server did not accept the client credentials \(HTTP\/1\.1 403 Forbidden, error “unauthorized_client”\)\. Sent once more with Credentials in request body, it accepted them/);
  expect(auth?.fix).toContain('“Credentials in request body”');
  const error = finding(result, 'token.oauth-error');
  expect(error?.status).toBe('fail');
  expect(error?.detail).toContain('does not accept client credentials sent with HTTP Basic, not that the grant is missing');
  expect(JSON.stringify(result.findings)).not.toMatch(/Allow the authorization code/);
  expect(finding(result, 'token.access-token')?.status).toBe('pass');
  expect(result.followUps[0]?.purpose).toBe('client-auth-retry');
});

test('oauth2-server, a healthy configuration with credentials in the body: no fail', async () => {
  const { result } = await probe({}, 'REQUEST_BODY_CREDENTIALS');
  expect(fails(result)).toEqual([]);
  expect(finding(result, 'token.client-auth')?.status).toBe('pass');
});

test('oauth2-server whose model never stores refresh tokens: the refresh token it returns is present but refused → token.refresh-works fail', async () => {
  const { result, requests } = await probe({ dropsRefresh: true }, 'REQUEST_BODY_CREDENTIALS');
  expect(finding(result, 'token.refresh-token')?.status).toBe('pass');
  const f = finding(result, 'token.refresh-works');
  expect(f?.status).toBe('fail');
  expect(f?.detail).toMatch(/refused it when Link Doctor refreshed with it right away \(HTTP\/1\.1 400 Bad Request, error “invalid_grant”/);
  expect(f?.node).toBe('refresh-fails');
  expect(finding(result, 'token.rotation')?.status).toBe('skip');
  const posts = requests.filter((r) => r.method === 'POST');
  expect(posts.map((r) => new URLSearchParams(r.body).get('grant_type'))).toEqual(['authorization_code', 'refresh_token']);
  expect(result.ok).toBe(false);
});
