'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useDiagnosisStore, useDiagnosisStoreApi } from '@/components/diagnosis-store-provider';
import { RichText } from '@/components/rich-text';
import { type VisitedNode } from '@/lib/stores/diagnosis-store';
import { type WalkStep } from '@/lib/report/schema';

// Paths up to this long show whole; longer ones fold their start away, so the step stays on a phone's first screen.
const SHOWN_WHOLE = 3;
// What stays visible of a longer path: the step before this one (with the answer given there) and this one.
const CONTEXT_STEPS = 2;

/**
 * Records this visit in the walk and shows the path taken. Before the walk is known
 * (first render, no JavaScript, a link from elsewhere) it shows the shortest path from the start, without answers.
 * Long paths fold their earlier steps into a <details>, which opens without JavaScript.
 */
export function WalkBreadcrumbs({ node }: { node: VisitedNode }) {
  const store = useDiagnosisStoreApi();
  const path = useDiagnosisStore((state) => state.path);

  useEffect(() => {
    // A search result is not an answer: with no incoming answers, the walk starts afresh here instead of
    // claiming that the user picked the option that leads here from wherever they were.
    const fromSearch = new URLSearchParams(window.location.search).has('q');
    const cameFrom = referrerTaken ? undefined : loadedFrom();
    const record = () => {
      referrerTaken = true;
      store.getState().visit(fromSearch ? { ...node, incoming: {} } : node, cameFrom);
    };
    if (store.persist.hasHydrated()) record();
    else return store.persist.onFinishHydration(record);
    // The node's data is fixed per id; re-running on identity changes would only repeat the visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, node.id]);

  const steps: WalkStep[] = path.at(-1)?.id === node.id ? path : node.canonical;
  const previous = steps.at(-2);
  const folded = steps.length > SHOWN_WHOLE ? steps.slice(0, -CONTEXT_STEPS) : [];
  const shown = steps.slice(folded.length);

  return (
    <nav aria-label="Your path" className="walk">
      {folded.length > 0 && (
        <details className="walk-earlier">
          <summary>
            {folded.length} earlier steps
          </summary>
          <Crumbs steps={folded} />
        </details>
      )}
      <Crumbs steps={shown} lastIsCurrent />
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

// The referrer speaks for the first visit recorded in this document only: later client-side navigations may come back
// to the address that was loaded, and the page before the load says nothing of how they got there.
let referrerTaken = false;

/**
 * The guide step whose page loaded this document by following a link, while it is still the page that was loaded: a
 * click made before the previous page had its scripts is an ordinary page load, and the referrer is all that is left
 * of it. A reload or a move through the history keeps the referrer of an older load, so it says nothing then.
 */
function loadedFrom(): string | undefined {
  const loaded = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (loaded?.type !== 'navigate' || loaded.name.split('#')[0] !== window.location.href.split('#')[0]) return undefined;
  try {
    const referrer = new URL(document.referrer);
    if (referrer.origin !== window.location.origin) return undefined;
    return /^\/guide\/([a-z0-9-]+)$/.exec(referrer.pathname)?.[1];
  } catch {
    return undefined; // no referrer
  }
}

function Crumbs({ steps, lastIsCurrent = false }: { steps: readonly WalkStep[]; lastIsCurrent?: boolean }) {
  return (
    <ol className="breadcrumbs">
      {steps.map((step, i) => (
        <li key={step.id}>
          {step.answer && (
            <span className="answer">
              <RichText text={step.answer} />
            </span>
          )}
          {lastIsCurrent && i === steps.length - 1 ? (
            <span aria-current="page">
              <RichText text={step.title} />
            </span>
          ) : (
            <Link href={`/guide/${step.id}`}>
              <RichText text={step.title} />
            </Link>
          )}
        </li>
      ))}
    </ol>
  );
}
