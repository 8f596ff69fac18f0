import { expect, test } from '@playwright/test';
import { SEARCH_QUERIES } from '@/content/search-queries';
import { searchIndex } from '@/lib/tree/search-index';
import { searchNodes } from './search';

test('the table holds at least 60 real queries, from every kind of source', () => {
  expect(SEARCH_QUERIES.length).toBeGreaterThanOrEqual(60);
  for (const from of ['guide', 'oauth', 'http', 'browser', 'provider', 'plain']) {
    expect(SEARCH_QUERIES.filter((q) => q.from === from).length, from).toBeGreaterThanOrEqual(5);
  }
});

for (const { query, step } of SEARCH_QUERIES) {
  test(`"${query}" ranks ${step} first`, () => {
    const ranked = searchNodes(query, searchIndex).map((m) => m.id);
    expect(ranked[0], `ranked: ${ranked.join(', ')}`).toBe(step);
  });
}
