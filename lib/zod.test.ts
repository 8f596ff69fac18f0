import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from './zod';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

test('zod never compiles parsers with eval, which the pages\' script policy forbids', () => {
  expect(z.config().jitless).toBe(true);
});

test('every module takes zod from lib/zod, so that setting holds before any schema is built', () => {
  const direct = ['app', 'components', 'lib', 'content']
    .flatMap((dir) => sources(join(ROOT, dir)))
    .filter((file) => relative(ROOT, file) !== join('lib', 'zod.ts'))
    .filter((file) => /from ['"]zod(\/[^'"]*)?['"]/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file));
  expect(direct).toEqual([]);
});
