import { expect, test } from '@playwright/test';
import { accountLinkingConfigInputSchema, checkAccountLinkingConfig, domainFormatProblem } from './configuration';
import { parseAccountLinkingConfig } from './smapi-config';
import { type Finding } from '@/lib/probes/findings';

const FLAT = {
  type: 'AUTH_CODE',
  authorizationUrl: 'https://auth.example.com/oauth2/authorize',
  domains: ['cdn.example.com', 'fonts.gstatic.com'],
  clientId: 'alexa-skill',
  scopes: ['profile', 'offline_access'],
  accessTokenUrl: 'https://auth.example.com/oauth2/token',
  accessTokenScheme: 'HTTP_BASIC',
  defaultTokenExpirationInSeconds: 3600,
  redirectUrls: ['https://app.example.com/alexa/link'],
  authorizationUrlsByPlatform: [
    { platformType: 'iOS', platformAuthorizationUrl: 'https://app.example.com/ios/auth' },
    { platformType: 'Android', platformAuthorizationUrl: 'https://app.example.com/android/auth' },
  ],
  voiceForwardAccountLinking: 'DISABLED',
};

const check = (value: unknown, skillType?: 'custom' | 'smartHome' | 'video' | 'music' | 'other') =>
  checkAccountLinkingConfig({ config: typeof value === 'string' ? value : JSON.stringify(value), skillType });
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
const bad = (findings: Finding[]) => findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id);

test('a good flat configuration passes', () => {
  const r = check(FLAT, 'smartHome');
  expect(bad(r.findings)).toEqual([]);
  expect(r.shape).toBe('flat');
  expect(r.config?.domains).toEqual(['cdn.example.com', 'fonts.gstatic.com']);
});

test('every wrapper shape gives the same configuration', () => {
  const expected = parseAccountLinkingConfig(JSON.stringify(FLAT));
  expect(expected.ok).toBe(true);
  const shapes: Array<[unknown, string]> = [
    [{ accountLinkingResponse: FLAT }, 'accountLinkingResponse'],
    [{ accountLinkingRequest: { ...FLAT, clientSecret: 's3cr3t-value', skipOnEnablement: 'true' } }, 'accountLinkingRequest'],
    [{ body: FLAT, headers: [{ key: 'content-type', value: 'application/json' }], statusCode: 200 }, 'full-response'],
    [{ body: { accountLinkingResponse: FLAT }, headers: [], statusCode: 200 }, 'full-response'],
    [{ body: JSON.stringify(FLAT), statusCode: 200 }, 'full-response'],
  ];
  for (const [value, shape] of shapes) {
    const r = parseAccountLinkingConfig(JSON.stringify(value));
    expect(r.ok && r.shape).toBe(shape);
    expect(r.ok && r.config.authorizationUrl).toBe(FLAT.authorizationUrl);
  }
  const request = parseAccountLinkingConfig(JSON.stringify(shapes[1]?.[0]));
  expect(request.ok && request.config.skipOnEnablement).toBe(true);
  const withSecret = check(shapes[1]?.[0]);
  expect(byId(withSecret.findings, 'config.client-secret')?.status).toBe('warn');
  expect(JSON.stringify(withSecret)).not.toContain('s3cr3t-value');
});

test('parse errors are specific', () => {
  const messages: Array<[string, string]> = [
    ['not json', 'Not valid JSON at line 1, column 1'],
    ['[]', 'an array'],
    ['"AUTH_CODE"', 'a string'],
    ['{"manifest": {}}', 'skill manifest'],
    ['{"foo": 1, "bar": 2}', 'No account linking fields found'],
    ['{"body": {"message": "Skill not found"}, "statusCode": 404, "headers": []}', 'HTTP 404 with the message "Skill not found"'],
    ['{"body": 5, "statusCode": 200, "headers": []}', 'a number'],
  ];
  for (const [text, message] of messages) {
    const r = check(text);
    expect(r.config).toBeNull();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ id: 'config.parse', status: 'fail' });
    expect(r.findings[0]?.detail).toContain(message);
  }
});

