// One region's rehearsal as it goes: each step ends with a LinkStep (how long it took, what it found, the page or the
// exchange), sent at once through `emit` (which redacts it), and kept for the verdict.

import 'server-only';
import type { AlexaRegion } from '@/lib/alexa';
import { worstStatus, type FindingStatus } from '@/lib/probes/findings';
import { LINK_STEPS, type LinkFinding, type LinkRegionOutcome, type LinkStep, type LinkStepName } from './input';

export type StepExtras = Pick<LinkStep, 'url' | 'screenshot' | 'exchange'> & {
  status?: FindingStatus;
  durationMs?: number;
  /** Ends a browser step even after lockBrowserSteps (the rehearsal's own word on why the browser stopped). */
  evenIfLocked?: boolean;
};

/** The steps that happen in the browser. */
const BROWSER_STEPS: readonly LinkStepName[] = ['authorize', 'sign-in', 'consent'];

export class RegionRun {
  readonly steps: LinkStep[] = [];
  private startedAt = performance.now();
  private browserLocked = false;

  constructor(
    readonly region: AlexaRegion,
    readonly redirectUri: string,
    private readonly emit: (step: LinkStep) => LinkStep,
  ) {}

  /** Starts the clock of the next step (a step's time runs from the end of the one before unless restarted). */
  begin(): void {
    this.startedAt = performance.now();
  }

  /**
   * After the browser was stopped under the sign-in's feet (out of time), whatever the sign-in code still says about its
   * steps comes too late: it is dropped, so that nothing is sent after the result.
   */
  lockBrowserSteps(): void {
    this.browserLocked = true;
  }

  /** Ends a step: its status is its worst finding's unless given. */
  end(step: LinkStepName, title: string, findings: LinkFinding[], extras: StepExtras = {}): void {
    const { status, durationMs, evenIfLocked, ...rest } = extras;
    if (this.browserLocked && !evenIfLocked && BROWSER_STEPS.includes(step)) return;
    const shown: LinkStep = {
      type: 'step',
      step,
      status: status ?? (findings.length ? worstStatus(findings) : 'pass'),
      region: this.region,
      title,
      durationMs: Math.round(durationMs ?? performance.now() - this.startedAt),
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null)),
      findings,
    };
    this.steps.push(this.emit(shown));
    this.begin();
  }

  /** A step that did not run because an earlier one stopped the rehearsal. */
  skip(step: LinkStepName, why: string): void {
    this.end(step, why, [], { status: 'skip' });
  }

  /** Every step not ended yet, after `after`, skipped with the reason. */
  skipRest(why: string): void {
    for (const step of LINK_STEPS) if (!this.steps.some((s) => s.step === step)) this.skip(step, why);
  }

  get findings(): LinkFinding[] {
    return this.steps.flatMap((s) => s.findings);
  }

  has(step: LinkStepName): boolean {
    return this.steps.some((s) => s.step === step);
  }

  /** Linked: the redirect brought a code and the exchange gave what Alexa needs (`exchanged`), and nothing failed before. */
  outcome(exchanged: boolean): LinkRegionOutcome {
    const failed = LINK_STEPS.flatMap((step) => this.steps.filter((s) => s.step === step)).flatMap((s) => s.findings).find((f) => f.status === 'fail');
    const beforeTokens = failed && ['authorize', 'sign-in', 'consent', 'redirect', 'exchange'].includes(failed.step);
    return {
      region: this.region,
      redirectUri: this.redirectUri,
      linked: exchanged && !beforeTokens,
      ...(failed ? { firstFailure: { step: failed.step, findingId: failed.id } } : {}),
    };
  }
}
