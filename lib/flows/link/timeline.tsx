import { type AlexaRegion } from '@/lib/alexa';
import { FindingsList } from '@/components/probe/findings-list';
import { FINDING_STATUS_LABELS } from '@/lib/probes/findings';
import { formatExchange } from '@/lib/probes/token/result';
import { LINK_STEPS, type LinkFinding, type LinkResult, type LinkStep, type LinkStepName } from './input';
import { type LinkProgress } from './use-link-stream';
import { LiveViewPanel } from './live-view-panel';
import { hopStatusesFromSteps } from '@/components/pictures/from-results';
import { LinkingSequence } from '@/components/pictures/linking-sequence';
import { regionLabel, STEP_LABELS } from './step-labels';
import './link.css';

function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The regions in the order they ran (the result's order once it is there). */
function regionsOf(progress: LinkProgress): AlexaRegion[] {
  const seen = progress.result?.regions.map((r) => r.region) ?? [];
  for (const step of progress.steps) if (!seen.includes(step.region)) seen.push(step.region);
  return seen;
}

/**
 * The rehearsal as a timeline of the linking — Alexa app → your login page → consent → Alexa redirect → your token
 * URI → refresh — one section per region, each step with its status (in words, not colour alone), its time, a
 * screenshot of the page and the exchange as sent and received; the verdict on top once the result is in.
 */
export function LinkTimeline({
  progress,
  running,
  nodeTitles,
  regions: expected = [],
}: {
  progress: LinkProgress;
  running: boolean;
  nodeTitles: Record<string, string>;
  /** The regions the run was asked for, so that each has its section from the start. */
  regions?: readonly AlexaRegion[];
}) {
  const regions = [...new Set([...regionsOf(progress), ...expected])];
  const several = regions.length > 1;
  // Regions run one after the other: the one running now is the last one heard from (or the first, before any step).
  const current = running && !progress.result ? (progress.steps.at(-1)?.region ?? regions[0]) : undefined;
  return (
    <div className="link-run">
      {progress.result ? (
        <LinkVerdict result={progress.result} nodeTitles={nodeTitles} />
      ) : (
        <p className="link-progress">{running ? 'Rehearsing the linking: each step appears below as it ends.' : 'The rehearsal stopped before its result.'}</p>
      )}
      {progress.live && <LiveViewPanel live={progress.live} />}
      {regions.map((region) => {
        const steps = progress.steps.filter((s) => s.region === region);
        const headingId = `link-region-${region}`;
        return (
          <section key={region} className="link-region" aria-labelledby={headingId} aria-busy={region === current}>
            <h3 id={headingId}>{several ? regionLabel(region) : `The linking, step by step (${regionLabel(region)})`}</h3>
            {progress.result && (
              <LinkingSequence id={region} statuses={hopStatusesFromSteps(progress.result.steps.filter((s) => s.region === region))} title="The linking, hop by hop" />
            )}
            {steps.length > 0 || region === current ? (
              <ol className="link-steps">
                {groupNotReached(steps).map((item, i) =>
                  Array.isArray(item) ? <NotReachedView key={`skipped-${i}`} steps={item} /> : <LinkStepView key={`${item.step}-${i}`} step={item} nodeTitles={nodeTitles} />,
                )}
                {region === current && <NextStep after={steps.at(-1)?.step} />}
              </ol>
            ) : (
              <p className="link-progress">{running ? 'Starts when the region before it has finished.' : 'Not rehearsed.'}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** The step the rehearsal is on now: the one after the last that ended. */
function NextStep({ after }: { after: LinkStepName | undefined }) {
  const next = after === undefined ? LINK_STEPS[0] : LINK_STEPS[LINK_STEPS.indexOf(after) + 1];
  if (!next) return null;
  return (
    <li className="link-step link-step-running">
      <p className="link-step-head">
        <span className="badge badge-skip">Running</span> <strong>{STEP_LABELS[next]}</strong>…
      </p>
    </li>
  );
}

/** Steps skipped for the same reason in a row (after a failure), gathered into one: nothing to see in each. */
function groupNotReached(steps: readonly LinkStep[]): (LinkStep | LinkStep[])[] {
  const out: (LinkStep | LinkStep[])[] = [];
  for (const step of steps) {
    const last = out.at(-1);
    const plain = step.status === 'skip' && !step.screenshot && !step.exchange && step.findings.every((f) => f.status === 'skip');
    if (plain && Array.isArray(last) && last[0]!.title === step.title) last.push(step);
    else out.push(plain ? [step] : step);
  }
  return out.map((item) => (Array.isArray(item) && item.length === 1 ? item[0]! : item));
}

function NotReachedView({ steps }: { steps: LinkStep[] }) {
  return (
    <li className="link-step link-step-skip" data-steps={steps.map((s) => s.step).join(' ')} data-status="skip">
      <p className="link-step-head">
        <span className="badge badge-skip">{FINDING_STATUS_LABELS.skip}</span> <strong>{steps.map((s) => STEP_LABELS[s.step]).join(' · ')}</strong>
      </p>
      <p className="link-step-title">{steps[0]!.title}</p>
    </li>
  );
}

function LinkStepView({ step, nodeTitles }: { step: LinkStep; nodeTitles: Record<string, string> }) {
  const label = STEP_LABELS[step.step];
  return (
    <li className={`link-step link-step-${step.status}`} data-step={step.step} data-status={step.status}>
      <p className="link-step-head">
        <span className={`badge badge-${step.status}`}>{FINDING_STATUS_LABELS[step.status]}</span> <strong>{label}</strong>{' '}
        {step.status !== 'skip' && <span className="link-step-time">{duration(step.durationMs)}</span>}
      </p>
      <p className="link-step-title">{step.title}</p>
      {step.url && (
        <p className="link-step-url">
          <code>{step.url}</code>
        </p>
      )}
      {step.screenshot && (
        // A native disclosure enlarges the picture: keyboard-usable, and it works without JavaScript.
        <details className="link-shot">
          <summary>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL from the run, nothing to optimise */}
            <img src={step.screenshot} alt={`Screenshot of the page at “${label}”: ${step.title}`} />
            <span className="link-shot-hint link-shot-enlarge">Enlarge the screenshot</span>
            <span className="link-shot-hint link-shot-shrink">Shrink the screenshot</span>
          </summary>
        </details>
      )}
      {step.exchange && (
        <details className="exchange">
          <summary>Request and response, as sent and received (secrets redacted)</summary>
          <pre>{formatExchange(step.exchange)}</pre>
        </details>
      )}
      {step.findings.length > 0 && <FindingsList findings={step.findings} nodeTitles={nodeTitles} />}
    </li>
  );
}

/** The first failing finding of a region, as the result names it. */
function firstFailureOf(result: LinkResult, region: AlexaRegion): LinkFinding | undefined {
  const outcome = result.regions.find((r) => r.region === region);
  if (!outcome?.firstFailure) return undefined;
  const { step, findingId } = outcome.firstFailure;
  return result.findings.find((f) => f.region === region && f.id === findingId && f.step === step);
}

/** Linked, or for each region that did not link the first step that breaks, with its finding, evidence, fix and guide step. */
export function LinkVerdict({ result, nodeTitles }: { result: LinkResult; nodeTitles: Record<string, string> }) {
  const failed = result.regions.filter((r) => !r.linked);
  const warnings = result.findings.filter((f) => f.status === 'warn').length;
  const several = result.regions.length > 1;
  return (
    <section className="link-verdict" aria-labelledby="link-verdict-title">
      <h3 id="link-verdict-title" className={result.linked ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
        {result.linked
          ? `Linked: Alexa would complete the account linking${several ? ` in all ${result.regions.length} regions` : ''}${warnings ? `, with ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}.`
          : several && failed.length < result.regions.length
            ? `Not linked in ${failed.length} of ${result.regions.length} regions.`
            : 'Not linked: Alexa could not complete the account linking.'}
      </h3>
      {result.privateMode && <p className="private-mode">Private addresses are allowed (PROBE_ALLOW_PRIVATE=1): for local development only.</p>}
      {several && (
        <ul className="link-region-outcomes">
          {result.regions.map((r) => (
            <li key={r.region}>
              <strong>{regionLabel(r.region)}:</strong>{' '}
              {r.linked ? 'linked' : r.firstFailure ? `fails at “${STEP_LABELS[r.firstFailure.step]}”` : 'not linked'}
            </li>
          ))}
        </ul>
      )}
      {result.linked && warnings > 0 && (
        <>
          <p>Worth a look, though Alexa would link (each is explained in its step below):</p>
          <ul className="link-warnings">
            {result.findings
              .filter((f) => f.status === 'warn')
              .map((f, i) => (
                <li key={`${f.id}-${f.region}-${i}`}>
                  {STEP_LABELS[f.step]}
                  {several ? ` (${regionLabel(f.region)})` : ''}: {f.title}
                </li>
              ))}
          </ul>
        </>
      )}
      {failed.map((r) => {
        const finding = firstFailureOf(result, r.region);
        if (!finding) return null;
        return (
          <div key={r.region} className="link-first-failure">
            <p>
              <strong>
                The first step that breaks{several ? ` in ${regionLabel(r.region)}` : ''}: {STEP_LABELS[finding.step]}
              </strong>
            </p>
            <FindingsList findings={[finding]} nodeTitles={nodeTitles} />
          </div>
        );
      })}
    </section>
  );
}
