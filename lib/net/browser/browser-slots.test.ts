// The browser slots shared by two instances through a real redis-server: no more browsers than one instance runs.

import { expect, test } from '@playwright/test';
import { startRedisServer, type RedisServer } from '@/e2e/fixtures/redis-server';
import { RedisState } from '@/lib/shared-state/redis';
import { BrowserSlots } from './browser-slots';
import { isSlotUnavailable } from './semaphore';

let redis: RedisServer;
const states: RedisState[] = [];
test.beforeAll(async () => {
  redis = await startRedisServer();
});
test.afterAll(async () => {
  await Promise.all(states.map((s) => s.close()));
  await redis.stop();
});

/** Two instances' slots over one Redis. */
function twoInstances(max: number, maxQueue: number): [BrowserSlots, BrowserSlots] {
  const prefix = `t${Math.random().toString(36).slice(2)}:`;
  return [0, 1].map(() => {
    const state = new RedisState(redis.url, { prefix });
    states.push(state);
    return new BrowserSlots(max, maxQueue, () => state);
  }) as [BrowserSlots, BrowserSlots];
}

test('a browser slot taken on one instance is taken for the other: it waits, and gets the slot when it is released', async () => {
  const [a, b] = twoInstances(1, 1);
  const releaseA = await a.acquire();
  expect(a.active).toBe(1);
  let gotB = false;
  const waitingB = b.acquire(5_000).then((release) => ((gotB = true), release));
  await expect.poll(() => b.waiting).toBe(1);
  // The queue (one place, shared) is full too.
  const third = await a.acquire(5_000).catch((e: unknown) => e);
  expect(isSlotUnavailable(third) && third.why).toBe('queue-full');
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(gotB).toBe(false);
  releaseA();
  releaseA();
  const releaseB = await waitingB;
  expect([b.active, b.waiting]).toEqual([1, 0]);
  // A wait that runs out is turned away.
  const late = await a.acquire(400).catch((e: unknown) => e);
  expect(isSlotUnavailable(late) && late.why).toBe('timeout');
  releaseB();
  const afterB = await a.acquire(1_000);
  expect(a.active).toBe(1);
  afterB();
});
