import { expect, test } from '@playwright/test';
import { BROWSER_SLOTS } from './load-page';
import { Semaphore, SlotUnavailable } from './semaphore';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('at most `max` holders; the rest wait in order and get the slot as it is released', async () => {
  const s = new Semaphore(2);
  const order: string[] = [];
  const r1 = await s.acquire();
  const r2 = await s.acquire();
  const w3 = s.acquire().then((r) => (order.push('3'), r));
  const w4 = s.acquire().then((r) => (order.push('4'), r));
  await tick();
  expect([s.active, s.waiting]).toEqual([2, 2]);
  expect(order).toEqual([]);
  r1();
  r1(); // a second call is ignored
  const r3 = await w3;
  await tick();
  expect(order).toEqual(['3']);
  expect([s.active, s.waiting]).toEqual([2, 1]);
  r2();
  const r4 = await w4;
  r3();
  r4();
  expect([s.active, s.waiting]).toEqual([0, 0]);
});

test('a full queue and a waiting timeout are refused with SlotUnavailable', async () => {
  const s = new Semaphore(1, 1);
  const r1 = await s.acquire();
  const waiting = s.acquire(30);
  await expect(s.acquire()).rejects.toMatchObject({ why: 'queue-full' });
  await expect(waiting).rejects.toBeInstanceOf(SlotUnavailable);
  expect(s.waiting).toBe(0);
  r1();
  expect(s.active).toBe(0);
});

test('run() releases even when the work throws; the browser pool allows two at once', async () => {
  const s = new Semaphore(1);
  await expect(s.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  expect(s.active).toBe(0);
  expect(BROWSER_SLOTS.max).toBe(2);
});
