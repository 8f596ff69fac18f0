import { nodeIds, tree } from '@/lib/tree';

/**
 * The title of every guide step, for the pages that show the rehearsal (/link, /check): they hand it to the result
 * view, so that a finding names the step that explains it without the tree's code in the browser. Read on the server.
 */
export function guideStepTitles(): Record<string, string> {
  return Object.fromEntries(nodeIds.map((id) => [id, tree[id].title]));
}
