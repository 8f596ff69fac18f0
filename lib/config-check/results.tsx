import { FindingsList } from '@/components/probe/findings-list';
import { LIMITED_HEADLINE, ProbeNotRun } from '@/components/probe/probe-outcome';
import { type CheckEvent, type CheckStep, type CheckStepId } from './run';

export interface CheckProgress {
  plan: { id: CheckStepId; label: string }[];
  /** The configuration as the server read it, to carry into the report. */
  config?: Extract<CheckEvent, { type: 'plan' }>['config'];
  skillType?: Extract<CheckEvent, { type: 'plan' }>['skillType'];
  steps: Partial<Record<CheckStepId, CheckStep>>;
  summary?: Extract<CheckEvent, { type: 'summary' }>;
  /** Set when the server's limits refused the check: nothing ran. */
  limited?: { message: string };
}

export function progressFrom(events: readonly CheckEvent[]): CheckProgress {
  return events.reduce(applyEvent, { plan: [], steps: {} });
}

export function applyEvent(progress: CheckProgress, event: CheckEvent): CheckProgress {
  switch (event.type) {
    case 'plan':
      return { plan: event.steps, steps: {}, config: event.config, skillType: event.skillType };
    case 'step':
      return { ...progress, steps: { ...progress.steps, [event.step.id]: event.step } };
    case 'summary':
      return { ...progress, summary: event };
    case 'limited':
      return { ...progress, limited: { message: event.message } };
  }
}

/** Each step's result as it arrives, then one summary: what Alexa would reject, most likely cause first. */
export function CheckResults({ progress, nodeTitles }: { progress: CheckProgress; nodeTitles: Record<string, string> }) {
  const { plan, steps, summary, limited } = progress;
  // The page's titles of every step, so a finding names its guide step while the check still streams.
  const titles = summary ? { ...nodeTitles, ...summary.nodeTitles } : nodeTitles;
  if (limited) return <ProbeNotRun headline={LIMITED_HEADLINE} message={limited.message} />;
  return (
    <div className="check-results">
      {summary && <CheckSummary summary={summary} nodeTitles={titles} />}
      {plan.map(({ id, label }) => {
        const step = steps[id];
        return (
          <section key={id} className="check-step" aria-labelledby={`step-${id}`} aria-busy={!step}>
            <h3 id={`step-${id}`}>
              {label} <span className="step-state">{stepState(step)}</span>
            </h3>
            {step?.message && <p>{step.message}</p>}
            {step && step.findings.length > 0 && <FindingsList findings={step.findings} nodeTitles={titles} />}
          </section>
        );
      })}
    </div>
  );
}

function stepState(step: CheckStep | undefined): string {
  if (!step) return 'Running…';
  if (step.status === 'skipped') return 'Not run';
  if (step.status !== 'done') return 'Could not run';
  const fails = step.findings.filter((f) => f.status === 'fail').length;
  const seconds = (step.elapsedMs / 1000).toFixed(1);
  return `${fails === 0 ? 'No problems' : `${fails} problem${fails > 1 ? 's' : ''}`} · ${seconds} s`;
}

function CheckSummary({ summary, nodeTitles }: { summary: NonNullable<CheckProgress['summary']>; nodeTitles: Record<string, string> }) {
  return (
    <section className="check-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">
        {summary.ok
          ? 'Nothing here that Alexa would reject'
          : `What Alexa would reject (${summary.rejected.length})`}
      </h2>
      {summary.ok ? (
        <p>
          {summary.warnings.length > 0
            ? `${summary.warnings.length} warning${summary.warnings.length > 1 ? 's' : ''} below are worth a look.`
            : 'Every check that could run passed.'}
        </p>
      ) : (
        <>
          <p>The most likely cause is first.</p>
          <FindingsList findings={summary.rejected} nodeTitles={nodeTitles} />
        </>
      )}
    </section>
  );
}
