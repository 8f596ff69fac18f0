import { expect, test } from '@playwright/test';
import { MemoryState } from './memory';

test('values, lists and counters expire after their time', async () => {
  let now = 1_000;
  const state = new MemoryState(() => now);
  await state.set('v', 'one', 100);
  await state.append('l', 'a', { ttlMs: 100, maxLength: 5 });
  await state.increment('c', 100);
  expect([await state.get('v'), await state.list('l'), await state.increment('c', 100)]).toEqual(['one', ['a'], 2]);
  now += 100;
  expect([await state.get('v'), await state.list('l'), await state.increment('c', 100)]).toEqual([null, [], 1]);
});

test('a list stops at its length and appending does not extend its life', async () => {
  let now = 0;
  const state = new MemoryState(() => now);
  expect(await state.append('l', 'a', { ttlMs: 50, maxLength: 2 })).toBe(1);
  now = 40;
  expect(await state.append('l', 'b', { ttlMs: 50, maxLength: 2 })).toBe(2);
  expect(await state.append('l', 'c', { ttlMs: 50, maxLength: 2 })).toBeNull();
  now = 50;
  expect(await state.list('l')).toEqual([]);
});

test('subscribers hear what is published until they unsubscribe', async () => {
  const state = new MemoryState();
  const heard: string[] = [];
  const stop = await state.subscribe('ch', (m) => heard.push(m));
  await state.publish('ch', 'one');
  await stop();
  await state.publish('ch', 'two');
  expect(heard).toEqual(['one']);
});

test('delete removes every kind of key', async () => {
  const state = new MemoryState();
  await state.set('v', 'x', 1000);
  await state.append('l', 'a', { ttlMs: 1000, maxLength: 3 });
  await state.delete('v', 'l');
  expect([await state.get('v'), await state.list('l')]).toEqual([null, []]);
});
