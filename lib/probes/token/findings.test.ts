import { expect, test } from '@playwright/test';
import { getNode, isNodeId } from '@/lib/tree';
import { TOKEN_FINDINGS } from './findings';

test('every token finding links to a step of the guide that exists', () => {
  const missing = Object.entries(TOKEN_FINDINGS.nodes).filter(([, node]) => !isNodeId(node));
  expect(missing).toEqual([]);
});

test('a reply without a refresh token: the guide’s steps say what the probe says (it links, then ends when the access token expires)', () => {
  // The probe warns (lib/probes/token/run.test.ts, 'token.refresh-token' row); the guide must not call it a failed link.
  const exchange = getNode('token-exchange');
  const text = JSON.stringify(exchange);
  expect(text).not.toMatch(/No token pair, no link/);
  expect(text).toContain('A reply without a refresh token still links');
  const relink = getNode(TOKEN_FINDINGS.nodes['token.refresh-token']);
  expect(relink?.kind === 'check' && relink.steps[0]).toMatch(/Without one, linking still works, but Alexa cannot renew the access token/);
});
