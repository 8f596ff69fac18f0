// A rehearsal's result as evidence for the diagnosis and the support report. Client-safe, pure.
import { MAX_FINDINGS_PER_EVIDENCE, type CarriedConfig, type Evidence } from '@/lib/report/schema';
import { type LinkInput, type LinkResult } from './input';
import { regionLabel, STEP_LABELS } from './step-labels';

const RANK = { fail: 0, warn: 1, pass: 2, skip: 3 } as const;

/**
 * One piece of evidence for the whole run: its title says the verdict per region, each finding keeps its `step` and
 * `region`. Findings are already redacted by the run. Over the report's cap per result, what passed goes first.
 */
export function linkEvidence(result: LinkResult, at: string): Evidence {
  const verdicts = result.regions.map((r) =>
    r.linked ? `linked in ${regionLabel(r.region)}` : `not linked in ${regionLabel(r.region)}${r.firstFailure ? `, fails at “${STEP_LABELS[r.firstFailure.step]}”` : ''}`,
  );
  const findings =
    result.findings.length <= MAX_FINDINGS_PER_EVIDENCE
      ? result.findings
      : [...result.findings].sort((a, b) => RANK[a.status] - RANK[b.status]).slice(0, MAX_FINDINGS_PER_EVIDENCE);
  const elapsedMs = result.steps.reduce((sum, s) => sum + s.durationMs, 0);
  return { title: `Link as Alexa: ${verdicts.join('; ')}`.slice(0, 300), at, elapsedMs: Math.min(elapsedMs, 3_600_000), findings };
}

/** The configuration a rehearsal ran with, for the report's Contact-us list: nothing secret (no client secret, no account). */
export function carriedConfigOf(input: LinkInput): CarriedConfig {
  return {
    grantType: 'AUTH_CODE',
    authorizationUrl: input.authorizationUri,
    accessTokenUrl: input.accessTokenUri,
    clientId: input.clientId,
    clientAuthScheme: input.scheme,
    ...(input.domains ? { domains: input.domains } : {}),
  };
}
