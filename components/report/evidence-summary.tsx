'use client';

import Link from 'next/link';
import { useDiagnosisHydrated, useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { FindingsList } from '@/components/probe/findings-list';

/** The probe results the user carried over, newest first; only what failed or warned, with its evidence. */
export function EvidenceSummary({ nodeTitles }: { nodeTitles: Record<string, string> }) {
  const hydrated = useDiagnosisHydrated();
  const evidence = useDiagnosisStore((state) => state.evidence);

  if (!hydrated) return <p>Loading the probe results…</p>;
  if (evidence.length === 0)
    return (
      <p>
        No probe results yet. Run a check on a step of the guide, or <Link href="/check">check your whole configuration</Link>:
        each result appears here as it finishes.
      </p>
    );
  return evidence.map((item, i) => {
    const notable = item.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    return (
      <section key={`${item.at}-${i}`} className="evidence" aria-label={item.title}>
        <h3>
          {item.title} <span className="step-state">{new Date(item.at).toISOString().replace('T', ' ').slice(0, 19)} UTC</span>
        </h3>
        {notable.length > 0 ? <FindingsList findings={notable} nodeTitles={nodeTitles} showPlace /> : <p>No problems found.</p>}
      </section>
    );
  });
}
