// Two Link Doctor instances sharing one Redis (REDIS_URL) act as one: a client's budget, a host's slots, the browsers
// and their per-client quota, and a relay made on one are the other's too; Redis down is said plainly. Each test starts
// a redis-server on loopback and two app servers, on E2E_INSTANCE_PORTS ("3217,3227") when set, else on free ports.

import type { Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { freePort, startRedisServer, type RedisServer } from './fixtures/redis-server';
import { sendJson, startRawServer, startServer } from './fixtures/servers';
import { startTokenServer, TEST_CLIENT, tokenProbeBody as tokenBody } from './fixtures/token-servers';

const cleanup: Array<{ close?: () => Promise<void>; stop?: () => Promise<void> }> = [];
test.afterEach(async () => {
  // Servers first, Redis last.
  for (const s of cleanup.splice(0).reverse()) await (s.stop ?? s.close)!();
});

const PORTS = (process.env.E2E_INSTANCE_PORTS ?? '').split(',').filter(Boolean);

async function startRedis(): Promise<RedisServer> {
  const redis = await startRedisServer();
  cleanup.push(redis);
  return redis;
}

/** Two instances on one Redis, with the tests' limits off except `env`. */
async function twoInstances(redis: RedisServer, env: Record<string, string>): Promise<[AppServer, AppServer]> {
  const start = async (i: number) => {
    const server = await startAppServer({ ...LIMITS_OFF, ...env, REDIS_URL: redis.url, PORT: PORTS[i] ?? String(await freePort()) });
    cleanup.push(server);
    return server;
  };
  return [await start(0), await start(1)];
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

test("a client's per-minute budget spent on instance A is refused on instance B, before anything is sent", async () => {
  const redis = await startRedis();
  const [a, b] = await twoInstances(redis, { PROBE_CLIENT_PER_MINUTE: '2' });
  const target = await startTokenServer();
  cleanup.push(target);
  expect((await post(a.url, '/api/probes/token', tokenBody(target.tokenUri))).status).toBe(200);
  expect((await post(a.url, '/api/probes/token', tokenBody(target.tokenUri))).status).toBe(200);
  const refused = await post(b.url, '/api/probes/token', tokenBody(target.tokenUri));
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await refused.json()).error.message).toMatch(/^You have started 2 probes in the last minute, the most allowed\. Try again in \d+ seconds?\.$/);
  expect(target.codeExchanges).toHaveLength(2);
});

test("a slow host's PROBE_TARGET_CONCURRENCY slots are shared: a burst split across both instances opens 2 connections, not 4", async () => {
  const redis = await startRedis();
  const [a, b] = await twoInstances(redis, { PROBE_TARGET_CONCURRENCY: '2' });
  let open = 0;
  let mostOpen = 0;
  const slow = await startServer(async (_req, res) => {
    mostOpen = Math.max(mostOpen, ++open);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    open--;
    sendJson(res, 200, {});
  });
  cleanup.push(slow);
  const statuses = await Promise.all(
    Array.from({ length: 8 }, (_, i) => post((i % 2 ? b : a).url, '/api/probes/token', tokenBody(`${slow.url}/oauth/token`)).then((r) => r.status)),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(2);
  expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  expect(mostOpen).toBe(2);
  // The slots were given back in Redis when the runs ended: the host takes probes again, on either instance.
  expect((await post(b.url, '/api/probes/token', tokenBody(`${slow.url}/oauth/token`))).status).toBe(200);
});

test('the browsers are shared: two at once across both instances (the third run waits), and a client running one on A is refused another on B', async () => {
  test.setTimeout(180_000);
  const redis = await startRedis();
  const [a, b] = await twoInstances(redis, { PROBE_BROWSER_CLIENT_CONCURRENCY: '1', TRUST_PROXY_HOPS: '1' });
  // A login page that never loads: it accepts the connection and says nothing, until released.
  let released = false;
  const held: Socket[] = [];
  const slowPage = await startRawServer((socket) => (released ? socket.destroy() : held.push(socket)));
  cleanup.push(slowPage);
  const loginPage = (server: AppServer, client: string) =>
    post(server.url, '/api/probes/login-page', { authorizationUri: `${slowPage.url}/authorize`, mode: 'browser' }, { 'X-Forwarded-For': client });

  const running = [loginPage(a, '203.0.113.1'), loginPage(b, '198.51.100.1'), loginPage(a, '192.0.2.1')];
  await expect.poll(() => slowPage.hits, { timeout: 60_000 }).toBe(2);
  // Two browsers in all: the third run waits for one, whichever instance it came to.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(slowPage.hits).toBe(2);

  const again = await loginPage(b, '203.0.113.1');
  expect(again.status).toBe(429);
  expect((await again.json()).error.message).toBe(
    'You already have 1 browser-mode run running or waiting for a browser, as many as one client may. Try again when it has finished, or use static mode.',
  );

  released = true;
  for (const socket of held) socket.destroy();
  expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200, 200]);
});

