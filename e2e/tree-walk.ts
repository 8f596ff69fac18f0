import { canonicalPath, edgesOf, tree, type NodeId } from '@/lib/tree';

/** The answer label that leads from one node to the next, as the page shows it. */
export function answerLabel(from: NodeId, to: NodeId): string {
  const edge = edgesOf(tree[from]).find((e) => e.to === to);
  if (!edge) throw new Error(`no edge ${from} → ${to}`);
  // The page renders `backticks` as code, so the link's accessible name has none.
  return edge.label.replace(/`/g, '');
}

/** A walk from the start that meets a question, then a check, then a resolution that leads on to another cause. */
export function walkThroughEveryKind(): NodeId[] {
  for (const [id, node] of Object.entries(tree) as [NodeId, (typeof tree)[NodeId]][]) {
    if (node.kind !== 'resolution' || tree[node.next as NodeId]?.kind === 'report') continue;
    const path = canonicalPath(id);
    const kinds = path.map((step) => tree[step].kind);
    const check = kinds.indexOf('check');
    if (check > 0 && kinds.slice(0, check).includes('question')) return [...path, node.next as NodeId];
  }
  throw new Error('the tree has no question → check → resolution → resolution walk');
}

/** A resolution whose "no" leads to a node whose own shortest path does not pass through it. */
export function detourWalk(): NodeId[] {
  for (const [id, node] of Object.entries(tree) as [NodeId, (typeof tree)[NodeId]][]) {
    if (node.kind !== 'resolution') continue;
    const next = node.next as NodeId;
    if (!canonicalPath(next).includes(id)) return [...canonicalPath(id), next];
  }
  throw new Error('no detour in the tree');
}

export function nodesOfKind(kind: (typeof tree)[NodeId]['kind']): NodeId[] {
  return (Object.keys(tree) as NodeId[]).filter((id) => tree[id].kind === kind);
}
