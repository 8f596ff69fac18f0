// Each finding's title says what was found (the value the server gave), not the requirement: the token probe run
// against a loopback token server answering each way, and the title of the finding that reads it.
import { expect, test } from '@playwright/test';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { MISBEHAVIOURS, startTokenServer, TEST_CLIENT, type TokenServerOptions } from '@/e2e/fixtures/token-servers';
import { harnessPolicy } from '@/lib/net/test-support';
import { TOKEN_FINDINGS, type TokenFindingId } from './findings';
import { tokenProbeInputSchema } from './input';
import { runTokenProbe } from './run';

const { ca } = fixtureTls();

const TITLES: Array<{ server: TokenServerOptions; id: TokenFindingId; status: string; title: string | ((port: number) => string) }> = [
  { server: MISBEHAVIOURS['token.expires-in (300)'], id: 'token.expires-in', status: 'fail', title: 'Access tokens last 300 s; Alexa needs at least 360 s' },
  { server: {}, id: 'token.expires-in', status: 'pass', title: 'Access tokens last 3600 s' },
  { server: MISBEHAVIOURS['token.expires-in (missing)'], id: 'token.expires-in', status: 'warn', title: 'The reply has no expires_in' },
  { server: MISBEHAVIOURS['token.expires-in (string)'], id: 'token.expires-in', status: 'warn', title: 'expires_in is the string “3600”, not a number' },
  { server: {}, id: 'token.port', status: 'warn', title: (port) => `The token URI uses port ${port}, not 443` },
  { server: MISBEHAVIOURS['token.token-type'], id: 'token.token-type', status: 'warn', title: 'token_type is “mac”, not “bearer”' },
  { server: {}, id: 'token.token-type', status: 'pass', title: 'token_type is “bearer”' },
  { server: MISBEHAVIOURS['token.content-type'], id: 'token.content-type', status: 'fail', title: 'The reply is declared as text/plain, not JSON' },
  { server: MISBEHAVIOURS['token.cache-control'], id: 'token.cache-control', status: 'warn', title: 'The reply has no Cache-Control header' },
  { server: MISBEHAVIOURS['token.status'], id: 'token.status', status: 'fail', title: 'The server answers HTTP 500; Alexa needs HTTP 200 with the tokens' },
  { server: {}, id: 'token.status', status: 'pass', title: 'The server answers HTTP 200' },
  { server: MISBEHAVIOURS['token.access-token'], id: 'token.access-token', status: 'fail', title: 'The reply has no access_token' },
  { server: MISBEHAVIOURS['token.json (form-encoded, GitHub)'], id: 'token.json', status: 'fail', title: 'The reply is form-encoded text, not JSON' },
  { server: MISBEHAVIOURS['token.json (HTML)'], id: 'token.json', status: 'fail', title: 'The reply is an HTML page, not JSON' },
  {
    server: MISBEHAVIOURS['token.refresh-token'],
    id: 'token.refresh-token',
    status: 'warn',
    title: 'The reply has no refresh_token: users will have to link again when the access token expires',
  },
  { server: MISBEHAVIOURS['token.client-auth (body only)'], id: 'token.client-auth', status: 'fail', title: 'The server refuses HTTP Basic and accepts Credentials in request body: the console’s scheme is wrong' },
  { server: { refreshToken: 'rt', successBody: (j) => ({ ...j, refresh_token: 'rt' }) }, id: 'token.refresh-token', status: 'warn', title: 'The refresh token is only 2 characters: short enough to guess' },
  { server: { successBody: (j) => ({ ...j, access_token: '443' }) }, id: 'token.access-token', status: 'warn', title: 'The access token is only 3 characters: short enough to guess' },
  { server: MISBEHAVIOURS['token.oauth-error (invalid_grant)'], id: 'token.oauth-error', status: 'fail', title: 'The server answers with the error “invalid_grant”' },
];

/** The token probe's result against a token server answering as `server` says, with the code grant Alexa uses. */
async function probeAgainst(server: TokenServerOptions) {
  const s = await startTokenServer(server);
  try {
    const input = tokenProbeInputSchema.parse({
      tokenUri: s.tokenUri,
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      scheme: 'HTTP_BASIC',
      grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
    });
    return { result: await runTokenProbe(input, { policy: harnessPolicy(s.port), ca }), port: s.port };
  } finally {
    await s.close();
  }
}

for (const { server, id, status, title } of TITLES) {
  test(`${id} (${status}): titled ${typeof title === 'string' ? JSON.stringify(title) : 'with the port'}`, async () => {
    const { result, port } = await probeAgainst(server);
    const finding = result.findings.find((f) => f.id === id);
    expect(finding?.status, finding?.detail).toBe(status);
    expect(finding?.title).toBe(typeof title === 'string' ? title : title(port));
  });
}

test('a server that hands out a 2-character refresh token: the token is redacted as a value, and no word that contains it is cut', async () => {
  const { result } = await probeAgainst({ refreshToken: 'rt', successBody: (j) => ({ ...j, refresh_token: 'rt' }) });
  const text = JSON.stringify(result);
  // "port", "certificate", "refresh_token" and "short" all contain "rt": none of them is cut.
  expect(text).not.toMatch(/po\[redacted|ce\[redacted|sho\[redacted/);
  expect(result.findings.find((f) => f.id === 'token.port')?.title).toMatch(/^The token URI uses port \d+, not 443$/);
  expect(result.exchange?.response?.body ?? '').not.toContain('"rt"');
});

test('a finding not checked keeps the catalog’s name of the check', async () => {
  const { result } = await probeAgainst(MISBEHAVIOURS['token.status']);
  const skipped = result.findings.filter((f) => f.status === 'skip');
  expect(skipped.length).toBeGreaterThan(0);
  for (const f of skipped) expect(f.title).toBe(TOKEN_FINDINGS.titles[f.id as TokenFindingId]);
});