test('Redis down: an instance refuses to start with a message naming REDIS_URL, and a running one refuses probes plainly, without hanging', async () => {
  const closedPort = await freePort();
  await expect(startAppServer({ REDIS_URL: `redis://:hunter2@127.0.0.1:${closedPort}` })).rejects.toThrow(
    new RegExp(`Link Doctor cannot start: REDIS_URL \\(redis://:\\*\\*\\*@127\\.0\\.0\\.1:${closedPort}/?\\) did not answer: connect ECONNREFUSED`),
  );
  await expect(startAppServer({ REDIS_URL: 'http://127.0.0.1:6379' })).rejects.toThrow(/REDIS_URL must start with redis:\/\/ or rediss:\/\//);

  const redis = await startRedis();
  const [a] = await twoInstances(redis, { PROBE_CLIENT_PER_MINUTE: '5' });
  const target = await startTokenServer();
  cleanup.push(target);
  expect((await post(a.url, '/api/probes/token', tokenBody(target.tokenUri))).status).toBe(200);
  const made = await post(a.url, '/api/relays', { authorizationUri: `${target.url}/authorize`, accessTokenUri: target.tokenUri });
  const { tokenUrl } = (await made.json()) as { tokenUrl: string };
  await redis.stop();
  const started = Date.now();
  const refused = await post(a.url, '/api/probes/token', tokenBody(target.tokenUri));
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(refused.status).toBe(429);
  expect((await refused.json()).error.message).toMatch(/^Link Doctor cannot reach its shared state in Redis \(REDIS_URL\) right now: .+\. Try again in a few seconds\.$/);
  expect(target.codeExchanges).toHaveLength(1);
  // The relay's API and what Alexa calls say so too, rather than failing with a 500.
  const relayRefused = await post(a.url, '/api/relays', { authorizationUri: `${target.url}/authorize`, accessTokenUri: target.tokenUri });
  expect(relayRefused.status).toBe(503);
  expect((await relayRefused.json()).error.message).toMatch(/^Link Doctor cannot reach its shared state in Redis \(REDIS_URL\)/);
  const tokenRefused = await fetch(`${a.url}${new URL(tokenUrl).pathname}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token' });
  expect(tokenRefused.status).toBe(503);
  expect(a.output()).not.toContain('hunter2');
});

test('a relay made on instance A is called through instance B and watched on A, live and afterwards', async () => {
  const redis = await startRedis();
  const [a, b] = await twoInstances(redis, {});
  const target = await startTokenServer();
  cleanup.push(target);
  const made = await post(a.url, '/api/relays', { authorizationUri: `${target.url}/authorize`, accessTokenUri: target.tokenUri, mode: 'forward' });
  expect(made.status).toBe(201);
  const { id, key, tokenUrl } = (await made.json()) as { id: string; key: string; tokenUrl: string };
  expect(new URL(tokenUrl).pathname).toBe(`/relay/${id}/token`);

  // Watching on A, as it happens.
  const events = await fetch(`${a.url}/api/relays/${id}/events`, { headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream' } });
  expect(events.status).toBe(200);
  const reader = events.body!.getReader();
  let streamed = '';
  const heardToken = (async () => {
    while (!streamed.includes('"kind":"token"')) {
      const { value, done } = await reader.read();
      if (done) break;
      streamed += new TextDecoder().decode(value);
    }
    return streamed;
  })();

  // Alexa calls B.
  const basic = Buffer.from(`${TEST_CLIENT.clientId}:${TEST_CLIENT.clientSecret}`).toString('base64');
  const answer = await fetch(`${b.url}/relay/${id}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: TEST_CLIENT.code, redirect_uri: TEST_CLIENT.redirectUri }).toString(),
  });
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ access_token: expect.any(String) });
  expect(target.codeExchanges).toHaveLength(1);

  await expect(Promise.race([heardToken, new Promise((resolve) => setTimeout(() => resolve('(nothing within 10 s)'), 10_000))])).resolves.toContain('"kind":"token"');
  await reader.cancel();
  const captures = await fetch(`${a.url}/api/relays/${id}/captures`, { headers: { Authorization: `Bearer ${key}` } });
  expect(captures.status).toBe(200);
  const { captures: list } = (await captures.json()) as { captures: Array<{ kind: string; response: { status: number } }> };
  expect(list.map((c) => [c.kind, c.response.status])).toEqual([['token', 200]]);
  // Nothing of the secret or the code was kept.
  expect(JSON.stringify(list)).not.toContain(TEST_CLIENT.clientSecret);
  expect(JSON.stringify(list)).not.toContain(TEST_CLIENT.code);

  // Deleted through B: gone on A too.
  expect((await fetch(`${b.url}/api/relays/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } })).status).toBe(204);
  expect((await fetch(`${a.url}/api/relays/${id}/captures`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(404);
});
