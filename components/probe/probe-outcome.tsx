import { type ReactNode } from 'react';
import { type Finding } from '@/lib/probes/findings';
import { type ProbeState } from '@/lib/probes/state';
import { plural } from '@/lib/probes/wording';
import { RecordProbeResult } from '@/lib/stores/record-evidence';
import { FindingsList } from './findings-list';

interface ProbeResultBase {
  ok: boolean;
  findings: readonly Finding[];
  /** Network probes say whether PROBE_ALLOW_PRIVATE was on for the run. */
  privateMode?: boolean;
}

export const LIMITED_HEADLINE = 'Not run: too many probes at the moment.';

const HEADLINES: Partial<Record<string, string>> = {
  refused: 'Link Doctor will not call this address.',
  limited: LIMITED_HEADLINE,
};

/** Why a probe or check did not run (or did not finish), as an alert. */
export function ProbeNotRun({ headline, message }: { headline: string; message: string }) {
  return (
    <div className="probe-error" role="alert">
      <p>
        <strong>{headline}</strong>
      </p>
      <p>{message}</p>
    </div>
  );
}

/**
 * What a probe or check found — the verdict, then the findings worst first — or why it could not run. `notice`
 * goes between the verdict and the findings, `children` after them.
 */
export function ProbeOutcomeView<R extends ProbeResultBase>({
  state,
  accepted,
  rejected = 'Alexa would reject this',
  unfinished = 'The check did not finish.',
  notice,
  children,
}: {
  state: NonNullable<ProbeState<R>>;
  /** The verdict when nothing fails, e.g. "Alexa would accept this token response". */
  accepted: string;
  /** The verdict's opening when something fails; the count of problems follows. */
  rejected?: string;
  unfinished?: string;
  notice?: (result: R) => ReactNode;
  children?: (result: R) => ReactNode;
}) {
  if (state.kind === 'invalid') {
    return (
      <div className="probe-error" role="alert">
        <p>
          <strong>{state.message}</strong>
        </p>
        {state.issues.length > 0 && (
          <ul>
            {state.issues.map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (state.kind === 'refused' || state.kind === 'limited' || state.kind === 'error') {
    return <ProbeNotRun headline={HEADLINES[state.kind] ?? unfinished} message={state.message} />;
  }
  const { result, nodeTitles } = state;
  return (
    <div className="probe-result">
      {/* Every finished run joins the diagnosis, so the support report has it without a button. */}
      <RecordProbeResult result={result} />
      <Verdict ok={result.ok} findings={result.findings} accepted={accepted} rejected={rejected} />
      {result.privateMode && <p className="private-mode">Private addresses are allowed (PROBE_ALLOW_PRIVATE=1): for local development only.</p>}
      {notice?.(result)}
      <FindingsList findings={result.findings} nodeTitles={nodeTitles} />
      {children?.(result)}
    </div>
  );
}

function Verdict({ ok, findings, accepted, rejected }: { ok: boolean; findings: readonly Finding[]; accepted: string; rejected: string }) {
  const fails = findings.filter((f) => f.status === 'fail').length;
  const warns = findings.filter((f) => f.status === 'warn').length;
  const warnings = warns ? `, ${ok ? 'with ' : ''}${plural(warns, 'warning')}` : '';
  return (
    <h3 className={ok ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
      {ok ? `${accepted}${warnings}.` : `${rejected}: ${plural(fails, 'problem')} to fix${warnings}.`}
    </h3>
  );
}
