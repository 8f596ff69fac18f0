import { expect, test } from '@playwright/test';
import { authorizeCapture, clientAuthOf, forwardedHeaders, returnedHeaders, tokenCapture } from './capture';
import { relayInputSchema } from './input';
import { withQuery } from './relay';
import { countCall, createRelay, deleteRelay, keepCapture, listCaptures, loadRelay, loadWatchedRelay, watchRelay } from './store';

const SECRET = 'S3cr+t/=Value';
const CODE = 'c0de-4f8a9b7c6d';
const ACCESS = 'at-9d8c7b6a5f4e3d2c';

test('a token capture keeps no secret: the Basic header, the form’s secrets and the tokens answered, in any encoding', () => {
  const basic = `Basic ${Buffer.from(`skill:${encodeURIComponent(SECRET)}`).toString('base64')}`;
  const headers = new Headers({ authorization: basic, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.0.0.1', 'x-link-doctor-client': '1.2.3.4' });
  const body = Buffer.from(new URLSearchParams({ grant_type: 'authorization_code', code: CODE, client_secret: SECRET }).toString());
  const answer = JSON.stringify({ access_token: ACCESS, token_type: 'bearer', note: `echo ${encodeURIComponent(SECRET)} ${Buffer.from(CODE).toString('base64')}` });
  const capture = tokenCapture({ at: 0, headers, body, answer: { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(answer) }, durationMs: 5, forwarded: true, findings: [] });
  const kept = JSON.stringify(capture);
  for (const secret of [SECRET, encodeURIComponent(SECRET), CODE, ACCESS, Buffer.from(CODE).toString('base64'), basic.slice(6)]) expect(kept).not.toContain(secret);
  expect(capture.request.headers).toContainEqual(['authorization', 'Basic [redacted credentials]']);
  expect(capture.request.headers.map(([n]) => n)).not.toContain('x-forwarded-for');
  expect(capture.request.params).toMatchObject({ grant_type: 'authorization_code', code: '[redacted authorization code]', client_secret: '[redacted client secret]' });
  expect(capture.token).toMatchObject({ clientAuth: 'both', grantType: 'authorization_code' });
});

test('which client authentication a request used', () => {
  expect(clientAuthOf('Basic abc', new URLSearchParams('a=b'))).toBe('HTTP_BASIC');
  expect(clientAuthOf(null, new URLSearchParams('client_secret=x'))).toBe('REQUEST_BODY_CREDENTIALS');
  expect(clientAuthOf(null, new URLSearchParams('client_id=x'))).toBe('none');
});

test('only Alexa’s own headers are forwarded, and the answer loses only what is about the connection', () => {
  const forwarded = forwardedHeaders(new Headers({ authorization: 'Basic x', 'user-agent': 'Alexa', host: 'ld', cookie: 'a=b', 'x-forwarded-host': 'evil', 'content-security-policy': 'x', 'content-length': '3', 'x-link-doctor-raw-query': 'q' }));
  expect(forwarded).toEqual({ authorization: 'Basic x', 'user-agent': 'Alexa' });
  expect(returnedHeaders([['Content-Type', 'a'], ['Content-Length', '3'], ['Content-Encoding', 'gzip'], ['Set-Cookie', 's'], ['X-Amzn-Errortype', 'e']])).toEqual([['Content-Type', 'a'], ['X-Amzn-Errortype', 'e']]);
});

test('the authorize redirect appends Alexa’s query as it came', () => {
  expect(withQuery('https://a.example/auth', 'scope=a%20b&state=x')).toBe('https://a.example/auth?scope=a%20b&state=x');
  expect(withQuery('https://a.example/auth?tenant=1#f', 'state=x')).toBe('https://a.example/auth?tenant=1&state=x#f');
  expect(withQuery('https://a.example/auth', '')).toBe('https://a.example/auth');
  const capture = authorizeCapture(0, new Headers(), new URLSearchParams('state=abc&code_challenge=xyz&code_challenge_method=S256'), 'https://a.example/auth?state=abc');
  expect(capture.authorize).toEqual({ stateLength: 3, pkce: { method: 'S256', challengeLength: 3 } });
});

test('the input: https only, a lifetime of 1 hour by default and 24 hours at most, forward or dummy', () => {
  const ok = { authorizationUri: 'https://a.example/auth', accessTokenUri: 'https://a.example/token' };
  expect(relayInputSchema.parse(ok)).toEqual({ ...ok, mode: 'forward', ttlSeconds: 3600 });
  expect(relayInputSchema.safeParse({ ...ok, accessTokenUri: 'http://a.example/token' }).success).toBe(false);
  expect(relayInputSchema.safeParse({ ...ok, ttlSeconds: 86_401 }).success).toBe(false);
  expect(relayInputSchema.safeParse({ ...ok, mode: 'proxy' }).success).toBe(false);
});

test('a relay lives in the shared state: 128-bit id, the key kept as a hash, captures told to watchers, the cap, delete', async () => {
  const { relay, key } = await createRelay({ authorizationUri: 'https://a.example/auth', accessTokenUri: 'https://a.example/token', mode: 'forward', ttlSeconds: 60 });
  expect(Buffer.from(relay.id, 'base64url')).toHaveLength(16);
  expect(JSON.stringify(await loadRelay(relay.id))).not.toContain(key);
  expect(await loadWatchedRelay(relay.id, key)).not.toBeNull();
  expect(await loadWatchedRelay(relay.id, `${key}x`)).toBeNull();
  expect(await loadWatchedRelay(relay.id, null)).toBeNull();
  const heard: string[] = [];
  const stop = await watchRelay(relay, (e) => heard.push(e.type));
  await keepCapture(relay, authorizeCapture(0, new Headers(), new URLSearchParams(), 'https://a.example/auth'));
  expect(await listCaptures(relay)).toHaveLength(1);
  for (let i = 0; i < 100; i++) expect(await countCall(relay)).toBe(true);
  expect(await countCall(relay)).toBe(false);
  await deleteRelay(relay);
  expect(heard).toEqual(['capture', 'end']);
  expect(await loadRelay(relay.id)).toBeNull();
  expect(await listCaptures(relay)).toEqual([]);
  await stop();
});
