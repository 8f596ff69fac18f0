// The Redis backend against a real redis-server on loopback: the contract the memory backend keeps, shared by two
// "instances" (two RedisState objects, each with its own connections), with Redis TTLs, leases and an outage.

import { expect, test } from '@playwright/test';
import { startRedisServer, type RedisServer } from '@/e2e/fixtures/redis-server';
import { limitsFromEnv, LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { ProbeLimiter } from '@/lib/limits/probe-limiter';
import { RedisState } from './redis';
import { isSharedStateUnavailable, type Budget } from './types';

test.describe.configure({ mode: 'serial' });

let redis: RedisServer;
const states: RedisState[] = [];
function instance(options: { leaseMs?: number } = {}): RedisState {
  const state = new RedisState(redis.url, { prefix: `t${Math.random().toString(36).slice(2)}:`, ...options });
  states.push(state);
  return state;
}
/** Two instances sharing one Redis (and one key prefix). */
function pair(options: { leaseMs?: number } = {}): [RedisState, RedisState] {
  const prefix = `t${Math.random().toString(36).slice(2)}:`;
  const a = new RedisState(redis.url, { prefix, ...options });
  const b = new RedisState(redis.url, { prefix, ...options });
  states.push(a, b);
  return [a, b];
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.beforeAll(async () => {
  redis = await startRedisServer();
});
test.afterAll(async () => {
  await Promise.all(states.splice(0).map((s) => s.close()));
  await redis.stop();
});

test('values, lists and counters live in Redis and expire by Redis TTLs', async () => {
  const [a, b] = pair();
  await a.set('v', 'one', 300);
  expect(await a.append('l', 'x', { ttlMs: 300, maxLength: 5 })).toBe(1);
  expect(await a.increment('c', 300)).toBe(1);
  // The other instance sees them, and counts on.
  expect([await b.get('v'), await b.list('l'), await b.increment('c', 300)]).toEqual(['one', ['x'], 2]);
  await sleep(400);
  expect([await b.get('v'), await b.list('l'), await b.increment('c', 300)]).toEqual([null, [], 1]);
  await a.delete('c');
  expect(await a.increment('c', 300)).toBe(1);
});

test('a list stops at its length even when instances append at once, and appending does not extend its life', async () => {
  const [a, b] = pair();
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append('l', `item-${i}`, { ttlMs: 600, maxLength: 10 })));
  expect(answers.filter((n) => n !== null).sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(answers.filter((n) => n === null)).toHaveLength(30);
  await sleep(400);
  expect(await a.append('m', 'first', { ttlMs: 300, maxLength: 5 })).toBe(1);
  await sleep(200);
  expect(await b.append('m', 'second', { ttlMs: 300, maxLength: 5 })).toBe(2);
  await sleep(150);
  expect(await a.list('m')).toEqual([]);
});

test('a message published on one instance reaches subscribers on another, until they unsubscribe', async () => {
  const [a, b] = pair();
  const heard: string[] = [];
  const stop = await b.subscribe('ch', (m) => heard.push(m));
  await a.publish('ch', 'one');
  await expect.poll(() => heard).toEqual(['one']);
  await stop();
  await a.publish('ch', 'two');
  await sleep(100);
  expect(heard).toEqual(['one']);
});

const window = (key: string, limit: number, windowMs = 60_000): Budget => ({ kind: 'window', group: 'w', key, limit, windowMs });
const slot = (key: string, limit: number): Budget => ({ kind: 'slot', group: 's', key, limit });

test('budgets are taken all or none across instances: a window and a slot shared by two instances', async () => {
  const [a, b] = pair();
  expect((await a.takeBudgets([window('client', 2, 500)])).ok).toBe(true);
  expect((await b.takeBudgets([window('client', 2, 500)])).ok).toBe(true);
  const refused = await a.takeBudgets([slot('host', 1), window('client', 2, 500)]);
  expect(refused).toMatchObject({ ok: false, index: 1 });
  expect(!refused.ok && refused.waitMs).toBeGreaterThan(300);
  expect(!refused.ok && refused.waitMs).toBeLessThanOrEqual(500);
  // The refusal took nothing: the slot is still free.
  const held = await b.takeBudgets([slot('host', 1)]);
  expect(held.ok).toBe(true);
  expect(await a.takeBudgets([slot('host', 1)])).toMatchObject({ ok: false, index: 0, waitMs: 0 });
  if (held.ok) {
    await held.release();
    await held.release();
  }
  expect((await a.takeBudgets([slot('host', 1)])).ok).toBe(true);
  // The window slides: after it, the client has room again.
  await sleep(550);
  expect((await b.takeBudgets([window('client', 2, 500)])).ok).toBe(true);
  // 0 is off.
  for (let i = 0; i < 5; i++) expect((await a.takeBudgets([window('x', 0), slot('x', 0)])).ok).toBe(true);
});

test("a slot is a lease: renewed while held, and freed on its own when its instance dies without releasing it", async () => {
  const [a, b] = pair({ leaseMs: 600 });
  const held = await a.takeBudgets([slot('browser', 1)]);
  expect(held.ok).toBe(true);
  // Held past its lease: the renewals keep it.
  await sleep(1_000);
  expect((await b.takeBudgets([slot('browser', 1)])).ok).toBe(false);
  // The instance dies: no release, no renewal.
  await a.close();
  await sleep(300);
  expect((await b.takeBudgets([slot('browser', 1)])).ok).toBe(false);
  await sleep(500);
  expect((await b.takeBudgets([slot('browser', 1)])).ok).toBe(true);
});

test("a client's per-minute budget spent through one instance's limiter is refused by another's", async () => {
  const [a, b] = pair();
  const limits = { ...limitsFromEnv(LIMITS_OFF), clientPerMinute: 2 };
  const onA = new ProbeLimiter(limits, Date.now, a);
  const onB = new ProbeLimiter(limits, Date.now, b);
  for (const limiter of [onA, onB]) {
    const admitted = await limiter.admit('203.0.113.7', ['auth.example']);
    expect(admitted.ok).toBe(true);
    if (admitted.ok) admitted.release();
  }
  const refused = await onA.admit('203.0.113.7', ['auth.example']);
  expect(refused.ok || refused.message).toMatch(/^You have started 2 probes in the last minute, the most allowed\. Try again in (59|60) seconds\.$/);
  expect((await onB.admit('198.51.100.1', ['auth.example'])).ok).toBe(true);
});

test('Redis down: every operation fails within its timeouts with a message naming REDIS_URL, and the limiter refuses plainly', async () => {
  const own = await startRedisServer();
  const state = new RedisState(own.url);
  states.push(state);
  const limiter = new ProbeLimiter({ ...limitsFromEnv(LIMITS_OFF), clientPerMinute: 5 }, Date.now, state);
  expect((await limiter.admit('203.0.113.7', ['auth.example'])).ok).toBe(true);
  await own.stop();
  const started = Date.now();
  const failure = await state.get('v').catch((e: unknown) => e);
  expect(isSharedStateUnavailable(failure)).toBe(true);
  expect((failure as Error).message).toMatch(/^Link Doctor cannot reach its shared state in Redis \(REDIS_URL\) right now: .+\. Try again in a few seconds\.$/);
  const refused = await limiter.admit('203.0.113.7', ['auth.example']);
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(refused.ok || refused.message).toContain('cannot reach its shared state in Redis (REDIS_URL)');
  expect(Date.now() - started).toBeLessThan(5_000);
});
