import { expect, test } from '@playwright/test';
import { checkProviderQuirks, providerOf } from './run';
import { providerQuirksInputSchema } from './input';
import { type Finding } from '@/lib/probes/findings';

const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);

test('providers are recognised from their URIs', () => {
  const cases: Array<[string, string | null]> = [
    ['https://accounts.google.com/o/oauth2/v2/auth', 'google'],
    ['https://oauth2.googleapis.com/token', 'google'],
    ['https://www.googleapis.com/oauth2/v4/token', 'google'],
    ['https://www.googleapis.com/drive/v3', null],
    ['https://github.com/login/oauth/authorize', 'github'],
    ['https://github.com/login/oauth/access_token', 'github'],
    ['https://tenant.eu.auth0.com/authorize', 'auth0'],
    ['https://notauth0.com/authorize', null],
    ['https://dev-123.okta.com/oauth2/default/v1/authorize', 'okta'],
    ['https://sso.example.com/realms/main/protocol/openid-connect/auth', 'keycloak'],
    ['https://abc.logto.app/oidc/auth', 'logto'],
    ['https://id.example.com/oauth/v2/token', 'zitadel'],
    ['https://mydomain.auth.us-east-1.amazoncognito.com/oauth2/token', 'cognito'],
    ['https://www.facebook.com/v19.0/dialog/oauth', 'facebook'],
    ['https://graph.facebook.com/v19.0/oauth/access_token', 'facebook'],
    ['https://www.amazon.com/ap/oa', 'lwa'],
    ['https://api.amazon.com/auth/o2/token', 'lwa'],
    ['https://auth.example.com/authorize', null],
  ];
  for (const [url, id] of cases) expect(providerOf(new URL(url)), url).toBe(id);
});

