import { expect, test } from '@playwright/test';
import { checkImplicitRedirect } from './run';
import { implicitRedirectInputSchema } from './input';
import { type Finding } from '@/lib/probes/findings';

const TOKEN = '2YotnFZFEjr1zCsicMWpAA';
const GOOD = `https://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=AAAAAAAAAAAAAA#state=xyz&access_token=${TOKEN}&token_type=Bearer`;

const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
const statusOf = (findings: Finding[], id: string) => byId(findings, id)?.status;

test("Amazon's example passes every check", () => {
  const { findings, target } = checkImplicitRedirect({ redirectUrl: GOOD, expectedState: 'xyz' });
  expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
  expect(target).toEqual({ host: 'pitangui.amazon.com', path: '/spa/skill/account-linking-status.html' });
});

test('the other Alexa hosts and the /api/skill/link path pass', () => {
  for (const host of ['layla.amazon.com', 'alexa.amazon.co.jp', 'alexa.amazon.com']) {
    const r = checkImplicitRedirect({ redirectUrl: `https://${host}/api/skill/link/M3BVP74N95SP1F#state=a&access_token=${TOKEN}&token_type=Bearer` });
    expect(statusOf(r.findings, 'implicit.target')).toBe('pass');
  }
});

test('values in the query string fail and are named, the token masked', () => {
  const url = `https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F?state=xyz&access_token=${TOKEN}&token_type=Bearer`;
  const { findings } = checkImplicitRedirect({ redirectUrl: url });
  const query = byId(findings, 'implicit.query');
  expect(query?.status).toBe('fail');
  expect(query?.detail).toContain('access_token=');
  expect(query?.node).toBe('tip-implicit-fragment');
  const fragment = byId(findings, 'implicit.fragment');
  expect(fragment?.status).toBe('fail');
  expect(fragment?.detail).toContain('in the query string instead');
  expect(JSON.stringify(findings)).not.toContain(TOKEN);
});

test('state: echoed, truncated, re-encoded, missing', () => {
  const expected = 'A2SAAEAEabcdefghijklmnopqrstuvwxyz0123456789-_'.repeat(14);
  const make = (state: string) => `https://pitangui.amazon.com/api/skill/link/M1#state=${state}&access_token=${TOKEN}&token_type=Bearer`;
  expect(statusOf(checkImplicitRedirect({ redirectUrl: make(expected), expectedState: expected }).findings, 'implicit.state')).toBe('pass');

  const cut = checkImplicitRedirect({ redirectUrl: make(expected.slice(0, 255)), expectedState: expected });
  expect(byId(cut.findings, 'implicit.state')?.status).toBe('fail');
  expect(byId(cut.findings, 'implicit.state')?.detail).toContain('cut short: 255 of the expected');

  const withSlash = 'ab/cd+ef==';
  expect(statusOf(checkImplicitRedirect({ redirectUrl: make(encodeURIComponent(withSlash)), expectedState: withSlash }).findings, 'implicit.state')).toBe('pass');
  const doubly = checkImplicitRedirect({ redirectUrl: make(encodeURIComponent(encodeURIComponent(withSlash))), expectedState: withSlash });
  expect(byId(doubly.findings, 'implicit.state')?.detail).toContain('URL-encoded once too often');

  const other = checkImplicitRedirect({ redirectUrl: make('xyz'), expectedState: 'xyq' });
  expect(byId(other.findings, 'implicit.state')?.detail).toContain('at character 3');

  const none = checkImplicitRedirect({ redirectUrl: `https://pitangui.amazon.com/api/skill/link/M1#access_token=${TOKEN}&token_type=Bearer` });
  expect(statusOf(none.findings, 'implicit.fragment')).toBe('fail');
  expect(statusOf(none.findings, 'implicit.state')).toBe('skip');
});

test('token_type: Bearer passes, bearer warns, anything else fails', () => {
  const make = (type: string) => checkImplicitRedirect({ redirectUrl: `https://pitangui.amazon.com/api/skill/link/M1#state=s&access_token=${TOKEN}&token_type=${type}` });
  expect(statusOf(make('Bearer').findings, 'implicit.token-type')).toBe('pass');
  expect(statusOf(make('bearer').findings, 'implicit.token-type')).toBe('warn');
  expect(statusOf(make('BEARER').findings, 'implicit.token-type')).toBe('warn');
  expect(statusOf(make('mac').findings, 'implicit.token-type')).toBe('fail');
});

test('expires_in: numeric, too short, not a number', () => {
  const make = (v: string) => checkImplicitRedirect({ redirectUrl: `https://pitangui.amazon.com/api/skill/link/M1#state=s&access_token=${TOKEN}&token_type=Bearer&expires_in=${v}` });
  expect(statusOf(make('31536000').findings, 'implicit.expires-in')).toBe('pass');
  expect(statusOf(make('3600').findings, 'implicit.expires-in')).toBe('warn');
  expect(byId(make('60').findings, 'implicit.expires-in')).toMatchObject({ status: 'fail', node: 'token-lifetime-too-short' });
  expect(statusOf(make('1h').findings, 'implicit.expires-in')).toBe('fail');
  expect(byId(checkImplicitRedirect({ redirectUrl: GOOD }).findings, 'implicit.expires-in')).toBeUndefined();
});

