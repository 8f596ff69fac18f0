'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useDiagnosisStore, useDiagnosisStoreApi } from '@/components/diagnosis-store-provider';
import { type VisitedNode } from '@/lib/stores/diagnosis-store';
import { type WalkStep } from '@/lib/report/schema';

/**
 * Records this visit in the walk and shows the path taken. Before the walk is known
 * (first render, no JavaScript, a link from elsewhere) it shows the shortest path from the start.
 */
export function WalkBreadcrumbs({ node }: { node: VisitedNode }) {
  const store = useDiagnosisStoreApi();
  const path = useDiagnosisStore((state) => state.path);

  useEffect(() => {
    const record = () => store.getState().visit(node);
    if (store.persist.hasHydrated()) record();
    else return store.persist.onFinishHydration(record);
    // The node's data is fixed per id; re-running on identity changes would only repeat the visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, node.id]);

  const steps: WalkStep[] = path.at(-1)?.id === node.id ? path : node.canonical;
  const previous = steps.at(-2);

  return (
    <nav aria-label="Your path" className="walk">
      <ol className="breadcrumbs">
        {steps.map((step, i) => (
          <li key={step.id}>
            {step.answer && <span className="answer">{step.answer}</span>}
            {i === steps.length - 1 ? (
              <span aria-current="page">{step.title}</span>
            ) : (
              <Link href={`/guide/${step.id}`}>{step.title}</Link>
            )}
          </li>
        ))}
      </ol>
      <p className="walk-actions">
        {previous && (
          <Link href={`/guide/${previous.id}`} className="back">
            Back
          </Link>
        )}
        {node.id !== 'start' && <Link href="/guide/start">Start over</Link>}
      </p>
    </nav>
  );
}
