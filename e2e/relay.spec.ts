// The recording relay (issue 16) through its API, against @node-oauth/oauth2-server (a real OAuth library from npm)
// and small loopback servers, with a client that sends what Alexa sends: the authorize redirect, the code exchange and
// the refresh, with HTTP Basic and with credentials in the body.

import { request as httpRequest } from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { OAUTH2_CLIENT, startOAuth2TokenServer } from './fixtures/oauth2-token-server';
import { startServer } from './fixtures/servers';
import type { RelayCapture, RelayCreated } from '@/lib/flows/relay/input';
import type { Finding } from '@/lib/probes/findings';

const closers: Array<() => Promise<void>> = [];
test.afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
function closing<T extends { close(): Promise<void> }>(server: T): T {
  closers.push(() => server.close());
  return server;
}

const STATE = 'A1b2C3'.repeat(107).slice(0, 640);
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

async function makeRelay(request: APIRequestContext, body: Record<string, unknown>): Promise<RelayCreated> {
  const response = await request.post('/api/relays', { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as RelayCreated;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** What Alexa sends to the token URI (Node's fetch, so the bytes are exactly these). */
async function tokenCall(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Apache-HttpClient/UNAVAILABLE (Java/1.8.0)', ...headers }, body });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The captures once `count` are kept (they are kept just after each answer). */
async function capturesOf(request: APIRequestContext, relay: RelayCreated, count: number): Promise<RelayCapture[]> {
  let captures: RelayCapture[] = [];
  await expect(async () => {
    const response = await request.get(`/api/relays/${relay.id}/captures`, { headers: { Authorization: `Bearer ${relay.key}` } });
    expect(response.status()).toBe(200);
    captures = ((await response.json()) as { captures: RelayCapture[] }).captures;
    expect(captures).toHaveLength(count);
  }).toPass({ timeout: 10_000 });
  return captures;
}

const verdicts = (findings: readonly Finding[]) => Object.fromEntries(findings.map((f) => [f.id, f.status]));

test('relays a real linking: the authorize query recorded and passed on untouched, code and refresh with both client-auth schemes forwarded, secrets redacted, the token probe’s verdicts', async ({ request, baseURL }) => {
  const oauth = closing(await startOAuth2TokenServer());
  const relay = await makeRelay(request, { authorizationUri: `${oauth.url}/authorize?tenant=alexa`, accessTokenUri: oauth.tokenUri });
  expect(relay.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(relay.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(relay.authorizeUrl).toBe(`${baseURL}/relay/${relay.id}/authorize`);
  expect(relay.tokenUrl).toBe(`${baseURL}/relay/${relay.id}/token`);
  expect(relay.watchUrl).toBe(`${baseURL}/relay/${relay.id}#key=${relay.key}`);
  expect(Date.parse(relay.expiresAt) - Date.now()).toBeGreaterThan(3590_000);

  // 1. The Alexa app opens the authorization URI.
  const query = `client_id=${OAUTH2_CLIENT.id}&scope=profile%20postal_code&response_type=code&state=${STATE}&redirect_uri=${encodeURIComponent(OAUTH2_CLIENT.redirectUri)}&code_challenge=${CHALLENGE}&code_challenge_method=S256`;
  const authorize = await request.get(`${relay.authorizeUrl}?${query}`, { maxRedirects: 0 });
  expect(authorize.status()).toBe(302);
  expect(authorize.headers().location).toBe(`${oauth.url}/authorize?tenant=alexa&${query}`);

  // 2. Alexa exchanges the code, credentials in the body; 3. refreshes with HTTP Basic (the secret as is: this
  // library reads Basic credentials without form-decoding them).
  const exchangeBody = form({ grant_type: 'authorization_code', code: await oauth.issueCode(), redirect_uri: OAUTH2_CLIENT.redirectUri, client_id: OAUTH2_CLIENT.id, client_secret: OAUTH2_CLIENT.secret });
  const exchanged = await tokenCall(relay.tokenUrl, exchangeBody);
  expect(exchanged.status).toBe(200);
  const tokens = JSON.parse(exchanged.body.toString()) as { access_token: string; refresh_token: string };
  expect(oauth.requests.at(-1)!.body).toBe(exchangeBody);
  expect(oauth.requests.at(-1)!.headers['user-agent']).toBe('Apache-HttpClient/UNAVAILABLE (Java/1.8.0)');
  const refreshBody = form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  const refreshed = await tokenCall(relay.tokenUrl, refreshBody, { Authorization: basic(OAUTH2_CLIENT.id, OAUTH2_CLIENT.secret) });
  expect(refreshed.status).toBe(200);
  const newTokens = JSON.parse(refreshed.body.toString()) as { access_token: string; refresh_token: string };
  expect(oauth.requests.at(-1)!.body).toBe(refreshBody);
  expect(oauth.requests.at(-1)!.headers.authorization).toBe(basic(OAUTH2_CLIENT.id, OAUTH2_CLIENT.secret));

  const [auth, exchange, refresh] = await capturesOf(request, relay, 3);
  expect(auth!.kind).toBe('authorize');
  expect(auth!.request.params).toMatchObject({ client_id: OAUTH2_CLIENT.id, scope: 'profile postal_code', response_type: 'code', state: STATE, redirect_uri: OAUTH2_CLIENT.redirectUri, code_challenge_method: 'S256' });
  expect(auth!.authorize).toEqual({ stateLength: 640, pkce: { method: 'S256', challengeLength: CHALLENGE.length } });
  expect(auth!.response.status).toBe(302);

  expect(exchange!.kind).toBe('token');
  expect(exchange!.token).toMatchObject({ grantType: 'authorization_code', clientAuth: 'REQUEST_BODY_CREDENTIALS', forwarded: true });
  expect(exchange!.request.params).toMatchObject({ grant_type: 'authorization_code', client_id: OAUTH2_CLIENT.id, client_secret: '[redacted client secret]', code: '[redacted authorization code]' });
  expect(exchange!.response.status).toBe(200);
  expect(exchange!.response.body).toContain('"token_type":"Bearer"');
  expect(exchange!.durationMs).toBeGreaterThanOrEqual(0);
  expect(refresh!.token).toMatchObject({ grantType: 'refresh_token', clientAuth: 'HTTP_BASIC' });
  expect(refresh!.request.headers).toContainEqual(['authorization', 'Basic [redacted credentials]']);
  expect(refresh!.request.params.refresh_token).toBe('[redacted refresh token]');

  const kept = JSON.stringify([auth, exchange, refresh]);
  for (const secret of [OAUTH2_CLIENT.secret, tokens.access_token, tokens.refresh_token, newTokens.access_token, newTokens.refresh_token, Buffer.from(`${OAUTH2_CLIENT.id}:${OAUTH2_CLIENT.secret}`).toString('base64')]) {
    expect(kept).not.toContain(secret);
  }

  // The same verdicts as the token probe's on the same server and request (the probe checks more: what it alone can).
  const probe = await request.post('/api/probes/token', {
    data: { tokenUri: oauth.tokenUri, clientId: OAUTH2_CLIENT.id, clientSecret: OAUTH2_CLIENT.secret, scheme: 'REQUEST_BODY_CREDENTIALS', grant: { type: 'authorization_code', code: await oauth.issueCode(), redirectUri: OAUTH2_CLIENT.redirectUri } },
  });
  const probed = verdicts(((await probe.json()) as { findings: Finding[] }).findings);
  const relayed = verdicts(exchange!.findings);
  expect(Object.keys(relayed)).toEqual(expect.arrayContaining(['token.https', 'token.tls', 'token.reachable', 'token.status', 'token.json', 'token.access-token', 'token.expires-in', 'token.refresh-token', 'token.cache-control']));
  for (const [id, status] of Object.entries(relayed)) expect([id, status]).toEqual([id, probed[id]]);
});

test('returns the token server’s answer byte for byte, sends Alexa’s request as it came, and never follows a redirect', async ({ request }) => {
  const answer = Buffer.from('{ "error" :"invalid_grant",\n  "error_description": "caf\u00e9 \\u00e9 code expired"  }\r\n', 'utf8');
  const elsewhere = closing(await startServer((_req, res) => res.end('{}')));
  const upstream = closing(
    await startServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(307, { Location: `${elsewhere.url}/token` });
        return res.end();
      }
      res.writeHead(400, { 'Content-Type': 'application/json;charset=UTF-8', 'X-Amzn-Errortype': 'InvalidGrant', 'Cache-Control': 'no-store', 'Set-Cookie': 'session=1' });
      res.end(answer);
    }),
  );
  const relay = await makeRelay(request, { authorizationUri: `${upstream.url}/authorize`, accessTokenUri: `${upstream.url}/token` });
  const body = 'grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Flayla.amazon.com%2Fapi%2Fskill%2Flink%2FM3BVP74N95SP1F&x=%7e+%20';
  const got = await tokenCall(relay.tokenUrl, body, { Authorization: basic('alexa-skill', 'b6f+/= secret'), Accept: 'application/json' });
  expect(got.status).toBe(400);
  expect(got.body.equals(answer)).toBe(true);
  expect(got.headers.get('x-amzn-errortype')).toBe('InvalidGrant');
  expect(got.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  expect(got.headers.get('set-cookie')).toBeNull();
  const sent = upstream.requests.at(-1)!;
  expect(sent.body).toBe(body);
  expect(sent.headers).toMatchObject({ authorization: basic('alexa-skill', 'b6f+/= secret'), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', host: new URL(upstream.url).host });
  expect(Object.keys(sent.headers).filter((h) => /^x-forwarded|^x-link-doctor|^content-security-policy|^cookie$/.test(h))).toEqual([]);

  const [capture] = await capturesOf(request, relay, 1);
  expect(verdicts(capture!.findings)).toMatchObject({ 'token.status': 'fail', 'token.oauth-error': 'fail', 'token.json': 'pass' });
  expect(capture!.token!.clientAuth).toBe('HTTP_BASIC');

  // A token URI that redirects: the redirect goes back as it came, and nothing reaches the other host.
  const moved = await makeRelay(request, { authorizationUri: `${upstream.url}/authorize`, accessTokenUri: `${upstream.url}/moved` });
  const redirected = await tokenCall(moved.tokenUrl, body);
  expect(redirected.status).toBe(307);
  expect(redirected.headers.get('location')).toBe(`${elsewhere.url}/token`);
  expect(elsewhere.hits).toBe(0);
  const [movedCapture] = await capturesOf(request, moved, 1);
  expect(verdicts(movedCapture!.findings)['token.redirect']).toBe('fail');
});

test('refuses to become an open proxy: other targets, paths, methods, media types, oversized bodies and calls past the cap', async ({ request }) => {
  const upstream = closing(await startServer((_req, res) => res.end('{"access_token":"x"}')));
  const made = (body: Record<string, unknown>) => request.post('/api/relays', { data: body });
  const ok = { authorizationUri: `${upstream.url}/authorize`, accessTokenUri: `${upstream.url}/token` };
  expect((await made({ ...ok, accessTokenUri: 'https://169.254.169.254/latest/meta-data' })).status()).toBe(422);
  expect((await made({ ...ok, accessTokenUri: `https://user:pass@${new URL(upstream.url).host}/token` })).status()).toBe(422);
  expect((await made({ ...ok, accessTokenUri: `http://${new URL(upstream.url).host}/token` })).status()).toBe(400);
  expect((await made({ ...ok, ttlSeconds: 86_401 })).status()).toBe(400);
  expect((await made({ ...ok, mode: 'open' })).status()).toBe(400);

  const relay = await makeRelay(request, ok);
  const base = relay.tokenUrl.replace(/\/token$/, '');
  expect((await request.get(relay.tokenUrl)).status()).toBe(405);
  expect((await request.put(relay.tokenUrl, { data: 'a=b' })).status()).toBe(405);
  expect((await request.post(relay.authorizeUrl, { form: { a: 'b' } })).status()).toBe(405);
  expect((await request.get(`${base}/token/other`)).status()).toBe(404);
  expect((await request.post(`${base}/other`, { form: { a: 'b' } })).status()).toBe(404);
  expect((await request.get(`${base}/authorize/../../api/relays`, { maxRedirects: 0 })).status()).not.toBe(302);
  expect((await tokenCall(relay.tokenUrl.replace(relay.id, 'A'.repeat(22)), 'grant_type=x')).status).toBe(404);
  expect((await request.post(relay.tokenUrl, { data: { grant_type: 'authorization_code' } })).status()).toBe(415);
  // Over 16 KB: by its Content-Length before it is read, and chunked once it passes the limit.
  expect((await tokenCall(relay.tokenUrl, `a=${'b'.repeat(16 * 1024)}`)).status).toBe(413);
  expect(await chunkedPost(relay.tokenUrl, 20 * 1024)).toBe(413);
  expect(upstream.requests).toHaveLength(0);

  // The cap: 100 calls, authorize and token together; then 429 and nothing forwarded.
  for (let i = 0; i < 99; i++) expect((await request.get(`${relay.authorizeUrl}?n=${i}`, { maxRedirects: 0 })).status()).toBe(302);
  expect((await tokenCall(relay.tokenUrl, 'grant_type=refresh_token&refresh_token=r')).status).toBe(200);
  expect(upstream.requests).toHaveLength(1);
  expect((await tokenCall(relay.tokenUrl, 'grant_type=refresh_token&refresh_token=r')).status).toBe(429);
  expect((await request.get(relay.authorizeUrl, { maxRedirects: 0 })).status()).toBe(429);
  expect(upstream.requests).toHaveLength(1);
});

/** A chunked POST (no Content-Length) of `bytes`; its status. */
function chunkedPost(url: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let sent = 0; sent < bytes; sent += 1024) req.write(`a=${'b'.repeat(1022)}`);
    req.end();
  });
}

test('watching needs the key; delete removes everything at once; a relay expires on time; dummy mode answers without forwarding', async ({ request }) => {
  const upstream = closing(await startServer((_req, res) => res.end('{}')));
  const relay = await makeRelay(request, { authorizationUri: `${upstream.url}/authorize`, accessTokenUri: `${upstream.url}/token`, mode: 'dummy' });
  expect(relay.mode).toBe('dummy');

  // Live: the stream is open before the call, and the capture arrives on it.
  const events = await openEvents(relay);
  const dummy = await tokenCall(relay.tokenUrl, 'grant_type=authorization_code&code=c0de-c0de&client_id=a&client_secret=s3cr3t-value');
  expect(dummy.status).toBe(200);
  expect(dummy.headers.get('cache-control')).toBe('no-store');
  const tokens = JSON.parse(dummy.body.toString()) as Record<string, unknown>;
  expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  expect(typeof tokens.access_token).toBe('string');
  expect(typeof tokens.refresh_token).toBe('string');
  expect(upstream.hits).toBe(0);
  await expect.poll(() => events.text(), { timeout: 10_000 }).toContain('event: capture');
  expect(events.text()).toContain('"forwarded":false');
  expect(events.text()).not.toContain('s3cr3t-value');
  expect(events.text()).not.toContain(tokens.access_token as string);

  const unknown = await request.get(`/api/relays/${'B'.repeat(22)}/captures`, { headers: { Authorization: `Bearer ${relay.key}` } });
  const wrongKeys: Array<Record<string, string>> = [{}, { Authorization: `Bearer ${'x'.repeat(43)}` }, { Authorization: relay.key }];
  for (const headers of wrongKeys) {
    const answer = await request.get(`/api/relays/${relay.id}/captures`, { headers });
    expect(answer.status()).toBe(404);
    expect(await answer.text()).toBe(await unknown.text());
    expect((await request.delete(`/api/relays/${relay.id}`, { headers })).status()).toBe(404);
  }
  expect((await request.get(`/api/relays/${relay.id}/events`)).status()).toBe(404);

  const deleted = await request.delete(`/api/relays/${relay.id}`, { headers: { Authorization: `Bearer ${relay.key}` } });
  expect(deleted.status()).toBe(204);
  await expect.poll(() => events.text()).toContain('event: end\ndata: {"reason":"deleted"}');
  expect((await request.get(`/api/relays/${relay.id}/captures`, { headers: { Authorization: `Bearer ${relay.key}` } })).status()).toBe(404);
  expect((await tokenCall(relay.tokenUrl, 'grant_type=x')).status).toBe(404);
  expect((await request.get(relay.authorizeUrl, { maxRedirects: 0 })).status()).toBe(404);

  const brief = await makeRelay(request, { authorizationUri: `${upstream.url}/authorize`, accessTokenUri: `${upstream.url}/token`, ttlSeconds: 5 });
  const briefEvents = await openEvents(brief);
  expect((await request.get(brief.authorizeUrl, { maxRedirects: 0 })).status()).toBe(302);
  await expect.poll(() => briefEvents.text(), { timeout: 10_000 }).toContain('event: end\ndata: {"reason":"expired"}');
  expect((await request.get(brief.authorizeUrl, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(`/api/relays/${brief.id}/captures`, { headers: { Authorization: `Bearer ${brief.key}` } })).status()).toBe(404);
});

/** Reads a relay's event stream as it comes, as the page does: fetch with the key in a header. */
async function openEvents(relay: RelayCreated): Promise<{ text(): string }> {
  const url = new URL(`/api/relays/${relay.id}/events`, relay.tokenUrl);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${relay.key}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  let text = '';
  const reader = response.body!.getReader();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })();
  await expect.poll(() => text).toContain(': relay events');
  return { text: () => text };
}


test('the /relay page makes a relay, shows the URLs to paste and the captures live, and deletes it; the key stays in the fragment and memory', async ({ page, browser }) => {
  const upstream = closing(await startServer((_req, res) => res.end('{}')));
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('/relay');
  const form = page.getByRole('form', { name: 'Make a relay' });
  await form.getByLabel('Authorization URI').fill(`${upstream.url}/authorize`);
  await form.getByLabel('Access token URI').fill('not a url');
  await form.getByRole('button', { name: 'Make the relay' }).click();
  await expect(form.getByText('Enter the full access token URI, starting with https://')).toBeVisible();
  await form.getByLabel('Access token URI').fill(`${upstream.url}/token`);
  await form.getByLabel(/Dummy/).check();
  await form.getByRole('button', { name: 'Make the relay' }).click();
  await expect(page.getByRole('heading', { name: 'Your relay is ready' })).toBeVisible();
  const tokenUrl = (await page.locator('.relay-urls dd code').nth(1).textContent())!;
  const watchUrl = (await page.locator('.relay-urls dd code').nth(2).textContent())!;
  expect(tokenUrl).toMatch(/\/relay\/[A-Za-z0-9_-]{22}\/token$/);
  expect(watchUrl).toMatch(/\/relay\/[A-Za-z0-9_-]{22}#key=[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('button', { name: 'Copy the access token URI' })).toBeVisible();
  await expect(page.getByText('Live: each call appears')).toBeVisible();
  await page.screenshot({ path: '/tmp/i16-relay-results/relay-1280.png', fullPage: true });

  await tokenCall(tokenUrl, 'grant_type=authorization_code&code=page-code-9f8e7d&client_id=skill&client_secret=page-secret-1a2b3c');
  const capture = page.getByRole('article', { name: /Token request at/ });
  await expect(capture).toContainText('HTTP 200');
  await expect(capture).toContainText('Credentials in request body');
  const html = await page.content();
  expect(html).not.toContain('page-secret-1a2b3c');
  expect(html).not.toContain('page-code-9f8e7d');

  // The watch address, opened elsewhere, shows what was kept; the key never went into a URL or storage.
  const other = await browser.newPage({ viewport: { width: 390, height: 844 } });
  other.on('request', (r) => requested.push(r.url()));
  await other.goto(watchUrl);
  await expect(other.getByRole('article', { name: /Token request at/ })).toContainText('HTTP 200');
  await other.screenshot({ path: '/tmp/i16-relay-results/relay-watch-390.png', fullPage: true });
  const key = watchUrl.split('#key=')[1]!;
  expect(requested.filter((u) => u.includes(key))).toEqual([]);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(key);

  await page.getByRole('button', { name: 'Delete now' }).click();
  await expect(page.getByText('The relay is deleted: it takes')).toBeVisible();
  await expect(other.getByText('The relay is deleted: it takes')).toBeVisible();
  expect((await tokenCall(tokenUrl, 'grant_type=x')).status).toBe(404);
  await other.close();
});

test('the /relay form works without JavaScript', async ({ browser }) => {
  const upstream = closing(await startServer((_req, res) => res.end('{}')));
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/relay');
  const form = page.getByRole('form', { name: 'Make a relay' });
  await form.getByLabel('Authorization URI').fill(`${upstream.url}/authorize`);
  await form.getByLabel('Access token URI').fill(`${upstream.url}/token`);
  await form.getByRole('button', { name: 'Make the relay' }).click();
  await expect(page.getByRole('heading', { name: 'Your relay is ready' })).toBeVisible();
  await expect(page.locator('.relay-urls dd code').first()).toContainText('/authorize');
  await page.screenshot({ path: '/tmp/i16-relay-results/relay-nojs-390.png', fullPage: true });
  await context.close();
});
