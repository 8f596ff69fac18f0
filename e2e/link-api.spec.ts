// POST /api/link against the running app: bad input (400 with a message per field), a refused target (422, nothing
// sent), and a real rehearsal streamed as NDJSON against @node-oauth/oauth2-server behind the tests' login page on
// loopback HTTPS (the app runs with PROBE_ALLOW_PRIVATE=1 and trusts the tests' certificate).

import { expect, test } from '@playwright/test';
import { startNodeOAuthServer, testRedirectUri, type NodeOAuthServer } from './fixtures/link-servers';

test.describe.configure({ timeout: 90_000 });

const servers: NodeOAuthServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function body(server: Pick<NodeOAuthServer, 'authorizationUri' | 'tokenUri' | 'clientId' | 'clientSecret' | 'scheme' | 'scopes' | 'username' | 'password' | 'domains'>) {
  return {
    authorizationUri: server.authorizationUri,
    accessTokenUri: server.tokenUri,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    scheme: server.scheme,
    scopes: server.scopes,
    redirectUri: testRedirectUri('NA'),
    testAccount: { username: server.username, password: server.password },
    domains: server.domains,
  };
}

test('bad input: 400 with a message for each field', async ({ request }) => {
  const response = await request.post('/api/link', {
    data: { authorizationUri: 'http://login.example.com/auth', accessTokenUri: 'ftp://x', clientSecret: 'ab', scheme: 'BASIC', redirectUri: 'https://example.com/cb', testAccount: { username: 'u' } },
  });
  expect(response.status()).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe('invalid_input');
  const fields = Object.fromEntries((error.issues as Array<{ field: string; message: string }>).map((i) => [i.field, i.message]));
  expect(fields).toMatchObject({
    authorizationUri: 'Alexa only opens an https:// authorization URI.',
    accessTokenUri: 'Enter the full access token URI, starting with https://',
    clientId: 'Enter the client ID.',
    clientSecret: expect.stringContaining('shorter than 4 characters'),
    scheme: 'Choose HTTP Basic or Credentials in request body.',
    redirectUri: expect.stringContaining('must be one of Alexa’s'),
    'testAccount.password': 'Enter the test account’s password.',
  });
});

test('a refused target: 422, and nothing is sent', async ({ request }) => {
  const server = await startNodeOAuthServer();
  servers.push(server);
  const response = await request.post('/api/link', { data: { ...body(server), accessTokenUri: 'https://169.254.169.254/token' } });
  expect(response.status()).toBe(422);
  expect((await response.json()).error.code).toBe('target_not_allowed');
  expect(server.received).toEqual([]);
});

test('a healthy server: NDJSON lines streamed in the order of the linking, the result last, no secret in them', async ({ request }) => {
  const server = await startNodeOAuthServer({ consent: true });
  servers.push(server);
  const response = await request.post('/api/link', { data: body(server) });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/x-ndjson/);
  expect(response.headers()['cache-control']).toBe('no-store');
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; step?: string; status?: string });
  expect(lines.map((l) => l.step ?? l.type)).toEqual(['authorize', 'sign-in', 'consent', 'redirect', 'exchange', 'refresh', 'rotation', 'domains', 'result']);
  const result = lines.at(-1) as unknown as { linked: boolean; regions: unknown[]; findings: Array<{ id: string; status: string; step: string }> };
  expect(result.linked, JSON.stringify(result.findings.filter((f) => f.status === 'fail'))).toBe(true);
  expect(result.regions).toEqual([{ region: 'NA', redirectUri: testRedirectUri('NA'), linked: true }]);
  expect(result.findings.find((f) => f.id === 'link.consent')?.status).toBe('pass');
  expect(result.findings.find((f) => f.id === 'token.access-token' && f.step === 'exchange')?.status).toBe('pass');
  // The server saw the sign-in, the consent and the token requests; Alexa's redirect was caught in the browser.
  expect(server.received.map((r) => r.path)).toEqual(expect.arrayContaining(['/authorize', '/login', '/consent', '/token']));
  for (const secret of [server.clientSecret, server.password, server.username, ...server.issued]) expect(text).not.toContain(secret);
});
