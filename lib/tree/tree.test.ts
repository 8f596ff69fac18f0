import { expect, test } from '@playwright/test';
import { rawTree } from '@/content/tree';
import { GUIDE_URL } from '@/lib/site';
import { danglingEdges, edgesOf, findCycle, leaves, unreachableNodes } from './graph';
import { treeSchema } from './schema';


test.describe('the symptom tree', () => {
  const parsed = treeSchema.safeParse(rawTree);

  test('parses against the schema', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  const tree = parsed.success ? parsed.data : {};

  test('every edge leads to a node that exists', () => {
    expect(danglingEdges(tree)).toEqual([]);
  });

  test('every node is reachable from the start', () => {
    expect(unreachableNodes(tree)).toEqual([]);
  });

  test('has no cycles', () => {
    expect(findCycle(tree)).toBeNull();
  });

  test('every leaf is the report (resolutions always lead on)', () => {
    for (const id of leaves(tree)) expect(tree[id]?.kind, id).toBe('report');
  });

  test('every resolution eventually reaches the report when the user keeps answering "no"', () => {
    for (const [id, node] of Object.entries(tree)) {
      if (node.kind !== 'resolution') continue;
      let current: string = id;
      const seen = new Set<string>();
      while (tree[current]?.kind !== 'report') {
        expect(seen.has(current), `loop from ${id}`).toBe(false);
        seen.add(current);
        const next = tree[current];
        expect(next, `${current} exists`).toBeDefined();
        current = edgesOf(next!)[0]!.to;
      }
    }
  });

  test('every node cites a section of the guide and an official Amazon page', () => {
    for (const [id, node] of Object.entries(tree)) {
      expect(node.source.section, id).not.toBe('');
      expect(node.source.url, id).toMatch(/^https:\/\/developer\.amazon\.com\//);
    }
    const citesGuide = Object.values(tree).filter((n) => n.source.url.startsWith(GUIDE_URL));
    expect(citesGuide.length).toBeGreaterThan(Object.keys(tree).length / 2);
  });

  test('a node with a missing edge is rejected by the graph checks', () => {
    const broken = structuredClone(tree);
    const start = broken.start;
    if (start?.kind === 'question') start.options[0]!.next = 'no-such-node';
    expect(danglingEdges(broken)).toContainEqual({ from: 'start', to: 'no-such-node' });
  });

  test('a cycle is detected', () => {
    const looped = structuredClone(tree);
    const resolution = Object.entries(looped).find(([, n]) => n.kind === 'resolution');
    expect(resolution).toBeDefined();
    const [id, node] = resolution!;
    if (node.kind === 'resolution') node.next = id;
    expect(findCycle(looped)).toContain(id);
  });
});
