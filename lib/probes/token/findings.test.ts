import { expect, test } from '@playwright/test';
import { isNodeId } from '@/lib/tree';
import { TOKEN_FINDINGS } from './findings';

test('every token finding links to a step of the guide that exists', () => {
  const missing = Object.entries(TOKEN_FINDINGS.nodes).filter(([, node]) => !isNodeId(node));
  expect(missing).toEqual([]);
});