test('URL rules: https everywhere, 443 for the authorization URL (fail) and token URL (warn)', () => {
  const r = check({ ...FLAT, authorizationUrl: 'http://auth.example.com/authorize', accessTokenUrl: 'https://auth.example.com:8443/token' });
  expect(byId(r.findings, 'config.authorization-url')).toMatchObject({ status: 'fail', node: 'tip-https-ca' });
  expect(byId(r.findings, 'config.access-token-url-port')?.status).toBe('warn');
  expect(byId(check({ ...FLAT, authorizationUrl: 'https://auth.example.com:8443/a' }).findings, 'config.authorization-url-port')?.title).toBe('authorizationUrl uses port 8443, not 443');
  expect(byId(check({ ...FLAT, accessTokenUrl: 'http://a.com/t' }).findings, 'config.access-token-url')?.status).toBe('fail');
  expect(byId(check({ ...FLAT, accessTokenUrl: undefined }).findings, 'config.access-token-url')).toMatchObject({ status: 'fail', node: 'token-exchange' });
  expect(byId(check({ ...FLAT, type: 'IMPLICIT', accessTokenUrl: undefined }).findings, 'config.access-token-url')).toBeUndefined();
  expect(byId(check({ ...FLAT, redirectUrls: ['myapp://callback'] }).findings, 'config.redirect-urls')?.status).toBe('fail');
  expect(byId(check({ ...FLAT, authorizationUrlsByPlatform: [{ platformType: 'Windows', platformAuthorizationUrl: 'http://x.com' }] }).findings, 'config.platform-urls')?.detail).toContain('not iOS or Android');
});

test('token lifetime, grant type and scopes', () => {
  expect(byId(check({ ...FLAT, defaultTokenExpirationInSeconds: 300 }).findings, 'config.token-expiration')).toMatchObject({ status: 'fail', node: 'token-lifetime-too-short' });
  expect(byId(check({ ...FLAT, defaultTokenExpirationInSeconds: '3600' }).findings, 'config.token-expiration')?.status).toBe('pass');
  expect(byId(check({ ...FLAT, defaultTokenExpirationInSeconds: 'an hour' }).findings, 'config.fields')?.detail).toContain('whole number');
  expect(byId(check({ ...FLAT, type: 'IMPLICIT' }, 'smartHome').findings, 'config.grant-type')?.status).toBe('fail');
  expect(byId(check({ ...FLAT, type: 'IMPLICIT' }, 'custom').findings, 'config.grant-type')?.status).toBe('pass');
  expect(byId(check({ ...FLAT, type: 'IMPLICIT' }).findings, 'config.grant-type')).toBeUndefined();
  expect(byId(check({ ...FLAT, type: 'auth_code' }).findings, 'config.type')).toMatchObject({ status: 'fail', title: 'The grant type is neither AUTH_CODE nor IMPLICIT' });
  expect(byId(check({ ...FLAT, type: 'auth_code' }).findings, 'config.type')?.detail).toContain('Did you mean AUTH_CODE');
  expect(byId(check({ ...FLAT, type: 'auth_code' }).findings, 'config.fields')).toBeUndefined();
  expect(byId(check({ ...FLAT, type: undefined }).findings, 'config.type')?.title).toBe('The configuration has no grant type');
  expect(byId(check({ ...FLAT, scopes: [] }, 'smartHome').findings, 'config.scopes')?.status).toBe('fail');
  expect(byId(check({ ...FLAT, scopes: Array.from({ length: 16 }, (_, i) => `s${i}`) }).findings, 'config.scopes')?.status).toBe('fail');
  expect(byId(check({ ...FLAT, accessTokenScheme: 'BASIC' }).findings, 'config.token-scheme')?.detail).toContain('HTTP_BASIC, REQUEST_BODY_CREDENTIALS');
  expect(byId(check({ ...FLAT, accessTokenScheme: undefined }).findings, 'config.token-scheme')?.status).toBe('warn');
});

