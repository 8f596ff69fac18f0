import { expect, test } from '@playwright/test';
import { CookieJar, MAX_COOKIE_BYTES, MAX_COOKIES } from './cookie-jar';

const setCookies = (...lines: string[]) => lines.map((l) => ['set-cookie', l] as const);

test('a cookie goes back only to the host that set it, on paths under its Path, over https when Secure', () => {
  const jar = new CookieJar();
  jar.store(new URL('https://login.example.com/auth'), setCookies('_interaction=abc; path=/interaction/xyz; secure; httponly', 'lang=en', 'wide=1; Domain=example.com; Path=/'));
  expect(jar.header(new URL('https://login.example.com/interaction/xyz'))).toBe('_interaction=abc; lang=en; wide=1');
  expect(jar.header(new URL('https://login.example.com/interaction/xyzzy'))).toBe('lang=en; wide=1');
  // Host-only whatever Domain says: no other host ever gets a cookie.
  expect(jar.header(new URL('https://cdn.example.com/interaction/xyz'))).toBeUndefined();
  expect(jar.header(new URL('https://evil.test/'))).toBeUndefined();
  expect(jar.header(new URL('http://login.example.com/interaction/xyz'))).toBe('lang=en; wide=1');
});

test('Max-Age=0 and past Expires delete; a cookie is replaced by name, host and path', () => {
  const jar = new CookieJar();
  const url = new URL('https://a.example/');
  jar.store(url, setCookies('s=1', 't=2'));
  jar.store(url, setCookies('s=3', 't=; Max-Age=0'));
  expect(jar.header(url)).toBe('s=3');
  jar.store(url, setCookies('s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
  expect(jar.header(url)).toBeUndefined();
});

test('bounded: at most MAX_COOKIES cookies of at most MAX_COOKIE_BYTES; bad names are dropped; the summary has no values', () => {
  const jar = new CookieJar();
  const url = new URL('https://a.example/');
  jar.store(url, setCookies(...Array.from({ length: MAX_COOKIES + 5 }, (_, i) => `c${i}=v${i}`), `big=${'x'.repeat(MAX_COOKIE_BYTES)}`, 'bad name=1', '=novalue'));
  expect(jar.summary()).toHaveLength(MAX_COOKIES);
  expect(jar.dropped).toBe(5 + 3);
  expect(JSON.stringify(jar.summary())).not.toContain('v1');
  expect(jar.summary()[0]).toEqual({ host: 'a.example', name: 'c0', bytes: 5 });
});
