import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RichText } from '@/components/rich-text';
import { StepList } from '@/components/step-list';
import { WalkBreadcrumbs } from '@/components/guide/walk-breadcrumbs';
import { canonicalSteps, getNode, incomingAnswers, nodeIds, type NodeId } from '@/lib/tree';

export const dynamicParams = false;

export function generateStaticParams() {
  return nodeIds.filter((id) => getNode(id)?.kind === 'resolution').map((nodeId) => ({ nodeId }));
}

export async function generateMetadata(props: PageProps<'/guide/[nodeId]/fixed'>): Promise<Metadata> {
  const { nodeId } = await props.params;
  const node = getNode(nodeId);
  return node ? { title: `Fixed: ${node.title}`, description: node.summary, robots: { index: false } } : {};
}

export default async function FixedPage(props: PageProps<'/guide/[nodeId]/fixed'>) {
  const { nodeId } = await props.params;
  const node = getNode(nodeId);
  if (node?.kind !== 'resolution') notFound();
  const id = nodeId as NodeId;
  return (
    <>
      <WalkBreadcrumbs node={{ id, title: node.title, incoming: incomingAnswers(id), canonical: canonicalSteps(id) }} />
      <article className="node node-fixed" aria-labelledby="node-title">
        <p className="eyebrow">Solved</p>
        <h1 id="node-title">Account linking works again</h1>
        <p className="lead">
          The fix was: <strong>{node.title}</strong>.
        </p>
        <h2>What was wrong</h2>
        <p>
          <RichText text={node.cause} />
        </p>
        <h2>What you changed</h2>
        <StepList steps={node.fix} />
        <p>The path you took is above, so you can share it with your team or link to this step from a ticket.</p>
        <p className="walk-actions">
          <Link href={`/guide/${id}`}>Back to the step</Link>
          <Link href="/guide/start">Diagnose another problem</Link>
        </p>
      </article>
    </>
  );
}
