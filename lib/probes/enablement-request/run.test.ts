import { expect, test } from '@playwright/test';
import { checkEnablementRequest } from './run';
import { enablementRequestInputSchema } from './input';
import { parsePastedRequest, shellWords } from './request-text';
import { type Finding } from '@/lib/probes/findings';

const SKILL = 'amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1';
const TOKEN = 'Atza|IwEBIexampleAmazonAccessToken0123456789';
const CODE = 'my-own-server-code-7f3a9c';
const BODY = JSON.stringify({ stage: 'live', accountLinkRequest: { redirectUri: 'https://example.com/app/redirect', authCode: CODE, type: 'AUTH_CODE' } });

const GOOD_CURL = `curl -X POST \\
  'https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement' \\
  -H 'Authorization: Bearer ${TOKEN}' \\
  -H "Content-Type: application/json" \\
  --data-raw '${BODY}'`;

const GOOD_RAW = `POST /v1/users/~current/skills/${SKILL}/enablement HTTP/1.1\r
Host: api.eu.amazonalexa.com\r
Authorization: Bearer ${TOKEN}\r
Content-Type: application/json; charset=utf-8\r
\r
${JSON.stringify(JSON.parse(BODY), null, 2)}`;

const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
const statusOf = (findings: Finding[], id: string) => byId(findings, id)?.status;
const notPassing = (findings: Finding[]) => findings.filter((f) => f.status !== 'pass').map((f) => `${f.id}: ${f.title}`);

test('a correct curl command passes every check', () => {
  const r = checkEnablementRequest({ request: GOOD_CURL });
  expect(notPassing(r.findings)).toEqual([]);
  expect(r.request?.method).toBe('POST');
});

test('a correct raw HTTP request passes every check', () => {
  const r = checkEnablementRequest({ request: GOOD_RAW });
  expect(notPassing(r.findings)).toEqual([]);
  expect(r.request?.url).toBe(`https://api.eu.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement`);
});

test('the token and the authCode never appear in the output', () => {
  for (const request of [GOOD_CURL, GOOD_RAW, GOOD_CURL.replace('Bearer', 'bearer'), GOOD_CURL.replace("-X POST", '-X GET')]) {
    const r = checkEnablementRequest({ request, observedStatus: 400, observedMessage: 'Invalid account linking credentials' });
    const out = JSON.stringify(r);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.slice(5));
    expect(out).not.toContain(CODE);
  }
  const basic = checkEnablementRequest({ request: `curl -u myclient:s3cretValue99 https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement -d '${BODY}'` });
  expect(statusOf(basic.findings, 'enablement.bearer')).toBe('fail');
  expect(JSON.stringify(basic)).not.toContain(btoa('myclient:s3cretValue99'));
});

test('bearer in the wrong case fails and points at the title-case node', () => {
  for (const scheme of ['bearer', 'BEARER']) {
    const r = checkEnablementRequest({ request: GOOD_CURL.replace('Bearer', scheme), observedStatus: '400' });
    expect(byId(r.findings, 'enablement.bearer')).toMatchObject({ status: 'fail', node: 'enablement-bearer-case' });
    expect(byId(r.findings, 'enablement.observed')).toMatchObject({ status: 'fail', node: 'enablement-bearer-case' });
  }
});

