// Next bundles each route on its own, so a module can be loaded twice in one server; an error thrown by one copy
// must still be recognised by the other (the browser slots are shared by the whole process and throw into any route).

import { expect, test } from '@playwright/test';

/** A copy of a module of its own, as another Next bundle would have it. */
function separateCopy<T>(path: string): T {
  const resolved = require.resolve(path);
  const cached = require.cache[resolved];
  delete require.cache[resolved];
  try {
    return require(resolved) as T;
  } finally {
    if (cached) require.cache[resolved] = cached;
    else delete require.cache[resolved];
  }
}

type Errors = typeof import('@/lib/net/errors');
type Slots = typeof import('@/lib/net/browser/semaphore');
type Browser = typeof import('@/lib/net/browser/launch');
type Share = typeof import('./report/share');

test('each error kind is recognised across two separately loaded copies of its module, where instanceof fails', async () => {
  const [errorsA, errorsB] = [separateCopy<Errors>('./net/errors'), separateCopy<Errors>('./net/errors')];
  expect(errorsA.TargetNotAllowed).not.toBe(errorsB.TargetNotAllowed);
  const refused = new errorsA.TargetNotAllowed('address', 'no');
  expect(refused instanceof errorsB.TargetNotAllowed).toBe(false);
  expect(errorsB.isTargetNotAllowed(refused)).toBe(true);

  const [slotsA, slotsB] = [separateCopy<Slots>('./net/browser/semaphore'), separateCopy<Slots>('./net/browser/semaphore')];
  const busy: unknown = await new slotsA.Semaphore(0, 0).acquire().catch((e: unknown) => e);
  expect(busy instanceof slotsB.SlotUnavailable).toBe(false);
  expect(slotsB.isSlotUnavailable(busy)).toBe(true);

  const [browserA, browserB] = [separateCopy<Browser>('./net/browser/launch'), separateCopy<Browser>('./net/browser/launch')];
  const missing = new browserA.BrowserUnavailable('no Chromium');
  expect(missing instanceof browserB.BrowserUnavailable).toBe(false);
  expect(browserB.isBrowserUnavailable(missing)).toBe(true);

  const [shareA, shareB] = [separateCopy<Share>('./report/share'), separateCopy<Share>('./report/share')];
  const damaged = new shareA.ShareLinkError('damaged', 'cut off');
  expect(damaged instanceof shareB.ShareLinkError).toBe(false);
  expect(shareB.isShareLinkError(damaged)).toBe(true);
});

test('kinds do not mix, and look-alikes are not taken for them', async () => {
  const errors = separateCopy<Errors>('./net/errors');
  const slots = separateCopy<Slots>('./net/browser/semaphore');
  const browser = separateCopy<Browser>('./net/browser/launch');
  const busy = new slots.SlotUnavailable('timeout');
  expect(browser.isBrowserUnavailable(busy)).toBe(false);
  expect(errors.isTargetNotAllowed(busy)).toBe(false);
  // The same name, or a plain object with the fields, is not enough.
  expect(slots.isSlotUnavailable(Object.assign(new Error('x'), { name: 'SlotUnavailable', why: 'timeout' }))).toBe(false);
  expect(errors.isTargetNotAllowed({ name: 'TargetNotAllowed', reason: 'address', message: 'x' })).toBe(false);
  expect(errors.isTargetNotAllowed(null)).toBe(false);
  expect(errors.isTargetNotAllowed('TargetNotAllowed')).toBe(false);
});
