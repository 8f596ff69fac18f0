'use client';

import { useEffect, useState } from 'react';
import { useDiagnosisHydrated, useDiagnosisStoreApi } from '@/components/diagnosis-store-provider';
import { formDefaults, type ReportFormValues } from '@/lib/report/form';
import { ReportForm } from './report-form';

/** Waits for this session's diagnosis (path, evidence, configuration, earlier draft), then opens the form prefilled. */
export function ReportBuilder({ nodeTitles }: { nodeTitles: Record<string, string> }) {
  const hydrated = useDiagnosisHydrated();
  const store = useDiagnosisStoreApi();
  const [form, setForm] = useState<{ key: number; defaults: ReportFormValues } | null>(null);

  useEffect(() => {
    if (!hydrated) return;
    const { reportDraft, config, path, evidence } = store.getState();
    setForm({ key: 0, defaults: formDefaults({ draft: reportDraft, config, path, evidence, now: new Date() }) });
  }, [hydrated, store]);

  if (!form) return <p>Loading what you gathered so far…</p>;
  const startOver = () => {
    const state = store.getState();
    state.clearReportDraft();
    setForm((f) => ({ key: (f?.key ?? 0) + 1, defaults: formDefaults({ draft: null, config: state.config, path: state.path, evidence: state.evidence, now: new Date() }) }));
  };
  return <ReportForm key={form.key} defaults={form.defaults} nodeTitles={nodeTitles} onStartOver={startOver} />;
}
