import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { NodeView } from '@/components/guide/node-view';
import { SearchEcho } from '@/components/guide/search-echo';
import { WalkBreadcrumbs } from '@/components/guide/walk-breadcrumbs';
import { canonicalSteps, getNode, incomingAnswers, isNodeId, nodeIds } from '@/lib/tree';

export const dynamicParams = false;

export function generateStaticParams() {
  return nodeIds.map((nodeId) => ({ nodeId }));
}

export async function generateMetadata(props: PageProps<'/guide/[nodeId]'>): Promise<Metadata> {
  const { nodeId } = await props.params;
  const node = getNode(nodeId);
  if (!node) return {};
  const url = `/guide/${nodeId}`;
  return {
    title: node.title,
    description: node.summary,
    alternates: { canonical: url },
    openGraph: { title: node.title, description: node.summary, url, type: 'article' },
    twitter: { card: 'summary', title: node.title, description: node.summary },
  };
}

export default async function GuideNodePage(props: PageProps<'/guide/[nodeId]'>) {
  const { nodeId } = await props.params;
  const node = getNode(nodeId);
  if (!node || !isNodeId(nodeId)) notFound();
  return (
    <>
      <WalkBreadcrumbs
        node={{ id: nodeId, title: node.title, incoming: incomingAnswers(nodeId), canonical: canonicalSteps(nodeId) }}
      />
      {/* The query string is read in the browser, so the page itself stays static. */}
      <Suspense fallback={null}>
        <SearchEcho nodeId={nodeId} />
      </Suspense>
      <NodeView id={nodeId} node={node} />
    </>
  );
}
