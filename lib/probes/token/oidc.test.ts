import { expect, test } from '@playwright/test';
import { ALEXA_TEST_REDIRECT, startOidcServer, type OidcServer } from '@/e2e/fixtures/oidc-server';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { runTokenProbe, type TokenProbeOptions } from './run';
import { tokenProbeInputSchema } from './input';
import type { TokenProbeResult } from './input';
import { harnessPolicy } from '@/lib/net/test-support';

// The token probe against a real, spec-following OAuth server from npm (oidc-provider), over HTTPS on loopback.
// A correct configuration must give no `fail`.

const { ca } = fixtureTls();

/** Runs the probe on input as a form or the API sends it: parsed with the schema first, as the registry does. */
const runParsed = async (raw: unknown, options?: TokenProbeOptions) => runTokenProbe(tokenProbeInputSchema.parse(raw), options);

function fails(r: TokenProbeResult): string[] {
  return r.findings.filter((f) => f.status === 'fail').map((f) => `${f.id}: ${f.detail}`);
}
function status(r: TokenProbeResult, id: string) {
  return r.findings.find((f) => f.id === id)?.status;
}

/** A real code from the server's sign-in, exchanged by the probe with its HTTP Basic client. */
async function basicCodeExchange(server: OidcServer): Promise<TokenProbeResult> {
  const code = await server.obtainCode(server.basicClient.clientId);
  const client = server.basicClient;
  const grant = { type: 'authorization_code', code, redirectUri: ALEXA_TEST_REDIRECT };
  const input = { tokenUri: server.tokenUri, clientId: client.clientId, clientSecret: client.clientSecret, scheme: 'HTTP_BASIC', grant };
  return runParsed(input, { policy: harnessPolicy(server.port), ca });
}

let oidc: OidcServer;
test.beforeAll(async () => {
  oidc = await startOidcServer();
});
test.afterAll(async () => {
  await oidc?.close();
});

for (const which of ['basic', 'post'] as const) {
  test(`oidc-provider, ${which === 'basic' ? 'HTTP Basic' : 'credentials in body'}: a real code exchange gives no fail`, async () => {
    const client = which === 'basic' ? oidc.basicClient : oidc.postClient;
    const code = await oidc.obtainCode(client.clientId);
    const result = await runParsed(
      {
        tokenUri: oidc.tokenUri,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        scheme: which === 'basic' ? 'HTTP_BASIC' : 'REQUEST_BODY_CREDENTIALS',
        grant: { type: 'authorization_code', code, redirectUri: ALEXA_TEST_REDIRECT },
      },
      { policy: harnessPolicy(oidc.port), ca },
    );
    expect(fails(result)).toEqual([]);
    expect(result.ok).toBe(true);
    for (const id of ['token.status', 'token.json', 'token.content-type', 'token.access-token', 'token.token-type', 'token.expires-in',
      'token.refresh-token', 'token.cache-control', 'token.client-auth', 'token.oauth-error', 'token.tls']) {
      expect(status(result, id), id).toBe('pass');
    }
    expect(result.findings.find((f) => f.id === 'token.token-type')?.detail).toContain('Bearer');
    const text = JSON.stringify(result);
    expect(text).not.toContain(client.clientSecret);
    expect(text).not.toContain(code);
    expect(result.exchange?.response?.body).toMatch(/"id_token":"\[redacted token\]"/);

    // The same code again: a real invalid_grant, explained.
    const again = await runParsed(
      {
        tokenUri: oidc.tokenUri,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        scheme: which === 'basic' ? 'HTTP_BASIC' : 'REQUEST_BODY_CREDENTIALS',
        grant: { type: 'authorization_code', code, redirectUri: ALEXA_TEST_REDIRECT },
      },
      { policy: harnessPolicy(oidc.port), ca },
    );
    expect(status(again, 'token.oauth-error')).toBe('fail');
    expect(again.findings.find((f) => f.id === 'token.oauth-error')?.detail).toContain('invalid_grant');
    expect(status(again, 'token.client-auth')).toBe('pass');
  });
}

