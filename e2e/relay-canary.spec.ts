// The secrets canary through the recording relay (issue 16): distinctive secrets (client secret, code, refresh token,
// and the tokens the server issues), each with `+ / = & % " \` and a space, go through relays to token servers that
// echo them back every way they can (fixtures/echo-servers.ts), with HTTP Basic and with credentials in the body.
// Alexa gets its server's answer as it came (that is the relay's job); everything the relay keeps or shows — the
// captures, the live events, the watch page — and everything the server prints is searched for every canary in every
// encoding (fixtures/canary-search.ts). Nothing may match.

import { expect, test } from '@playwright/test';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import type { RelayCreated } from '@/lib/flows/relay/input';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { describeMatches, findCanaries, makeCanary } from './fixtures/canary-search';
import { startEchoTokenServer, type EchoTokenServer } from './fixtures/echo-servers';

const CLIENT_ID = 'alexa-relay-canary';
const SECRET = makeCanary('client secret', 'Zs7RLY', CLIENT_ID);
const CODE = makeCanary('authorization code', 'Zc8RLY');
const REFRESH = makeCanary('refresh token', 'Zr9RLY');
const ISSUED_ACCESS = makeCanary('issued access token', 'Za1RLY');
const ISSUED_REFRESH = makeCanary('issued refresh token', 'Zn2RLY');
const CANARIES = [SECRET, CODE, REFRESH, ISSUED_ACCESS, ISSUED_REFRESH];

const formEncode = (s: string) => new URLSearchParams([['', s]]).toString().slice(1);

let app: AppServer;
let echo: EchoTokenServer;
test.beforeAll(async () => {
  [app, echo] = await Promise.all([startAppServer({ ...LIMITS_OFF }), startEchoTokenServer({ accessToken: ISSUED_ACCESS.value, refreshToken: ISSUED_REFRESH.value })]);
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), echo?.close()]);
});

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

test('no secret that passes through a relay is kept, streamed, shown or printed, in any encoding', async ({ page }) => {
  test.setTimeout(120_000);
  const texts: Array<{ where: string; text: string }> = [];
  const relays: RelayCreated[] = [];
  for (const behaviour of ['ok', 'refuse', 'long', 'huge', 'redirect', 'basic-only', 'body-only'] as const) {
    const made = await fetch(`${app.url}/api/relays`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ authorizationUri: `${echo.url}/authorize`, accessTokenUri: echo.uri(behaviour) }),
    });
    expect(made.status).toBe(201);
    const relay = (await made.json()) as RelayCreated;
    relays.push(relay);
    const events = await fetch(`${app.url}/api/relays/${relay.id}/events`, { headers: { Authorization: `Bearer ${relay.key}` } });
    const reading = events.text();
    const basic = `Basic ${Buffer.from(`${formEncode(CLIENT_ID)}:${formEncode(SECRET.value)}`).toString('base64')}`;
    const code = new URLSearchParams({ grant_type: 'authorization_code', code: CODE.value, redirect_uri: 'https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F' }).toString();
    const refresh = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: REFRESH.value }).toString();
    const inBody = `&${new URLSearchParams({ client_id: CLIENT_ID, client_secret: SECRET.value })}`;
    expect(await post(relay.tokenUrl, code, { Authorization: basic })).toBeGreaterThan(0);
    expect(await post(relay.tokenUrl, code + inBody)).toBeGreaterThan(0);
    expect(await post(relay.tokenUrl, refresh, { Authorization: basic })).toBeGreaterThan(0);
    expect(await post(relay.tokenUrl, refresh + inBody)).toBeGreaterThan(0);
    await expect(async () => {
      const captures = await fetch(`${app.url}/api/relays/${relay.id}/captures`, { headers: { Authorization: `Bearer ${relay.key}` } });
      const text = await captures.text();
      expect((JSON.parse(text) as { captures: unknown[] }).captures).toHaveLength(4);
      texts.push({ where: `captures of the ${behaviour} relay`, text });
    }).toPass({ timeout: 10_000 });
    // The watch page shows them (then the relay is deleted, which ends the event stream).
    await page.goto(relay.watchUrl);
    await expect(page.getByRole('article', { name: /Token request at/ })).toHaveCount(4);
    for (const details of await page.locator('details').all()) await details.evaluate((d) => d.setAttribute('open', ''));
    texts.push({ where: `watch page of the ${behaviour} relay`, text: await page.content() });
    texts.push({ where: `watch page text of the ${behaviour} relay`, text: await page.locator('body').innerText() });
    expect((await fetch(`${app.url}/api/relays/${relay.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${relay.key}` } })).status).toBe(204);
    texts.push({ where: `event stream of the ${behaviour} relay`, text: await reading });
  }
  // The echo servers did receive every secret (so there was something to leak) …
  expect(echo.received.some((r) => r.secret === SECRET.value && r.scheme === 'basic')).toBe(true);
  expect(echo.received.some((r) => r.secret === SECRET.value && r.scheme === 'body')).toBe(true);
  expect(echo.received.some((r) => r.code === CODE.value)).toBe(true);
  expect(echo.received.some((r) => r.refreshToken === REFRESH.value)).toBe(true);
  // … and nothing of them is anywhere the relay keeps, shows or prints.
  texts.push({ where: 'the app server’s output', text: app.output() });
  const matches = texts.flatMap(({ where, text }) => findCanaries(where, text, CANARIES));
  expect(matches, describeMatches(matches)).toEqual([]);
  expect(texts.find((t) => t.where === 'captures of the ok relay')!.text).toContain('[redacted client secret]');
});