test('domains: at most 15, bare hosts, no duplicates', () => {
  const many = check({ ...FLAT, domains: Array.from({ length: 16 }, (_, i) => `h${i}.example.com`) });
  expect(byId(many.findings, 'config.domains-count')).toMatchObject({ status: 'fail', node: 'domain-list-missing' });
  const format = check({ ...FLAT, domains: ['https://cdn.example.com', 'cdn.example.com/path', '*.example.com', 'example.com:443', 'ok.example.com'] });
  const f = byId(format.findings, 'config.domains-format');
  expect(f?.status).toBe('warn');
  expect(f?.detail).toContain('has a scheme');
  expect(f?.detail).toContain('has a path');
  expect(f?.detail).toContain('has a wildcard');
  expect(f?.detail).toContain('has a port');
  expect(f?.detail).not.toContain('ok.example.com');
  expect(byId(check({ ...FLAT, domains: ['a.com', 'A.com.', 'b.com'] }).findings, 'config.domains-duplicate')?.detail).toContain('A.com.');
  expect(domainFormatProblem('bücher.example')).toBeNull();
  expect(domainFormatProblem('a b.com')).toBe('contains spaces');
});

test('wrong field types are reported, not thrown', () => {
  const r = check({ type: 5, domains: 'a.com, b.com', scopes: [1, 'x'], authorizationUrlsByPlatform: {}, skipOnEnablement: 'yes' });
  const fields = byId(r.findings, 'config.fields');
  expect(fields?.status).toBe('fail');
  expect(byId(r.findings, 'config.type')?.detail).toContain('type is a number');
  expect(fields?.detail).toContain('skipOnEnablement');
  expect(r.config?.domains).toEqual(['a.com', 'b.com']);
  expect(r.config?.scopes).toEqual(['x']);
  expect(() => check('{"a":'.repeat(40))).not.toThrow();
});

test('the input schema validates the skill type', () => {
  expect(accountLinkingConfigInputSchema.safeParse({ config: '{}', skillType: 'smartHome' }).success).toBe(true);
  expect(accountLinkingConfigInputSchema.safeParse({ config: '{}', skillType: 'tv' }).error?.issues[0]?.message).toContain('skill type');
  expect(accountLinkingConfigInputSchema.safeParse({ config: '' }).success).toBe(false);
});

test('each finding’s title says what the configuration holds, not the rule', () => {
  const cases: Array<[Record<string, unknown>, string, string, string?]> = [
    [{ defaultTokenExpirationInSeconds: 300 }, 'config.token-expiration', 'Default access tokens last 300 s; Alexa needs at least 360 s'],
    [{ defaultTokenExpirationInSeconds: 3600 }, 'config.token-expiration', 'Default access tokens last 3600 s'],
    [{ accessTokenUrl: 'https://auth.example.com:3620/token' }, 'config.access-token-url-port', 'accessTokenUrl uses port 3620, not 443'],
    [{ accessTokenUrl: 'http://auth.example.com/token' }, 'config.access-token-url', 'accessTokenUrl uses http, not https'],
    [{ authorizationUrl: 'http://auth.example.com/authorize' }, 'config.authorization-url', 'authorizationUrl uses http, not https'],
    [{ type: 'IMPLICIT' }, 'config.grant-type', 'The grant type is IMPLICIT; smartHome skills need AUTH_CODE', 'smartHome'],
    [{ accessTokenScheme: undefined }, 'config.token-scheme', 'The configuration has no accessTokenScheme'],
    [{ domains: Array.from({ length: 16 }, (_, i) => `h${i}.example.com`) }, 'config.domains-count', 'The Domain List has 16 domains; Amazon allows 15'],
    [{ domains: ['https://cdn.example.com', 'ok.example.com'] }, 'config.domains-format', '"https://cdn.example.com" has a scheme: not a bare host name'],
    [{ domains: ['a.example.com', 'A.example.com'] }, 'config.domains-duplicate', 'Listed more than once: "A.example.com"'],
    [{ scopes: Array.from({ length: 16 }, (_, i) => `s${i}`) }, 'config.scopes', '16 scopes; Amazon allows 15'],
    [{ redirectUrls: ['myapp://callback'] }, 'config.redirect-urls', '1 redirect URL not on https: "myapp://callback" uses myapp, not https'],
  ];
  for (const [over, id, title, skillType] of cases) {
    expect(byId(check({ ...FLAT, ...over }, skillType as never).findings, id)?.title, JSON.stringify(over)).toBe(title);
  }
});
