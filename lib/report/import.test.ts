import { expect, test } from '@playwright/test';
import { fencedJson, utf8Length } from './import';

test('the JSON fence is found only where it starts a line, and closes only on a fence at least as long', () => {
  expect(fencedJson('# Report\n\n```json\n{"a":1}\n```\n')).toBe('{"a":1}');
  // A value in the table may carry ```json in a code span: not a fence.
  expect(fencedJson('| Domain | `` ```json `` |\n\n```json\n{}\n```')).toBe('{}');
  expect(fencedJson('| Domain | `` ```json\n{"forged":true}\n``` `` |')).toBeNull();
  expect(fencedJson('````json\n{"a":"```"}\n````\n')).toBe('{"a":"```"}');
  expect(fencedJson('````json\n{}\n```\n')).toBeNull();
  expect(fencedJson('```json\n{}')).toBeNull();
});

test('many fences that never close are read in linear time', () => {
  const hostile = '```json\n'.repeat(64 * 1024) + '```x';
  const start = performance.now();
  expect(fencedJson(hostile)).toBeNull();
  expect(performance.now() - start).toBeLessThan(100);
});

test('a paste is measured in the bytes a form sends', () => {
  expect(utf8Length('a')).toBe(1);
  expect(utf8Length('é€😀')).toBe(2 + 3 + 4);
  expect(utf8Length('é€😀')).toBe(Buffer.byteLength('é€😀'));
});
