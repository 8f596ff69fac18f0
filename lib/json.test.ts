import { expect, test } from '@playwright/test';
import { jsonDepth, parseJson } from './json';

// Hostile JSON (very deep, with a BOM or in UTF-16, huge strings) gets a bounded error, never a crash, well under a second.

test('JSON 1e5 levels deep is refused in linear time', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const t0 = performance.now();
  const r = parseJson(deep, { maxBytes: 1024 * 1024 });
  expect(r).toMatchObject({ ok: false, error: { reason: 'too-deep' } });
  const objDeep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  expect(parseJson(objDeep, { maxBytes: 1024 * 1024 })).toMatchObject({ ok: false, error: { reason: 'too-deep' } });
  expect(performance.now() - t0).toBeLessThan(1000);
});

test('depth counts structure only, not brackets inside strings', () => {
  expect(jsonDepth('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')).toBe(1);
  expect(jsonDepth('{"a":"\\"[[[[","b":[[1]]}')).toBe(3);
  expect(parseJson('['.repeat(32) + ']'.repeat(32)).ok).toBe(true);
  expect(parseJson('['.repeat(33) + ']'.repeat(33))).toMatchObject({ ok: false, error: { reason: 'too-deep' } });
});

test('JSON with a BOM or in UTF-16 are refused with a plain message', () => {
  expect(parseJson(Buffer.from('\ufeff{"a":1}', 'utf8'))).toMatchObject({ ok: false, error: { reason: 'bom' } });
  expect(parseJson('\ufeff{"a":1}')).toMatchObject({ ok: false, error: { reason: 'bom' } });
  expect(parseJson(Buffer.from('\ufeff{"a":1}', 'utf16le'))).toMatchObject({ ok: false, error: { reason: 'utf16' } });
  expect(parseJson(Buffer.from('{"a":1}', 'utf16le'))).toMatchObject({ ok: false, error: { reason: 'utf16' } });
});

test('a 10 MB JSON string is refused by size before parsing', () => {
  const big = Buffer.from(`{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`);
  const t0 = performance.now();
  expect(parseJson(big, { maxBytes: 64 * 1024 })).toMatchObject({ ok: false, error: { reason: 'too-large' } });
  expect(performance.now() - t0).toBeLessThan(100);
});

test('syntax errors do not quote the input (it may hold a token)', () => {
  const r = parseJson('access_token=SECRETVALUE&x=1');
  expect(r).toMatchObject({ ok: false, error: { reason: 'syntax' } });
  if (!r.ok) expect(r.error.message).not.toContain('SECRETVALUE');
  const r2 = parseJson('{"access_token":"SECRETVALUE",}');
  if (!r2.ok) expect(r2.error.message).not.toContain('SECRETVALUE');
  expect(parseJson('   ')).toMatchObject({ ok: false, error: { reason: 'empty' } });
  expect(parseJson('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
});
