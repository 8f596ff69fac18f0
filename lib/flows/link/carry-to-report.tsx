'use client';

import { useRouter } from 'next/navigation';
import { linkEvidence } from './evidence';
import { type CarriedConfig } from '@/lib/report/schema';
import { targetOfUrl } from '@/lib/stores/probe-evidence';
import { useRecordEvidence } from '@/lib/stores/record-evidence';
import { type LinkResult } from './input';

/**
 * The rehearsal's findings (already redacted; each with its step and region) and the configuration it ran with join
 * the diagnosis and the support report as soon as it ends; the button only opens the report. Never the test account
 * or the client secret: the result holds neither.
 */
export function LinkCarryToReport({ result, config }: { result: LinkResult; config?: CarriedConfig | undefined }) {
  const router = useRouter();
  useRecordEvidence(
    result,
    () => [{ ...linkEvidence(result, new Date().toISOString()), probe: 'link', target: targetOfUrl(config?.authorizationUrl) }],
    () => config,
  );
  return (
    <p>
      This rehearsal is in the support report already.{' '}
      <button type="button" onClick={() => router.push('/report')}>
        Carry this rehearsal into the support report
      </button>
    </p>
  );
}
