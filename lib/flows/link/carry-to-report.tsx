'use client';

import { useRouter } from 'next/navigation';
import { useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { linkEvidence } from './evidence';
import { type CarriedConfig } from '@/lib/report/schema';
import { type LinkResult } from './input';

/**
 * Keeps the rehearsal's findings (already redacted; each with its step and region) and the configuration it ran with
 * for the diagnosis and the support report, then opens the report. Never the test account or the client secret: the result holds neither.
 */
export function LinkCarryToReport({ result, config }: { result: LinkResult; config?: CarriedConfig | undefined }) {
  const router = useRouter();
  const recordEvidence = useDiagnosisStore((state) => state.recordEvidence);
  const recordConfig = useDiagnosisStore((state) => state.recordConfig);
  const carry = () => {
    if (config) recordConfig(config);
    recordEvidence([linkEvidence(result, new Date().toISOString())]);
    router.push('/report');
  };
  return (
    <p>
      <button type="button" onClick={carry}>
        Carry this rehearsal into the support report
      </button>
    </p>
  );
}
