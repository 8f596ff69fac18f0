// POST /api/link against the running app: bad input (400 with a message per field), a refused target (422, nothing
// sent), and a real rehearsal streamed as NDJSON against @node-oauth/oauth2-server behind the tests' login page on
// loopback HTTPS (the app runs with PROBE_ALLOW_PRIVATE=1 and trusts the tests' certificate).

import { expect, test } from '@playwright/test';
import { linkRequestFor, startNodeOAuthServer, testRedirectUri, type NodeOAuthServer } from './fixtures/link-servers';

test.describe.configure({ timeout: 90_000 });

const servers: NodeOAuthServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const body = (server: NodeOAuthServer) => linkRequestFor(server);

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

/** POSTs the body and reads the NDJSON answer as it arrives: each line with the time it came, after the request was sent. */
async function streamed(baseURL: string, data: unknown) {
  const started = performance.now();
  const response = await fetch(new URL('/api/link', baseURL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  const lines: Array<{ at: number; event: { type: string; step?: string; status?: string } }> = [];
  const decoder = new TextDecoder();
  let text = '';
  let pending = '';
  for await (const chunk of response.body!) {
    const part = decoder.decode(chunk, { stream: true });
    text += part;
    pending += part;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      lines.push({ at: performance.now() - started, event: JSON.parse(pending.slice(0, end)) });
      pending = pending.slice(end + 1);
    }
  }
  expect(pending).toBe('');
  return { response, lines, text };
}

test('a healthy server: NDJSON lines streamed in the order of the linking as each step ends, the result last, no secret in them', async ({ baseURL }) => {
  const server = await startNodeOAuthServer({ consent: true });
  servers.push(server);
  const { response, lines, text } = await streamed(baseURL!, body(server));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(lines.map((l) => l.event.step ?? l.event.type)).toEqual(['authorize', 'sign-in', 'consent', 'redirect', 'exchange', 'refresh', 'rotation', 'domains', 'result']);
  // Streamed: the first step arrived while the browser was still signing in, well before the result.
  expect(lines.at(-1)!.at - lines[0]!.at).toBeGreaterThan(150);
  const result = lines.at(-1)!.event as unknown as { linked: boolean; regions: unknown[]; findings: Array<{ id: string; status: string; step: string }> };
  expect(result.linked, JSON.stringify(result.findings.filter((f) => f.status === 'fail'))).toBe(true);
  expect(result.regions).toEqual([{ region: 'NA', redirectUri: testRedirectUri('NA'), linked: true }]);
  expect(result.findings.find((f) => f.id === 'link.consent')?.status).toBe('pass');
  expect(result.findings.find((f) => f.id === 'token.access-token' && f.step === 'exchange')?.status).toBe('pass');
  // The server saw the sign-in, the consent and the token requests; Alexa's redirect was caught in the browser.
  expect(server.received.map((r) => r.path)).toEqual(expect.arrayContaining(['/authorize', '/login', '/consent', '/token']));
  for (const secret of [server.clientSecret, server.password, server.username, ...server.issued]) expect(text).not.toContain(secret);
});