test('missing or odd tokens point at the customer token node', () => {
  const none = checkEnablementRequest({ request: GOOD_CURL.replace(`-H 'Authorization: Bearer ${TOKEN}' \\\n`, '') });
  expect(byId(none.findings, 'enablement.authorization')).toMatchObject({ status: 'fail', node: 'enablement-customer-token' });
  const jwt = checkEnablementRequest({ request: GOOD_CURL.replace(TOKEN, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig') });
  expect(byId(jwt.findings, 'enablement.token')?.status).toBe('warn');
  expect(byId(jwt.findings, 'enablement.token')?.detail).toContain('JWT');
  const refresh = checkEnablementRequest({ request: GOOD_CURL.replace(TOKEN, 'Atzr|IwEBrefreshTokenValue123') });
  expect(statusOf(refresh.findings, 'enablement.token')).toBe('fail');
  const empty = checkEnablementRequest({ request: GOOD_CURL.replace(` ${TOKEN}`, '') });
  expect(['enablement.token', 'enablement.bearer'].map((id) => statusOf(empty.findings, id))).toContain('fail');
});

test('curl -d without a Content-Type header is form-encoded and fails', () => {
  const r = checkEnablementRequest({ request: `curl https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement -H 'Authorization: Bearer ${TOKEN}' -d '${BODY}'` });
  expect(statusOf(r.findings, 'enablement.method')).toBe('pass');
  expect(byId(r.findings, 'enablement.content-type')?.detail).toContain('application/x-www-form-urlencoded');
  const json = checkEnablementRequest({ request: `curl https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement -H 'Authorization: Bearer ${TOKEN}' --json '${BODY}'` });
  expect(notPassing(json.findings)).toEqual([]);
});

test('hosts: the Far East doc host warns, others fail', () => {
  const fe = checkEnablementRequest({ request: GOOD_CURL.replace('api.amazonalexa.com', 'api.fe.amazon.com') });
  expect(statusOf(fe.findings, 'enablement.host')).toBe('warn');
  const lwa = checkEnablementRequest({ request: GOOD_CURL.replace('api.amazonalexa.com', 'api.amazon.com') });
  expect(statusOf(lwa.findings, 'enablement.host')).toBe('fail');
  const http = checkEnablementRequest({ request: GOOD_CURL.replace('https://', 'http://') });
  expect(statusOf(http.findings, 'enablement.host')).toBe('fail');
  const noHost = checkEnablementRequest({ request: GOOD_RAW.replace('Host: api.eu.amazonalexa.com\r\n', '') });
  expect(statusOf(noHost.findings, 'enablement.host')).toBe('warn');
});

test('paths and skill IDs', () => {
  const make = (path: string) => checkEnablementRequest({ request: GOOD_CURL.replace(`/v1/users/~current/skills/${SKILL}/enablement`, path) });
  expect(statusOf(make(`/v1/users/%7Ecurrent/skills/${SKILL}/enablement`).findings, 'enablement.path')).toBe('pass');
  expect(statusOf(make(`/v1/skills/${SKILL}/enablement`).findings, 'enablement.path')).toBe('fail');
  expect(statusOf(make(`/v1/users/~current/skills/${SKILL}/enablement/`).findings, 'enablement.path')).toBe('fail');
  expect(statusOf(make(`/v1/users/amzn1.ask.account.ABC/skills/${SKILL}/enablement`).findings, 'enablement.path')).toBe('fail');
  expect(statusOf(make('/v1/users/~current/skills/{skillId}/enablement').findings, 'enablement.path')).toBe('fail');
  expect(statusOf(make('/v1/users/~current/skills/my-skill/enablement').findings, 'enablement.path')).toBe('warn');
});

test('GET reads the status only', () => {
  const r = checkEnablementRequest({ request: `curl -H 'Authorization: Bearer ${TOKEN}' https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement` });
  expect(byId(r.findings, 'enablement.method')).toMatchObject({ status: 'fail', node: 'enablement-not-called' });
});

test('body problems are named precisely', () => {
  const withBody = (body: string) => checkEnablementRequest({ request: GOOD_RAW.replace(/\r\n\r\n[\s\S]*$/, `\r\n\r\n${body}`) });
  expect(byId(withBody('{"stage": "live",}').findings, 'enablement.body')?.detail).toMatch(/line 1, column 18/);
  expect(statusOf(withBody('[]').findings, 'enablement.body')).toBe('fail');
  const wrong = withBody(JSON.stringify({ stage: 'LIVE', accountlinkrequest: {} }));
  expect(statusOf(wrong.findings, 'enablement.stage')).toBe('fail');
  expect(byId(wrong.findings, 'enablement.account-link-request')?.detail).toContain('accountlinkrequest');
  const fields = withBody(JSON.stringify({ stage: 'development', accountLinkRequest: { redirectUri: 'http://x.com', authCode: '', type: 'auth_code' } }));
  expect(statusOf(fields.findings, 'enablement.type')).toBe('fail');
  expect(byId(fields.findings, 'enablement.auth-code')).toMatchObject({ status: 'fail', node: 'enablement-auth-code-mismatch' });
  expect(statusOf(fields.findings, 'enablement.redirect-uri')).toBe('fail');
  const deep = withBody('['.repeat(10_000));
  expect(byId(deep.findings, 'enablement.body')?.detail).toContain('nested more than 32');
});

test('observed statuses and messages link to their nodes', () => {
  const node = (observedStatus: number | undefined, observedMessage?: string, request = GOOD_CURL) =>
    byId(checkEnablementRequest({ request, observedStatus, observedMessage }).findings, 'enablement.observed')?.node;
  expect(node(400, '{"message":"Invalid account linking credentials"}')).toBe('enablement-invalid-credentials');
  expect(node(undefined, 'Could not contact provider of account linking credentials')).toBe('enablement-could-not-contact');
  expect(node(400)).toBe('enablement-400');
  expect(node(401)).toBe('enablement-401');
  expect(node(403)).toBe('enablement-403');
  expect(node(201)).toBe('enablement-not-called');
  expect(node(409)).toBe('contact-amazon');
  expect(node(500)).toBe('contact-amazon');
  const dev = checkEnablementRequest({ request: GOOD_CURL.replace('"live"', '"development"'), observedStatus: 403 });
  expect(byId(dev.findings, 'enablement.observed')?.detail).toContain('beta testers');
  expect(byId(checkEnablementRequest({ request: GOOD_CURL, observedStatus: 404 }).findings, 'enablement.observed')?.status).toBe('warn');
});

test('curl quoting: double quotes with escapes, $-strings, cmd carets, short option clusters', () => {
  const words = shellWords(`curl -sSX POST "https://a.com/x" -H "X: \\"q\\"" --data $'{"a":"b\\'c"}' | jq .`);
  expect(words).toEqual({ ok: true, words: ['curl', '-sSX', 'POST', 'https://a.com/x', '-H', 'X: "q"', '--data', `{"a":"b'c"}`] });
  const cmd = parsePastedRequest(`curl ^"https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement^" ^\n  -H ^"authorization: Bearer ${TOKEN}^" ^\n  -H ^"content-type: application/json^" ^\n  --data-raw ^"^{^\\^"stage^\\^":^\\^"live^\\^"^}^"`);
  expect(cmd.ok && cmd.request.body).toBe('{"stage":"live"}');
  expect(cmd.ok && cmd.request.method).toBe('POST');
  const cluster = parsePastedRequest(`curl -sXPOST https://api.amazonalexa.com/x -HContent-Type:application/json`);
  expect(cluster.ok && [cluster.request.method, cluster.request.headers]).toEqual(['POST', [['Content-Type', 'application/json']]]);
  const file = checkEnablementRequest({ request: `curl -X POST https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement -H 'Authorization: Bearer ${TOKEN}' -H 'Content-Type: application/json' -d @body.json` });
  expect(byId(file.findings, 'enablement.parse')?.detail).toContain('body.json');
});

test('raw HTTP: HTTP/2 pseudo-headers and folded headers', () => {
  const h2 = parsePastedRequest(`:method: POST\n:authority: api.amazonalexa.com\n:scheme: https\n:path: /v1/users/~current/skills/${SKILL}/enablement\ncontent-type: application/json\n\n{}`);
  expect(h2.ok && h2.request.url).toBe(`https://api.amazonalexa.com/v1/users/~current/skills/${SKILL}/enablement`);
  const folded = parsePastedRequest('POST /x HTTP/1.1\nHost: a.com\nX-Long: one\n  two\n\n');
  expect(folded.ok && folded.request.headers).toEqual([['Host', 'a.com'], ['X-Long', 'one two']]);
});

test('malformed input gives a specific message, never a throw', () => {
  const cases: Array<[string, string]> = [
    ['', 'Paste the request'],
    ['curl -H "Authorization: Bearer x', 'double quote'],
    ["curl -d '{}", 'single quote'],
    ['curl -X POST', 'no URL'],
    ['hello world', 'request line'],
    ["fetch('https://api.amazonalexa.com')", 'program code'],
    ['POST /x HTTP/1.1\nthis is not a header\n\n{}', 'Line 2'],
    ['x'.repeat(300 * 1024), 'too long'],
  ];
  for (const [request, message] of cases) {
    const r = checkEnablementRequest({ request });
    expect(r.findings[0]).toMatchObject({ id: 'enablement.parse', status: 'fail' });
    expect(r.findings[0]?.detail).toContain(message);
  }
  expect(() => checkEnablementRequest({ request: `curl ${'\\'.repeat(1000)}"${"'".repeat(1000)}` })).not.toThrow();
});

test('the input schema coerces the status and rejects nonsense', () => {
  expect(enablementRequestInputSchema.parse({ request: GOOD_CURL, observedStatus: '403' }).observedStatus).toBe(403);
  expect(enablementRequestInputSchema.parse({ request: GOOD_CURL, observedStatus: '' }).observedStatus).toBeUndefined();
  expect(enablementRequestInputSchema.safeParse({ request: GOOD_CURL, observedStatus: 'abc' }).success).toBe(false);
  expect(enablementRequestInputSchema.safeParse({ request: GOOD_CURL, observedStatus: 99 }).error?.issues[0]?.message).toContain('between 100 and 599');
  expect(enablementRequestInputSchema.safeParse({ request: '' }).error?.issues[0]?.message).toContain('Paste the request');
});
