'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { carriedConfigFrom } from '@/lib/report/form';
import { type Evidence } from '@/lib/report/schema';
import { parseUrl } from '@/lib/probes/urls';
import { cappedFindings, targetOfUrl } from '@/lib/stores/probe-evidence';
import { useRecordEvidence } from '@/lib/stores/record-evidence';
import { type CheckProgress } from './results';
import { type CheckStep, type CheckStepId } from './run';
import { type AccountLinkingConfig } from './smapi-config';

/** The probe each step of the check runs, so that a later run of that probe on the same target replaces it. */
const STEP_PROBE: Record<CheckStepId, string> = {
  config: 'config',
  token: 'token',
  'login-page': 'login-page',
  'app-links': 'app-links',
  provider: 'provider-quirks',
};

function stepTarget(id: CheckStepId, config: AccountLinkingConfig | null | undefined): string {
  if (!config) return '';
  switch (id) {
    case 'token':
      return targetOfUrl(config.accessTokenUrl);
    case 'app-links':
      return [...new Set(config.redirectUrls.flatMap((url) => parseUrl(url)?.host ?? []))].join(', ').slice(0, 300);
    case 'provider':
      return '';
    default:
      return targetOfUrl(config.authorizationUrl);
  }
}

/** One finished step of the check as evidence (its findings are already redacted by the server). */
export function checkStepEvidence(step: CheckStep, config: AccountLinkingConfig | null | undefined, at: string): Evidence {
  return {
    title: `Configuration check: ${step.label}`,
    probe: STEP_PROBE[step.id],
    target: stepTarget(step.id, config),
    at,
    elapsedMs: Math.min(step.elapsedMs, 3_600_000),
    findings: cappedFindings(step.findings),
  };
}

function RecordStep({ step, progress }: { step: CheckStep; progress: CheckProgress }) {
  useRecordEvidence(step, () => [checkStepEvidence(step, progress.config, new Date().toISOString())]);
  return null;
}

function RecordConfig({ progress }: { progress: CheckProgress }) {
  useRecordEvidence(progress.config, () => [], () => (progress.config ? carriedConfigFrom(progress.config, progress.skillType) : undefined));
  return null;
}

/**
 * Each step of the check joins the diagnosis as it finishes (a step that could not run is no evidence), and the
 * configuration as read: the support report has them without a button. The link is a shortcut to it.
 */
export function CarryToReport({ progress }: { progress: CheckProgress }) {
  // The button stays as a shortcut: the results are recorded already.
  const router = useRouter();
  const done = progress.plan.flatMap(({ id }) => {
    const step = progress.steps[id];
    return step?.status === 'done' ? [step] : [];
  });
  return (
    <>
      <RecordConfig progress={progress} />
      {done.map((step) => (
        <RecordStep key={step.id} step={step} progress={progress} />
      ))}
      {progress.summary && (
        <p>
          Each result joined the <Link href="/report">support report</Link> as it arrived.{' '}
          <button type="button" onClick={() => router.push('/report')}>
            Carry these results into the support report
          </button>
        </p>
      )}
    </>
  );
}
