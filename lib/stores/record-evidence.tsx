'use client';

import { useEffect } from 'react';
import { useDiagnosisHydrated, useDiagnosisStoreApi } from '@/components/diagnosis-store-provider';
import { type CarriedConfig, type Evidence } from '@/lib/report/schema';
import { probeConfig, probeEvidence, type ProbeResultLike } from './probe-evidence';

// The results already recorded in this page's life: a result re-rendered, or shown again, is not a new run.
const recorded = new WeakSet<object>();

/**
 * Records `source`'s evidence (and configuration) in the diagnosis once, as soon as the stored diagnosis has been read
 * back (recorded before, it would be overwritten by the stored one). `source` is the object that stands for the run:
 * a probe's result, a step of /check, a rehearsal's result.
 */
export function useRecordEvidence(
  source: object | null | undefined,
  evidence: () => Evidence[],
  config?: () => CarriedConfig | undefined,
  { fillOnly = false }: { fillOnly?: boolean } = {},
) {
  const hydrated = useDiagnosisHydrated();
  const store = useDiagnosisStoreApi();
  useEffect(() => {
    if (!hydrated || !source || recorded.has(source)) return;
    recorded.add(source);
    const carried = config?.();
    if (carried) store.getState()[fillOnly ? 'fillConfig' : 'recordConfig'](carried);
    const items = evidence();
    if (items.length > 0) store.getState().recordEvidence(items);
    // evidence and config are read once per source: new closures on each render are not new runs.
  }, [hydrated, source, store]);
}

/** A probe's finished result joins the diagnosis, and so the support report, as it is shown. Renders nothing. */
export function RecordProbeResult({ result }: { result: ProbeResultLike }) {
  useRecordEvidence(
    result,
    () => {
      const item = probeEvidence(result, new Date().toISOString());
      return item ? [item] : [];
    },
    () => probeConfig(result),
    { fillOnly: true },
  );
  return null;
}
