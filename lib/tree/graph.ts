import { type Tree, type TreeNode } from './schema';

export interface Edge {
  /** The answer that leads along this edge, as the user saw it. */
  label: string;
  to: string;
}

/** Every way out of a node, in the order the page shows them. */
export function edgesOf(node: TreeNode): Edge[] {
  switch (node.kind) {
    case 'question':
      return node.options.map((o) => ({ label: o.label, to: o.next }));
    case 'check':
      return node.outcomes.map((o) => ({ label: o.label, to: o.next }));
    case 'resolution':
      return [{ label: 'No, it still fails', to: node.next }];
    case 'report':
      return [];
  }
}

export function danglingEdges(tree: Tree): { from: string; to: string }[] {
  return Object.entries(tree).flatMap(([from, node]) =>
    edgesOf(node)
      .filter((e) => !(e.to in tree))
      .map((e) => ({ from, to: e.to })),
  );
}

/**
 * Shortest path from `start` to every reachable node (breadth-first), used for the
 * breadcrumbs of a page opened from a link, before any walk is known.
 */
export function shortestPaths(tree: Tree, start = 'start'): Map<string, string[]> {
  const paths = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = tree[id];
    if (!node) continue;
    for (const { to } of edgesOf(node)) {
      if (!paths.has(to)) {
        paths.set(to, [...paths.get(id)!, to]);
        queue.push(to);
      }
    }
  }
  return paths;
}

export function unreachableNodes(tree: Tree, start = 'start'): string[] {
  const reached = shortestPaths(tree, start);
  return Object.keys(tree).filter((id) => !reached.has(id));
}

/** A cycle as a list of ids (first = last), or null when the tree is acyclic. */
export function findCycle(tree: Tree): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    const node = tree[id];
    for (const { to } of node ? edgesOf(node) : []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of Object.keys(tree)) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

/** Nodes with no way out: each must be a resolution or the report, never a dead end. */
export function leaves(tree: Tree): string[] {
  return Object.entries(tree)
    .filter(([, node]) => edgesOf(node).length === 0)
    .map(([id]) => id);
}
