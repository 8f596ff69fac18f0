'use client';

import { useRouter } from 'next/navigation';
import { useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { carriedConfigFrom } from '@/lib/report/form';
import { type CheckProgress } from './results';

/** Keeps this check's findings (already redacted) for the support report, then opens it. */
export function CarryToReport({ progress }: { progress: CheckProgress }) {
  const router = useRouter();
  const recordEvidence = useDiagnosisStore((state) => state.recordEvidence);
  const recordConfig = useDiagnosisStore((state) => state.recordConfig);
  const carry = () => {
    const at = new Date().toISOString();
    if (progress.config) recordConfig(carriedConfigFrom(progress.config, progress.skillType));
    recordEvidence(
      progress.plan.flatMap(({ id, label }) => {
        const step = progress.steps[id];
        return step?.status === 'done'
          ? [{ title: `Configuration check: ${label}`, at, findings: step.findings, elapsedMs: step.elapsedMs }]
          : [];
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
