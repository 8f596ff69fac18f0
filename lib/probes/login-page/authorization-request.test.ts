import { expect, test } from '@playwright/test';
import { authorizationRequestInputSchema, buildAuthorizationRequest, realisticState, REALISTIC_STATE_LENGTH } from './authorization-request';

test('a realistic state is long, base64url-like and stable', () => {
  const state = realisticState();
  expect(state).toHaveLength(REALISTIC_STATE_LENGTH);
  expect(state.startsWith('A2SAAEAE')).toBe(true);
  expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(realisticState()).toBe(state);
});

test('builds the request Alexa sends, with its own parameters appended', () => {
  const r = buildAuthorizationRequest({
    authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline',
    clientId: 'my-client',
    responseType: 'code',
    scopes: ['openid', 'profile'],
    redirectUri: 'https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F',
    state: 'abc',
  });
  expect(r.url).toBe(
    'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&state=abc&client_id=my-client&response_type=code&scope=openid%20profile&redirect_uri=https%3A%2F%2Flayla.amazon.com%2Fapi%2Fskill%2Flink%2FM3BVP74N95SP1F',
  );
  expect(r.length).toBe(r.url?.length);
  const sum = r.parts.authorizationUri + r.parts.state + r.parts.scope + r.parts.redirectUri + r.parts.clientId + r.parts.other;
  expect(sum).toBe(r.length);
  expect(r.findings).toEqual([expect.objectContaining({ id: 'login.url-length', status: 'pass', node: 'request-too-large' })]);
});

test('without a state, a 640-character one is assumed; PKCE adds its parameters', () => {
  const r = buildAuthorizationRequest({ authorizationUri: 'https://auth.example.com/authorize', pkce: true, responseType: 'token' });
  expect(r.parts.state).toBe('state='.length + REALISTIC_STATE_LENGTH);
  expect(r.url).toContain('&response_type=token&');
  expect(r.url).toContain('&code_challenge_method=S256');
  expect(r.findings[0]?.detail).toContain('a realistic Alexa state');
});

test('long requests warn above ~2,000 characters and fail above 8 KB, naming what to shorten', () => {
  const longQuery = `https://auth.example.com/authorize?${'x'.repeat(1500)}=1`;
  const warn = buildAuthorizationRequest({ authorizationUri: longQuery });
  expect(warn.findings[0]).toMatchObject({ status: 'warn', node: 'request-too-large' });
  expect(warn.findings[0]?.fix).toContain("authorization URI's own query");

  const manyScopes = Array.from({ length: 50 }, (_, i) => `https://www.googleapis.com/auth/scope.number.${i}.readonly`);
  const fail = buildAuthorizationRequest({ authorizationUri: `https://auth.example.com/authorize?${'y'.repeat(5000)}=1`, scopes: manyScopes });
  expect(fail.length).toBeGreaterThan(8192);
  expect(fail.findings[0]).toMatchObject({ id: 'login.url-length', status: 'fail', node: 'request-too-large' });
  expect(fail.findings[0]?.detail).toContain(`${fail.length} characters`);
  expect(fail.findings[0]?.fix).toContain('the scopes');
});

test("parameters that clash with Alexa's are flagged", () => {
  const r = buildAuthorizationRequest({ authorizationUri: 'https://auth.example.com/authorize?scope=openid&redirect_uri=https%3A%2F%2Fx' });
  const dup = r.findings.find((f) => f.id === 'login.duplicate-params');
  expect(dup).toMatchObject({ status: 'warn', node: 'redirect-uri-invalid' });
  expect(dup?.detail).toContain('scope and redirect_uri');
  expect(buildAuthorizationRequest({ authorizationUri: 'https://auth.example.com/authorize?' }).url).toMatch(/authorize\?state=/);
});

test('bad input gives a finding, never a throw', () => {
  const r = buildAuthorizationRequest({ authorizationUri: 'not a url' });
  expect(r.url).toBeNull();
  expect(r.findings[0]).toMatchObject({ id: 'login.url-length', status: 'fail' });
  expect(() => buildAuthorizationRequest({ authorizationUri: 'https://a.com/#frag', scopes: 'a, b c', state: '\u0000\ud800' })).not.toThrow();
});

test('the input schema fills defaults and splits scope text', () => {
  const parsed = authorizationRequestInputSchema.parse({ authorizationUri: 'https://auth.example.com/a', scopes: 'openid, profile  email' });
  expect(parsed).toMatchObject({ responseType: 'code', scopes: ['openid', 'profile', 'email'], pkce: false });
  expect(authorizationRequestInputSchema.safeParse({ authorizationUri: 'https://a.com', responseType: 'id_token' }).error?.issues[0]?.message).toContain('code');
  expect(authorizationRequestInputSchema.safeParse({ authorizationUri: 'https://a.com', redirectUri: 'http://x.com' }).error?.issues[0]?.message).toContain('https://');
});
