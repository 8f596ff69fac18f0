import { rawTree } from '@/content/tree';
import { SYMPTOM_CAUSES } from '@/content/cause-chains';
import { edgesOf as edgesIn, lookupIn, shortestPaths, type Edge } from './graph';
import { STILL_FAILS, staticSequence, type StepInfo } from './next-cause';
import { type ProbeId } from '@/lib/probes/catalog';
import { treeSchema, type TreeNode } from './schema';

export type { TreeNode, Part } from './schema';

export type NodeId = keyof typeof rawTree & string;

/** The tree, validated once when the module loads: invalid content fails the build. */
export const tree = treeSchema.parse(rawTree) as Record<NodeId, TreeNode>;

export const nodeIds = Object.keys(tree) as NodeId[];

export function isNodeId(id: string): id is NodeId {
  return Object.hasOwn(tree, id);
}

export function getNode(id: string): TreeNode | undefined {
  return isNodeId(id) ? tree[id] : undefined;
}

const lookup = lookupIn(tree);

/** Every way out of a step, as its page shows them (a resolution's "No, it still fails" links included). */
export function edgesOf(node: TreeNode): Edge[] {
  const id = nodeIds.find((candidate) => tree[candidate] === node);
  return edgesIn(node, tree, id);
}

const chains = Object.values(SYMPTOM_CAUSES);
const chained = new Set<string>(chains.flatMap((c) => [...c!.causes]));
const chainTargets = new Set<string>([...chained, ...chains.map((c) => c!.end ?? 'contact-amazon'), 'contact-amazon']);

/**
 * What a resolution page needs to pick its "No, it still fails" links from the walk: the steps those links may
 * lead to (every symptom's causes and ends, and its own chain), with titles and conditions only.
 */
export function stillFailsSteps(id: NodeId): Record<string, StepInfo> {
  const ids = new Set([id, ...chainTargets, ...staticSequence(id, lookup)]);
  return Object.fromEntries([...ids].map((step) => [step, lookup(step)!]));
}

const canonicalPaths = shortestPaths(tree);

/** The shortest way from the start to a node: the breadcrumbs of a page opened from a link. */
export function canonicalPath(id: NodeId): NodeId[] {
  return (canonicalPaths.get(id) ?? [id]) as NodeId[];
}

/** The answer that leads from one node to the next, when there is a direct edge. */
export function answerBetween(from: string, to: string): string | undefined {
  const node = getNode(from);
  return node ? edgesIn(node, tree, from).find((e) => e.to === to)?.label : undefined;
}

/**
 * The answers that lead to a node, keyed by the node they are given on. Besides the edges of static pages, the walk
 * may go from any symptom's cause to any other cause or end ("No, it still fails", see lib/tree/next-cause.ts).
 */
export function incomingAnswers(id: string): Record<string, string> {
  const incoming: Record<string, string> = {};
  for (const [from, node] of Object.entries(tree)) {
    const edge = edgesIn(node, tree, from).find((e) => e.to === id);
    if (edge) incoming[from] = edge.label;
    else if (chainTargets.has(id) && chained.has(from) && from !== id) incoming[from] = STILL_FAILS;
  }
  return incoming;
}

/**
 * The canonical path as breadcrumbs: each step's title, without answers. It is where a step sits in the guide,
 * shown (and recorded) when the user came from a link or a search, so it claims no answer the user never gave.
 */
export function canonicalSteps(id: NodeId): { id: string; title: string }[] {
  return canonicalPath(id).map((step) => ({ id: step, title: tree[step].title }));
}

/** Titles of the steps a list of findings links to, so results can name them without shipping the tree. */
export function nodeTitlesFor(findings: readonly { node: string }[]): Record<string, string> {
  return Object.fromEntries(findings.map(({ node }) => [node, getNode(node)?.title ?? node]));
}

/** The steps that offer a probe, in the tree's order: where the guide explains what the probe finds. */
export function nodesWithProbe(probe: ProbeId): { id: NodeId; title: string }[] {
  return nodeIds.filter((id) => {
    const node = tree[id];
    return (node.kind === 'check' || node.kind === 'resolution') && node.probe === probe;
  }).map((id) => ({ id, title: tree[id].title }));
}