test('oidc-provider: a wrong client secret is refused with both schemes (real invalid_client)', async () => {
  const code = await oidc.obtainCode(oidc.postClient.clientId);
  const result = await runParsed(
    {
      tokenUri: oidc.tokenUri,
      clientId: oidc.postClient.clientId,
      clientSecret: 'not-the-secret',
      scheme: 'HTTP_BASIC',
      grant: { type: 'authorization_code', code, redirectUri: ALEXA_TEST_REDIRECT },
    },
    { policy: harnessPolicy(oidc.port), ca },
  );
  const f = result.findings.find((x) => x.id === 'token.client-auth');
  expect(f?.status).toBe('fail');
  expect(f?.detail).toMatch(/both schemes.*401.*invalid_client/);
  expect(status(result, 'token.oauth-error')).toBe('fail');
  expect(result.followUps.map((x) => x.purpose)).toEqual(['client-auth-retry']);
});

test('oidc-provider: a refresh grant with the rotation check passes (no rotation for confidential clients)', async () => {
  const tokens = await oidc.exchangeCode(oidc.basicClient, await oidc.obtainCode(oidc.basicClient.clientId));
  const refreshToken = String(tokens.refresh_token);
  const result = await runParsed(
    {
      tokenUri: oidc.tokenUri,
      clientId: oidc.basicClient.clientId,
      clientSecret: oidc.basicClient.clientSecret,
      scheme: 'HTTP_BASIC',
      grant: { type: 'refresh_token', refreshToken },
      checkRotation: true,
    },
    { policy: harnessPolicy(oidc.port), ca },
  );
  expect(fails(result)).toEqual([]);
  expect(status(result, 'token.rotation')).toBe('pass');
  expect(JSON.stringify(result)).not.toContain(refreshToken);
});

test('oidc-provider with refresh-token rotation: the rotation check warns', async () => {
  const rotating = await startOidcServer({ rotateRefreshToken: true });
  try {
    const tokens = await rotating.exchangeCode(rotating.postClient, await rotating.obtainCode(rotating.postClient.clientId));
    const result = await runParsed(
      {
        tokenUri: rotating.tokenUri,
        clientId: rotating.postClient.clientId,
        clientSecret: rotating.postClient.clientSecret,
        scheme: 'REQUEST_BODY_CREDENTIALS',
        grant: { type: 'refresh_token', refreshToken: String(tokens.refresh_token) },
        checkRotation: true,
      },
      { policy: harnessPolicy(rotating.port), ca },
    );
    expect(fails(result)).toEqual([]);
    const rotation = result.findings.find((f) => f.id === 'token.rotation');
    expect(rotation?.status).toBe('warn');
    // oidc-provider's reuse detection revokes the whole grant: the new refresh token dies with the replayed one.
    expect(rotation?.detail).toMatch(/also revoked the new refresh token .*reuse detection.*The user whose refresh token you entered has to link the account again/);
    expect(result.followUps.map((f) => f.purpose)).toEqual(['rotation-second-refresh', 'grant-after-reuse']);
  } finally {
    await rotating.close();
  }
});

test('oidc-provider with reuse detection, after a code exchange: the probe refreshes and replays on its own grant, and says the retry unlinks', async () => {
  const rotating = await startOidcServer({ rotateRefreshToken: true });
  try {
    const result = await basicCodeExchange(rotating);
    expect(fails(result)).toEqual([]);
    expect(status(result, 'token.refresh-works')).toBe('pass');
    const rotation = result.findings.find((f) => f.id === 'token.rotation');
    expect(rotation?.status).toBe('warn');
    expect(rotation?.detail).toMatch(/refused .*invalid_grant.*no grace period.*also revoked the new refresh token.*reuse detection.*its own grant/);
    expect(rotation?.detail).not.toContain('you entered');
    expect(result.followUps.map((f) => f.purpose)).toEqual(['own-refresh', 'rotation-second-refresh', 'grant-after-reuse']);
    expect(JSON.stringify(result)).not.toMatch(/"refresh_token":"(?!\[redacted)/);
  } finally {
    await rotating.close();
  }
});

test('oidc-provider with 5-minute access tokens: expires_in fails', async () => {
  const short = await startOidcServer({ accessTokenTtl: 300 });
  try {
    const result = await basicCodeExchange(short);
    expect(result.findings.find((f) => f.id === 'token.expires-in')).toMatchObject({
      status: 'fail',
      detail: 'expires_in is 300; Alexa needs at least 360 seconds (six minutes).',
    });
  } finally {
    await short.close();
  }
});
