import { expect, test } from '@playwright/test';
import { restoreSameOriginFormOrigin } from './form-origin.mjs';

const restored = (headers: Record<string, string>) => {
  const copy = { ...headers };
  restoreSameOriginFormOrigin(copy);
  return copy.origin;
};

test('a same-origin form from a no-referrer page gets its origin back; nothing else does', () => {
  const host = 'linkdoctor.example';
  expect(restored({ host, origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe(`http://${host}`);
  // A sandboxed frame or another site's page, and clients that do not say where they come from, keep null.
  expect(restored({ host, origin: 'null', 'sec-fetch-site': 'cross-site' })).toBe('null');
  expect(restored({ host, origin: 'null', 'sec-fetch-site': 'same-site' })).toBe('null');
  expect(restored({ host, origin: 'null' })).toBe('null');
  expect(restored({ host, origin: 'https://other.example', 'sec-fetch-site': 'same-origin' })).toBe('https://other.example');
  expect(restored({ host, 'sec-fetch-site': 'same-origin' })).toBeUndefined();
});
