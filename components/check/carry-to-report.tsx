'use client';

import { useRouter } from 'next/navigation';
import { useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { type CheckProgress } from './check-results';

/** Keeps this check's findings (already redacted) for the support report, then opens it. */
export function CarryToReport({ progress }: { progress: CheckProgress }) {
  const router = useRouter();
  const recordEvidence = useDiagnosisStore((state) => state.recordEvidence);
  const carry = () => {
    const at = new Date().toISOString();
    recordEvidence(
      progress.plan.flatMap(({ id, label }) => {
        const step = progress.steps[id];
        return step?.status === 'done' ? [{ title: `Configuration check: ${label}`, at, findings: step.findings }] : [];
      }),
    );
    router.push('/report');
  };
  return (
    <p>
      <button type="button" onClick={carry}>
        Carry these results into the support report
      </button>
    </p>
  );
}
