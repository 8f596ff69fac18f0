import { expect, test } from '@playwright/test';
import { isConfident, normalise, searchNodes, type SearchEntry } from './search';

const entries: SearchEntry[] = [
  { id: 'unable', title: 'Token exchange fails', summary: 'Alexa cannot get tokens.', symptoms: ['We were unable to link … at this time', 'Linking unsuccessful'], keywords: [] },
  { id: 'forbidden', title: 'The enablement API answers 403', summary: 'Scope or beta tester.', symptoms: ['403 Forbidden'], keywords: ['403'] },
  { id: 'bad-request', title: 'The enablement API answers 400', summary: 'Title-case Bearer.', symptoms: ['400 Bad Request'], keywords: [] },
  { id: 'relink', title: 'Users must link again later', summary: 'Refresh fails; expires_in below 360.', symptoms: ['must link again later'], keywords: ['relink'] },
];

test('normalises case, punctuation and quotes', () => {
  expect(normalise('  "We were UNABLE to link at this time." ')).toBe('we were unable to link at this time');
});

test('an error message inside pasted text wins outright', () => {
  const matches = searchNodes('Error: "We were unable to link at this time." Please try again later.', entries);
  expect(matches[0]?.id).toBe('unable');
  expect(isConfident(matches)).toBe(true);
});

test('status codes tell apart errors that share words', () => {
  expect(searchNodes('HTTP/1.1 403 Forbidden', entries)[0]?.id).toBe('forbidden');
  expect(searchNodes('400 Bad Request', entries)[0]?.id).toBe('bad-request');
});

test('a number inside another number does not match', () => {
  expect(searchNodes('error 14031', entries).map((m) => m.id)).not.toContain('forbidden');
});

test('loose words give ranked near matches, not a confident jump', () => {
  const matches = searchNodes('refresh expires_in', entries);
  expect(matches[0]?.id).toBe('relink');
  expect(isConfident(matches)).toBe(false);
});

test('nothing matches nonsense or empty input', () => {
  expect(searchNodes('zzzz qqqq', entries)).toEqual([]);
  expect(searchNodes('   ', entries)).toEqual([]);
  expect(searchNodes('!!!', entries)).toEqual([]);
});

test('a huge paste is handled quickly', () => {
  const started = Date.now();
  searchNodes('We were unable to link at this time '.repeat(10_000), entries);
  expect(Date.now() - started).toBeLessThan(200);
});

test("Alexa's message finds its step with any skill name and punctuation in it", () => {
  for (const pasted of [
    'We were unable to link My Weather Skill at this time. Please try again later.',
    '“We were unable to link Smart-Life (beta) at this time.”',
    'we were unable to link at this time',
  ]) {
    const matches = searchNodes(pasted, entries);
    expect(matches[0]?.id, pasted).toBe('unable');
    expect(isConfident(matches), pasted).toBe(true);
  }
  // A skill name is a few words, not a paragraph.
  expect(searchNodes(`We were unable to link ${'word '.repeat(20)} at this time`, entries)[0]?.matched).toBeUndefined();
});

test('a keyword ranks its step, a typed fragment of an error text finds it, and stems match', () => {
  expect(searchNodes('users relink every day', entries)[0]?.id).toBe('relink');
  expect(searchNodes('unable to link', entries)[0]?.id).toBe('unable');
  expect(searchNodes('403', entries)[0]?.via).toBe('keyword');
});
