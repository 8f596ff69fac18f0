import { expect, test } from '@playwright/test';
import type { ServerResponse } from 'node:http';
import { makeHostCerts } from '@/e2e/fixtures/host-certs';
import { startServer, type ServerOptions } from '@/e2e/fixtures/servers';
import { TEST_CLIENT } from '@/e2e/fixtures/token-servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { harnessPolicy, tableLookup } from '@/lib/net/test-support';
import { runTokenProbe, type TokenProbeOptions } from './run';
import { tokenProbeInputSchema, type TokenProbeResult } from './input';

// Token endpoints on loopback that answer exactly as the providers' own documentation shows: the fields, their types,
// the status and the headers. Each one's finding names the provider's quirk and the evidence.

const { ca } = fixtureTls();

type Answer = { status?: number; headers?: Record<string, string>; body: string };
const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Answer => ({ status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

/** The probe against a server giving `answer` to the code exchange (and the same to anything after it). */
async function probeAnswer(answer: Answer, over: Record<string, unknown> = {}, server: ServerOptions = {}, host?: string, extra: TokenProbeOptions = {}): Promise<TokenProbeResult> {
  const s = await startServer((_req, res: ServerResponse) => {
    res.writeHead(answer.status ?? 200, answer.headers ?? JSON_HEADERS);
    res.end(answer.body);
  }, server);
  try {
    const tokenUri = `https://${host ?? '127.0.0.1'}:${s.port}/oauth/token`;
    const input = tokenProbeInputSchema.parse({
      tokenUri,
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      scheme: 'REQUEST_BODY_CREDENTIALS',
      grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
      ...over,
    });
    return await runTokenProbe(input, { policy: harnessPolicy(s.port), ca, ...extra });
  } finally {
    await s.close();
  }
}

const find = (r: TokenProbeResult, id: string) => {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
};

test.describe('providers’ token answers', () => {
  test('Azure AD v1: numbers as strings → expires_in warns, nothing fails', async () => {
    const r = await probeAnswer(
      json({ token_type: 'Bearer', scope: 'user_impersonation', expires_in: '3599', ext_expires_in: '3599', expires_on: '1764547200', not_before: '1764543300', resource: 'https://graph.windows.net', access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln', refresh_token: 'AQABAAAAAABeAFzDwllzTYGDLh_qYbH8hgtbYgAz', id_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }),
    );
    expect(find(r, 'token.expires-in')).toMatchObject({ status: 'warn', node: 'token-lifetime-too-short' });
    expect(find(r, 'token.expires-in').detail).toContain('the string “3599”');
  });

  test('Salesforce: no expires_in → checked against the console default when it is entered', async () => {
    const salesforce = json({ access_token: '00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7T', signature: 'SSSbLO/gBhmmyNUvN18ODBDFYHzakxOMgqYtu+hDPsc=', scope: 'refresh_token api', instance_url: 'https://yourInstance.salesforce.com', id: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P', token_type: 'Bearer', issued_at: '1278448832702', refresh_token: '5Aep861KIwKdekr90I4iHdtDgWwRoG7O_6uHrgJ.yVtMS-UmGrCYuvTdBSsn3w' });
    const unknown = await probeAnswer(salesforce);
    expect(find(unknown, 'token.expires-in')).toMatchObject({ status: 'warn' });
    expect(find(unknown, 'token.expires-in').detail).toMatch(/no expires_in.*Enter that setting in the probe to check it against 360 seconds/);
    const short = await probeAnswer(salesforce, { defaultTokenExpirationInSeconds: 300 });
    expect(find(short, 'token.expires-in')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/Default Access Token Expiration Time from the console’s account-linking settings: 300 seconds; Alexa needs at least 360 seconds/) });
    const enough = await probeAnswer(salesforce, { defaultTokenExpirationInSeconds: 3600 });
    expect(find(enough, 'token.expires-in').status).toBe('pass');
  });

  test('Slack oauth.v2.access: token_type "bot" → token-type warns, naming Slack', async () => {
    const r = await probeAnswer(
      json({ ok: true, access_token: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy', token_type: 'bot', scope: 'commands,incoming-webhook', bot_user_id: 'U0KRQLJ9H', app_id: 'A0KRD7HC3', team: { name: 'Slack Softball Team', id: 'T9TK3CUKW' }, enterprise: null, authed_user: { id: 'U1234', scope: 'chat:write', access_token: 'xoxp-1234', token_type: 'user' } }),
    );
    expect(find(r, 'token.token-type')).toMatchObject({ status: 'warn', node: 'token-server-error' });
    expect(find(r, 'token.token-type').detail).toMatch(/token_type is “bot”, not "bearer" \(Slack’s bot tokens say so\)/);
    expect(find(r, 'token.refresh-token').status).toBe('warn');
  });

  test('Twitch: scope as a JSON list → token.scope warns', async () => {
    const r = await probeAnswer(json({ access_token: 'rfx2uswqe8l4g1mkagrvg5tv0ks3', expires_in: 14124, refresh_token: '5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01', scope: ['channel:moderate', 'chat:edit', 'chat:read'], token_type: 'bearer' }));
    expect(find(r, 'token.scope')).toMatchObject({ status: 'warn', node: 'token-server-error' });
    expect(find(r, 'token.scope').detail).toContain('a JSON list (["channel:moderate","chat:edit","chat:read"])');
    expect(r.findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  test('Facebook: its own error object → the OAuth error finding quotes type, code and message', async () => {
    const r = await probeAnswer(json({ error: { message: 'This authorization code has been used.', type: 'OAuthException', code: 100, fbtrace_id: 'AbCdEfGhIjK' } }, 400));
    const f = find(r, 'token.oauth-error');
    expect(f.status).toBe('fail');
    expect(f.detail).toMatch(/a provider’s own error object, not the \{"error": "code"\} of RFC 6749: type “OAuthException”, code “100” \(message: “This authorization code has been used\.”\)\. Facebook answers this way/);
    expect(f.fix).toContain('Return errors as JSON with an "error" code');
  });

  test('GitHub: an error sent with HTTP 200, form-encoded as by default → token.status fails, the error is quoted', async () => {
    const r = await probeAnswer({
      status: 200,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'Cache-Control': 'no-store' },
      body: 'error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Foauth-apps%2Fmaintaining-oauth-apps%2Ftroubleshooting-oauth-app-access-token-request-errors%2F%23bad-verification-code',
    });
    expect(find(r, 'token.status')).toMatchObject({ status: 'fail' });
    expect(find(r, 'token.status').detail).toMatch(/HTTP\/1\.1 200 OK, but with an error in the body.*GitHub/);
    expect(find(r, 'token.oauth-error').detail).toMatch(/with HTTP 200 with a form-encoded error, error=“bad_verification_code” \(error_description: “The code passed is incorrect or expired\.”\)/);
    expect(find(r, 'token.client-auth').detail).toContain('its error, “bad_verification_code”, is about the grant or the request');
  });

  test('GitHub with Accept: application/json: the JSON error with HTTP 200 fails the status too', async () => {
    const r = await probeAnswer(json({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.', error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials' }));
    expect(find(r, 'token.status').status).toBe('fail');
    expect(find(r, 'token.oauth-error').detail).toContain('“incorrect_client_credentials”');
    // GitHub's code for wrong client credentials: the credentials were not accepted, whatever the status says.
    expect(find(r, 'token.client-auth')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/refused the client credentials with both schemes/) });
  });

  test('Login with Amazon: X-Amzn-Errortype OA2InvalidGrantException → named, with the Allowed Return URLs hint', async () => {
    const r = await probeAnswer(json({ error_description: 'The request has an invalid grant parameter : code', error: 'invalid_grant' }, 400, { 'x-amzn-RequestId': 'd8f1a4b2-0000-4c1e-9e2f-1b2c3d4e5f60', 'X-Amzn-Errortype': 'OA2InvalidGrantException:http://internal.amazon.com/coral/com.amazon.panda/' }));
    const f = find(r, 'token.oauth-error');
    expect(f.detail).toMatch(/X-Amzn-Errortype header says “OA2InvalidGrantException:.*Allowed Return URLs/);
  });

  test('Keycloak defaults: expires_in 300 fails, refresh_expires_in 1800 warns', async () => {
    const r = await probeAnswer(json({ access_token: 'eyJhbGciOiJSUzI1NiIsInR5cCIgOiAiSldUIn0.eyJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJl', expires_in: 300, refresh_expires_in: 1800, refresh_token: 'eyJhbGciOiJIUzUxMiIsInR5cCIgOiAiSldUIn0.eyJ0eXAiOiJSZWZyZXNoIn0.c2ln', token_type: 'Bearer', 'not-before-policy': 0, session_state: 'a856fb91-eabc-460e-8f7b-ee6e3b3a4b1d', scope: 'profile email' }));
    expect(find(r, 'token.expires-in')).toMatchObject({ status: 'fail', detail: 'expires_in is 300; Alexa needs at least 360 seconds (six minutes).' });
    expect(find(r, 'token.refresh-lifetime')).toMatchObject({ status: 'warn', node: 'refresh-token-revoked-early' });
    expect(find(r, 'token.refresh-lifetime').detail).toMatch(/refresh_expires_in is 1800: the refresh token expires after 30 minutes/);
  });

  test('Auth0 without an audience: a short opaque access token is information on a passing finding', async () => {
    const certs = makeHostCerts(['tenant.us.auth0.com']);
    try {
      const lookup = tableLookup({ 'tenant.us.auth0.com': ['127.0.0.1'] });
      const r = await probeAnswer(
        json({ access_token: 'v2Gx1T0pXYZ8tT5Pq7mV3cL9aB2dE6fH', id_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxMjMifQ.c2ln', scope: 'openid profile offline_access', expires_in: 86400, token_type: 'Bearer', refresh_token: 'v1.MVrx2TgZb6bXlFYy8aH4s0wqP3n7kLdE' }),
        {},
        { tls: { key: certs.key, cert: certs.cert } },
        'tenant.us.auth0.com',
        { lookup, ca: certs.ca },
      );
      const f = find(r, 'token.access-token');
      expect(f.status).toBe('pass');
      expect(f.detail).toMatch(/opaque token of 32 characters, not a JWT: Auth0 issues such tokens when the authorization request names no audience/);
      expect(r.findings.filter((x) => x.status === 'fail')).toEqual([]);
    } finally {
      certs.cleanup();
    }
  });
});

test.describe('what answers instead of the token endpoint', () => {
  test('a Cloudflare challenge (403, cf-mitigated: challenge) → token.bot-protection warns with the headers', async () => {
    const r = await probeAnswer({
      status: 403,
      headers: { 'Content-Type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', 'cf-ray': '8e1f2a3b4c5d6e7f-FRA', Server: 'cloudflare', 'Cache-Control': 'private, max-age=0, no-store, no-cache, must-revalidate' },
      body: '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript><script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></body></html>',
    });
    const f = find(r, 'token.bot-protection');
    expect(f).toMatchObject({ status: 'warn', node: 'token-bot-protection' });
    expect(f.detail).toContain('cf-mitigated: “challenge”, cf-ray: “8e1f2a3b4c5d6e7f-FRA”');
    expect(find(r, 'token.status').status).toBe('fail');
    expect(find(r, 'token.uris-swapped').status).toBe('pass');
  });

  test('a 503 block page with a firewall header → warns; a plain 503 JSON error does not', async () => {
    const blocked = await probeAnswer({ status: 503, headers: { 'Content-Type': 'text/html', 'x-sucuri-id': '18013' }, body: '<html><head><title>Sucuri WebSite Firewall - Access Denied</title></head><body>Access Denied</body></html>' });
    expect(find(blocked, 'token.bot-protection').status).toBe('warn');
    const plain = await probeAnswer(json({ error: 'temporarily_unavailable' }, 503));
    expect(find(plain, 'token.bot-protection').status).toBe('pass');
  });

  test('the token URI answers the login page → token.uris-swapped fails', async () => {
    const r = await probeAnswer({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Sign in</title></head><body><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form></body></html>' });
    expect(find(r, 'token.uris-swapped')).toMatchObject({ status: 'fail', node: 'token-uri-swapped' });
    expect(find(r, 'token.uris-swapped').detail).toContain('password field');
  });

  test('a login form with a hidden response_type and required fields is named for its password field, not response_type', async () => {
    const r = await probeAnswer({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body><form method="post"><input type="hidden" name="response_type" value="code"><input name="user" required><input type="password" name="pw" required></form></body></html>' });
    expect(find(r, 'token.uris-swapped').detail).toContain('password field');
  });

  test('the token URI redirects to a login page → token.uris-swapped fails', async () => {
    const r = await probeAnswer({ status: 302, headers: { Location: '/u/login?state=hKFo2SBSZ', 'Content-Type': 'text/html' }, body: '' });
    expect(find(r, 'token.uris-swapped').status).toBe('fail');
    expect(find(r, 'token.uris-swapped').detail).toContain('/u/login');
  });

  test('“The mandatory response_type parameter is missing” (OpenIddict) → token.uris-swapped fails', async () => {
    const r = await probeAnswer(json({ error: 'invalid_request', error_description: "The mandatory 'response_type' parameter is missing.", error_uri: 'https://documentation.openiddict.com/errors/ID2029' }, 400));
    expect(find(r, 'token.uris-swapped').status).toBe('fail');
    expect(find(r, 'token.uris-swapped').detail).toContain("The mandatory 'response_type' parameter is missing");
  });
});
