import { expect, test } from '@playwright/test';
import { fencedJson } from './import';

test('the fenced JSON is found as the regular expression it replaces found it, on 100,000 random Markdown texts', () => {
  // Quadratic on many unclosed fences, so only a reference for short texts.
  const reference = (text: string) => /(`{3,})json[^\n]*\n([\s\S]*?)\n\1/.exec(text)?.[2] ?? null;
  const pieces = ['```json\n', '````json', '\n```', '\n````', '`', 'json', '\n', 'x', '{}'];
  let seed = 3;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const differ: string[] = [];
  let found = 0;
  for (let k = 0; k < 100_000; k++) {
    const text = Array.from({ length: random(16) }, () => pieces[random(pieces.length)]).join('');
    const json = fencedJson(text);
    if (json !== null) found++;
    if (json !== reference(text)) differ.push(JSON.stringify(text));
  }
  expect(differ.slice(0, 5)).toEqual([]);
  expect(found).toBeGreaterThan(1000);
});

test('a longer opening fence closes only on as many backticks, and may be read shorter from a later backtick', () => {
  expect(fencedJson('````json\n{"a":"```"}\n````\n')).toBe('{"a":"```"}');
  expect(fencedJson('````json\n{}\n```\n')).toBe('{}');
  expect(fencedJson('```json\n{}')).toBeNull();
});
