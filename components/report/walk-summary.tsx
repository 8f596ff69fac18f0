'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useWalkStore, useWalkStoreApi } from '@/components/walk-store-provider';

/** The path the user took through the guide, read from this browser session. */
export function WalkSummary() {
  const store = useWalkStoreApi();
  const path = useWalkStore((state) => state.path);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (store.persist.hasHydrated()) setReady(true);
    else return store.persist.onFinishHydration(() => setReady(true));
  }, [store]);

  if (!ready) return <p>Loading the path you took…</p>;
  if (path.length === 0)
    return (
      <p>
        You have not walked through the guide in this browser session yet. <Link href="/guide/start">Start it</Link>{' '}
        first: most problems have a fix there.
      </p>
    );
  return (
    <ol className="path-summary">
      {path.map((step) => (
        <li key={step.id}>
          {step.answer && <span className="answer">{step.answer} → </span>}
          <Link href={`/guide/${step.id}`}>{step.title}</Link>
        </li>
      ))}
    </ol>
  );
}