test('source=app is noted in the fragment and flagged in the query', () => {
  const frag = checkImplicitRedirect({ redirectUrl: `${GOOD}&expires_in=3600&source=app` });
  expect(statusOf(frag.findings, 'implicit.source-app')).toBe('pass');
  const query = checkImplicitRedirect({ redirectUrl: `https://alexa.amazon.com/api/skill/link/M1?source=app#state=s&access_token=${TOKEN}&token_type=Bearer` });
  expect(statusOf(query.findings, 'implicit.source-app')).toBe('warn');
});

test('foreign hosts, odd paths, http and a missing vendorId are reported', () => {
  expect(byId(checkImplicitRedirect({ redirectUrl: `https://example.com/cb#state=s&access_token=${TOKEN}&token_type=Bearer` }).findings, 'implicit.target')?.status).toBe('warn');
  expect(byId(checkImplicitRedirect({ redirectUrl: `https://pitangui.amazon.com/other#state=s&access_token=${TOKEN}&token_type=Bearer` }).findings, 'implicit.target')?.status).toBe('warn');
  expect(byId(checkImplicitRedirect({ redirectUrl: `http://pitangui.amazon.com/api/skill/link/M1#state=s&access_token=${TOKEN}&token_type=Bearer` }).findings, 'implicit.target')?.status).toBe('fail');
  expect(byId(checkImplicitRedirect({ redirectUrl: `https://pitangui.amazon.com/spa/skill/account-linking-status.html#state=s&access_token=${TOKEN}&token_type=Bearer` }).findings, 'implicit.target')?.status).toBe('warn');
});

test('an auth code redirect is recognised', () => {
  const r = checkImplicitRedirect({ redirectUrl: 'https://pitangui.amazon.com/api/skill/link/M1?state=s&code=SplxlOBeZQQYbYS6WxSbIA' });
  expect(byId(r.findings, 'implicit.fragment')?.detail).toContain('authorization code grant');
  expect(JSON.stringify(r)).not.toContain('SplxlOBeZQQYbYS6WxSbIA');
});

test('malformed input gives a finding, never a throw', () => {
  for (const bad of ['', 'not a url', 'javascript:alert(1)', '#state=x', 'https://', `https://a.com/#${'%'.repeat(20000)}`]) {
    const r = checkImplicitRedirect({ redirectUrl: bad });
    expect(r.findings.length).toBeGreaterThan(0);
  }
  expect(checkImplicitRedirect({ redirectUrl: 'not a url' }).findings[0]).toMatchObject({ id: 'implicit.url', status: 'fail' });
  const weird = checkImplicitRedirect({ redirectUrl: 'https://pitangui.amazon.com/api/skill/link/M1#state=%E0%A4%A&access_token=%&token_type=Bearer&&=&x' });
  expect(statusOf(weird.findings, 'implicit.fragment')).toBe('pass');
});

test('the input schema validates the URL and drops an empty state', () => {
  expect(implicitRedirectInputSchema.safeParse({ redirectUrl: GOOD, expectedState: '' }).data).toEqual({ redirectUrl: GOOD, expectedState: undefined });
  const bad = implicitRedirectInputSchema.safeParse({ redirectUrl: 'ftp://x' });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues[0]?.message).toContain('https://');
});

test('each finding’s title says what the redirect holds', () => {
  const base = 'https://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=M3BVP74N95SP1F';
  const cases: Array<[string, string, string]> = [
    [`${base}#state=abc&access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=300`, 'implicit.expires-in', 'Access tokens last 300 s; Alexa needs at least 360 s'],
    [`${base}#state=abc&access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=3600`, 'implicit.expires-in', 'Access tokens last 3600 s, and the implicit grant has no refresh'],
    [`${base}#state=abc&access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=31536000`, 'implicit.expires-in', 'Access tokens last 31536000 s'],
    [`${base}&access_token=2YotnFZFEjr1zCsicMWpAA#state=abc&token_type=Bearer`, 'implicit.query', 'The query string carries access_token'],
    [`${base}#state=abc&token_type=Bearer`, 'implicit.fragment', 'The fragment lacks access_token'],
    [`http://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=M3BVP74N95SP1F#state=abc`, 'implicit.target', 'The redirect goes to pitangui.amazon.com over plain http'],
  ];
  for (const [url, id, title] of cases) {
    const findings = checkImplicitRedirect(implicitRedirectInputSchema.parse({ redirectUrl: url })).findings as Finding[];
    expect(findings.find((f) => f.id === id)?.title, url).toBe(title);
  }
});
