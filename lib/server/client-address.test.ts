import { expect, test } from '@playwright/test';
import { clientAddress, trustedHopsFrom } from './client-address.mjs';

test('with no trusted proxy the socket peer is the client, whatever X-Forwarded-For claims', () => {
  expect(clientAddress('203.0.113.7', '198.51.100.1', 0)).toBe('203.0.113.7');
  expect(clientAddress('::ffff:203.0.113.7', undefined, 0)).toBe('203.0.113.7');
  expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
});

test('behind N trusted proxies the client is N entries from the right; entries a client adds further left do not count', () => {
  // The proxy (10.0.0.5) appended what it saw (203.0.113.7); the client had sent a made-up 1.2.3.4 first.
  expect(clientAddress('10.0.0.5', '1.2.3.4, 203.0.113.7', 1)).toBe('203.0.113.7');
  expect(clientAddress('10.0.0.5', ['1.2.3.4', '203.0.113.7, 10.0.0.9'], 2)).toBe('203.0.113.7');
  // Fewer entries than trusted hops: the leftmost there is.
  expect(clientAddress('10.0.0.5', undefined, 3)).toBe('10.0.0.5');
});

test('TRUST_PROXY_HOPS must be a small whole number', () => {
  expect(trustedHopsFrom(undefined)).toBe(0);
  expect(trustedHopsFrom('')).toBe(0);
  expect(trustedHopsFrom('2')).toBe(2);
  expect(() => trustedHopsFrom('yes')).toThrow(/TRUST_PROXY_HOPS.*"yes"/);
  expect(() => trustedHopsFrom('-1')).toThrow(/TRUST_PROXY_HOPS/);
});