test('Google: access_type=offline and prompt=consent', () => {
  const bare = checkProviderQuirks({ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth', accessTokenUri: 'https://oauth2.googleapis.com/token' });
  expect(bare.providers).toEqual([{ id: 'google', name: 'Google', via: ['authorization URI', 'token URI'] }]);
  expect(byId(bare.findings, 'provider.google.access-type')).toMatchObject({ status: 'warn', node: 'google-access-type-offline' });
  expect(byId(bare.findings, 'provider.google.prompt')).toMatchObject({ status: 'warn', node: 'google-refresh-token-first-only' });
  expect(byId(bare.findings, 'provider.google.publishing-status')?.status).toBe('skip');

  const good = checkProviderQuirks({ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent' });
  expect(byId(good.findings, 'provider.google.access-type')?.status).toBe('pass');
  expect(byId(good.findings, 'provider.google.prompt')?.status).toBe('pass');

  const online = checkProviderQuirks({ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=online' });
  expect(byId(online.findings, 'provider.google.access-type')?.detail).toContain('access_type="online"');

  const noRefresh = checkProviderQuirks({
    authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline',
    tokenResponse: { contentType: 'application/json', body: '{"access_token":"ya29.secret","expires_in":3599,"token_type":"Bearer"}' },
  });
  // As the token probe says of the same answer: a link without a refresh token ends when the access token expires.
  expect(byId(noRefresh.findings, 'provider.google.refresh-token')?.status).toBe('warn');
  expect(JSON.stringify(noRefresh)).not.toContain('ya29.secret');
});

test('GitHub: form-encoded token responses fail, a JSON gateway passes', () => {
  const direct = checkProviderQuirks({ authorizationUri: 'https://github.com/login/oauth/authorize', accessTokenUri: 'https://github.com/login/oauth/access_token' });
  expect(byId(direct.findings, 'provider.github.token-format')).toMatchObject({ status: 'fail', node: 'tip-json-not-params' });
  expect(byId(direct.findings, 'provider.github.expires-in')?.status).toBe('warn');

  const form = checkProviderQuirks({ accessTokenUri: 'https://github.com/login/oauth/access_token', tokenResponse: { contentType: 'application/x-www-form-urlencoded; charset=utf-8', body: 'access_token=gho_secret&scope=&token_type=bearer' } });
  expect(byId(form.findings, 'provider.github.token-format')?.detail).toContain('parameter string');
  expect(JSON.stringify(form)).not.toContain('gho_secret');

  const gateway = checkProviderQuirks({ authorizationUri: 'https://github.com/login/oauth/authorize', accessTokenUri: 'https://gw.example.com/github/token' });
  expect(byId(gateway.findings, 'provider.github.token-format')?.status).toBe('pass');
});

test('Auth0 and OIDC servers: offline_access from the scopes or the URI', () => {
  const unknown = checkProviderQuirks({ authorizationUri: 'https://t.auth0.com/authorize' });
  expect(byId(unknown.findings, 'provider.auth0.offline-access')?.status).toBe('warn');
  const missing = checkProviderQuirks({ authorizationUri: 'https://t.auth0.com/authorize', scopes: ['openid', 'profile'] });
  expect(byId(missing.findings, 'provider.auth0.offline-access')).toMatchObject({ status: 'fail', node: 'provider-refresh-quirks' });
  const inUri = checkProviderQuirks({ authorizationUri: 'https://t.auth0.com/authorize?scope=openid%20offline_access&audience=x' });
  expect(byId(inUri.findings, 'provider.auth0.offline-access')?.status).toBe('pass');
  const okta = checkProviderQuirks({ authorizationUri: 'https://dev-1.okta.com/oauth2/default/v1/authorize', scopes: ['openid'] });
  expect(byId(okta.findings, 'provider.okta.offline-access')?.status).toBe('warn');
  const logto = checkProviderQuirks({ accessTokenUri: 'https://x.logto.app/oidc/token', scopes: ['openid'] });
  expect(byId(logto.findings, 'provider.logto.offline-access')?.detail).toContain('14 days');
});

test('Cognito, Facebook and Login with Amazon', () => {
  const cognito = checkProviderQuirks({ accessTokenUri: 'https://d.auth.eu-west-1.amazoncognito.com/token' });
  expect(byId(cognito.findings, 'provider.cognito.refresh')?.detail).toContain('/oauth2/token');
  expect(byId(checkProviderQuirks({ authorizationUri: 'https://www.facebook.com/dialog/oauth' }).findings, 'provider.facebook.refresh')?.status).toBe('warn');
  const lwa = checkProviderQuirks({ authorizationUri: 'https://www.amazon.com/ap/oa', scopes: ['alexa::skills:account_linking'] });
  expect(byId(lwa.findings, 'provider.lwa.scope')?.detail).toContain('app-to-app');
  expect(byId(checkProviderQuirks({ authorizationUri: 'https://www.amazon.com/ap/oa', scopes: ['profile'] }).findings, 'provider.lwa.scope')?.status).toBe('pass');
});

test('an unknown provider gives one skip finding', () => {
  const r = checkProviderQuirks({ authorizationUri: 'https://auth.example.com/authorize' });
  expect(r.providers).toEqual([]);
  expect(r.findings).toHaveLength(1);
  expect(r.findings[0]).toMatchObject({ id: 'provider.detected', status: 'skip' });
  expect(r.findings[0]?.detail).toContain('auth.example.com');
});

test('bad input never throws', () => {
  expect(checkProviderQuirks({ authorizationUri: 'not a url', accessTokenUri: '::' }).findings[0]?.status).toBe('skip');
  expect(() => checkProviderQuirks({ accessTokenUri: 'https://github.com/login/oauth/access_token', tokenResponse: { body: '['.repeat(60000) } })).not.toThrow();
  expect(providerQuirksInputSchema.safeParse({}).error?.issues[0]?.message).toContain('authorization URI, the access token URI, or both');
  expect(providerQuirksInputSchema.safeParse({ authorizationUri: 'nope' }).error?.issues[0]?.message).toContain('https://');
  expect(providerQuirksInputSchema.parse({ authorizationUri: '', accessTokenUri: 'https://a.com/t' })).toEqual({ authorizationUri: undefined, accessTokenUri: 'https://a.com/t' });
});

test('a host both URIs share is named once, and said sensibly', () => {
  const r = checkProviderQuirks(providerQuirksInputSchema.parse({ authorizationUri: 'https://localhost/authorize', accessTokenUri: 'https://localhost/token' }));
  const f = byId(r.findings, 'provider.detected');
  expect(f?.title).toBe('"localhost": no provider with known quirks');
  expect(f?.detail).toMatch(/^"localhost" is not one of the providers with known Alexa quirks/);
  const two = checkProviderQuirks(providerQuirksInputSchema.parse({ authorizationUri: 'https://a.example.com/authorize', accessTokenUri: 'https://b.example.com/token' }));
  expect(byId(two.findings, 'provider.detected')?.detail).toMatch(/^"a\.example\.com" and "b\.example\.com" are none of the providers/);
});

test('each quirk’s title says what the URIs, scopes or answer hold', () => {
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?client_id=x' }, 'provider.google.access-type', 'The authorization URI has no access_type: Google returns no refresh token'],
    [{ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=online' }, 'provider.google.access-type', 'The authorization URI has access_type="online": Google returns no refresh token'],
    [{ authorizationUri: 'https://accounts.google.com/o/oauth2/v2/auth?access_type=offline&prompt=consent' }, 'provider.google.prompt', 'The authorization URI has prompt=consent'],
    [{ accessTokenUri: 'https://github.com/login/oauth/access_token' }, 'provider.github.token-format', 'The token URI is GitHub’s (github.com), which answers form-encoded, not JSON'],
    [{ authorizationUri: 'https://t.eu.auth0.com/authorize', scopes: ['openid', 'profile'] }, 'provider.auth0.offline-access', 'The scopes lack offline_access: Auth0 issues no lasting refresh token'],
    [{ authorizationUri: 'https://www.amazon.com/ap/oa', scopes: ['email'] }, 'provider.lwa.scope', 'The scopes lack profile: Login with Amazon needs profile or profile:user_id'],
  ];
  for (const [input, id, title] of cases) expect(byId(checkProviderQuirks(providerQuirksInputSchema.parse(input)).findings, id)?.title, JSON.stringify(input)).toBe(title);
});
