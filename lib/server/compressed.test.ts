import { expect, test } from '@playwright/test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chosenEncoding, compressOnce } from './compressed.mjs';

test('the encoding follows Accept-Encoding: brotli first, then gzip, a q of 0 refuses, none without a header', () => {
  const cases: [string | undefined, 'br' | 'gzip' | null][] = [
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip, br;q=0', 'gzip'],
    ['BR;q=0.5', 'br'],
    ['deflate', null],
    ['identity', null],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['', null],
    [undefined, null],
  ];
  for (const [header, expected] of cases) expect(chosenEncoding(header), String(header)).toBe(expected);
  expect(chosenEncoding('gzip, deflate, br', false)).toBe('gzip');
});

test('each compressed body decodes to the same bytes, small and large', async () => {
  for (const size of [1_000, 100_000]) {
    const raw = Buffer.from(Array.from({ length: size }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join(''));
    const { gzip, br } = await compressOnce(raw);
    expect(gunzipSync(gzip).equals(raw)).toBe(true);
    expect(brotliDecompressSync(br!).equals(raw)).toBe(true);
  }
  expect((await compressOnce(Buffer.from('gzip only'), false)).br).toBeNull();
});
