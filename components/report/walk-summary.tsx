'use client';

import Link from 'next/link';
import { useDiagnosisHydrated, useDiagnosisStore } from '@/components/diagnosis-store-provider';

/** The path the user took through the guide, read from this browser session. */
export function WalkSummary() {
  const hydrated = useDiagnosisHydrated();
  const path = useDiagnosisStore((state) => state.path);

  if (!hydrated) return <p>Loading the path you took…</p>;
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
