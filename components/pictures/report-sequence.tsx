'use client';

// The report's picture of the linking: each hop's outcome from the results carried into the report (the newest result
// about a hop wins), with the hop that fails marked. Nothing to draw until a carried result is about some hop.

import { useDiagnosisHydrated, useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { hopStatusesFromEvidence } from './from-results';
import { LinkingSequence } from './linking-sequence';

export function ReportLinkingSequence() {
  const hydrated = useDiagnosisHydrated();
  const evidence = useDiagnosisStore((state) => state.evidence);
  if (!hydrated) return null;
  const statuses = hopStatusesFromEvidence(evidence);
  if (Object.values(statuses).every((s) => s === 'unknown')) return null;
  return <LinkingSequence statuses={statuses} title="The linking, hop by hop, as the carried results found it" />;
}
