import { expect, test } from '@playwright/test';
import { isNodeId } from '@/lib/tree';
import { TOKEN_FINDING_NODES } from './findings';

test('every token finding links to a step of the guide that exists', () => {
  const missing = Object.entries(TOKEN_FINDING_NODES).filter(([, node]) => !isNodeId(node));
  expect(missing).toEqual([]);
});
