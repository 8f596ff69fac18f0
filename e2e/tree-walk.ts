import { expect, type Page } from '@playwright/test';
import { canonicalPath, edgesOf, incomingAnswers, tree, type NodeId } from '@/lib/tree';
import { lookupIn } from '@/lib/tree/graph';
import { walkLinks } from '@/lib/tree/next-cause';

/** The answer label that leads from one node to the next, as the page shows it. */
export function answerLabel(from: NodeId, to: NodeId): string {
  const label = edgesOf(tree[from]).find((e) => e.to === to)?.label ?? incomingAnswers(to)[from];
  if (!label) throw new Error(`no edge ${from} → ${to}`);
  // The page renders `backticks` as code, so the link's accessible name has none.
  return label.replace(/`/g, '');
}

/**
 * Waits until the page has recorded its visit in the walk, as it does once its scripts have run: a reader answers a
 * step after reading it. A click before that is an ordinary page load (tested on its own in search-and-walk.spec.ts).
 */
export async function visitRecorded(page: Page, id: NodeId): Promise<void> {
  const lastStep = () =>
    page.evaluate(() => JSON.parse(sessionStorage.getItem('link-doctor-diagnosis') ?? '{}').state?.path?.at(-1)?.id as string | undefined);
  // Up to a slow machine's hydration.
  await expect.poll(lastStep, { timeout: 15_000 }).toBe(id);
}

/** Where "No, it still fails" leads from a resolution reached by its shortest path, when the user states nothing. */
export function stillFailsNext(id: NodeId): NodeId {
  return walkLinks(id, canonicalPath(id), lookupIn(tree)).at(-1)!.to as NodeId;
}

/** A walk from the start that meets a question, then a check, then a resolution that leads on to another cause. */
export function walkThroughEveryKind(): NodeId[] {
  for (const [id, node] of Object.entries(tree) as [NodeId, (typeof tree)[NodeId]][]) {
    if (node.kind !== 'resolution') continue;
    // The same link with and without JavaScript, so the walk works both ways.
    const next = stillFailsNext(id);
    if (tree[next]?.kind === 'report' || !edgesOf(node).some((e) => e.to === next)) continue;
    const path = canonicalPath(id);
    const kinds = path.map((step) => tree[step].kind);
    const check = kinds.indexOf('check');
    if (check > 0 && kinds.slice(0, check).includes('question')) return [...path, next];
  }
  throw new Error('the tree has no question → check → resolution → resolution walk');
}

/** A resolution whose "no" leads to a node whose own shortest path does not pass through it. */
export function detourWalk(): NodeId[] {
  for (const [id, node] of Object.entries(tree) as [NodeId, (typeof tree)[NodeId]][]) {
    if (node.kind !== 'resolution') continue;
    const next = stillFailsNext(id);
    if (!canonicalPath(next).includes(id)) return [...canonicalPath(id), next];
  }
  throw new Error('no detour in the tree');
}

export function nodesOfKind(kind: (typeof tree)[NodeId]['kind']): NodeId[] {
  return (Object.keys(tree) as NodeId[]).filter((id) => tree[id].kind === kind);
}
