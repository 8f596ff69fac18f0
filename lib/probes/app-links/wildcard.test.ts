import { expect, test } from '@playwright/test';
import { wildcardMatch } from './wildcard';

test.describe('wildcards: the bounded matcher answers as the plain backtracking one', () => {
  /** The matcher this module used before: greedy, one backtrack point, O(pattern × path) at worst. */
  function backtrackingMatch(pattern: string, text: string, caseSensitive: boolean): boolean {
    const p = caseSensitive ? pattern : pattern.toLowerCase();
    const t = caseSensitive ? text : text.toLowerCase();
    let pi = 0;
    let ti = 0;
    let star = -1;
    let mark = 0;
    while (ti < t.length) {
      if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
        pi++;
        ti++;
      } else if (pi < p.length && p[pi] === '*') {
        star = pi++;
        mark = ti;
      } else if (star !== -1) {
        pi = star + 1;
        ti = ++mark;
      } else return false;
    }
    while (pi < p.length && p[pi] === '*') pi++;
    return pi === p.length;
  }

  test('on 50,000 random patterns and paths, short and long (past 32 characters, a word of the bit sets)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const randomText = (alphabet: string, max: number) => Array.from({ length: random(max + 1) }, () => alphabet.charAt(random(alphabet.length))).join('');
    const differ: string[] = [];
    let matched = 0;
    for (let k = 0; k < 50_000; k++) {
      const path = randomText('abA/', k % 3 === 0 ? 80 : 12);
      const pattern = randomText('ab?*/A', k % 5 === 0 ? 40 : 10);
      const caseSensitive = k % 2 === 0;
      const answer = wildcardMatch(pattern, path, caseSensitive);
      if (answer) matched++;
      if (answer !== backtrackingMatch(pattern, path, caseSensitive)) differ.push(JSON.stringify({ pattern, path, caseSensitive }));
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(matched).toBeGreaterThan(300);
  });

  test('a * in the path is an ordinary character to match (the old matcher took it for the pattern’s star)', () => {
    expect(wildcardMatch('*b', '*ab')).toBe(true);
    expect(wildcardMatch('/a/*', '/a/*x')).toBe(true);
  });
});
