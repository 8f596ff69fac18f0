import { STILL_FAILS, staticLinks, type Lookup } from './next-cause';
import { type Tree, type TreeNode } from './schema';

export interface Edge {
  /** The answer that leads along this edge, as the user saw it. */
  label: string;
  to: string;
  /** A "No, it still fails" link taken when no condition above it holds: what that case is. */
  otherwise?: string;
}

/** A tree as the next-cause rules read it. */
export function lookupIn(tree: Tree): Lookup {
  return (id) => {
    const node = tree[id];
    if (!node) return undefined;
    return { title: node.title, kind: node.kind, next: node.kind === 'resolution' ? node.next : undefined, when: node.appliesWhen };
  };
}

/**
 * Every way out of a node, in the order the page shows them. Given the tree, a resolution's "No, it still fails"
 * is every link its static page shows (one per condition the user may not have stated); without it, its `next`.
 */
export function edgesOf(node: TreeNode, tree?: Tree, id?: string): Edge[] {
  switch (node.kind) {
    case 'question':
      return node.options.map((o) => ({ label: o.label, to: o.next }));
    case 'check':
      return node.outcomes.map((o) => ({ label: o.label, to: o.next }));
    case 'resolution':
      return tree && id ? staticLinks(id, lookupIn(tree)) : [{ label: STILL_FAILS, to: node.next }];
    case 'report':
      return [];
  }
}

export function danglingEdges(tree: Tree): { from: string; to: string }[] {
  return Object.entries(tree).flatMap(([from, node]) =>
    edgesOf(node, tree, from)
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
    for (const { to } of edgesOf(node, tree, id)) {
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
    for (const { to } of node ? edgesOf(node, tree, id) : []) {
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
    .filter(([id, node]) => edgesOf(node, tree, id).length === 0)
    .map(([id]) => id);
}
