import { type ProbeOutcome } from '@/lib/probe/execute';
import { nodeTitlesFor } from '@/lib/tree';

/** What a probe's server action hands back to its form: the outcome, plus the titles of the steps findings link to. */
export type ProbeState<R> = (ProbeOutcome<R> & { nodeTitles?: Record<string, string> }) | null;

/** Adds the titles of the guide steps a finished run links to, so the result can name them without the tree. */
export function withNodeTitles<R extends { findings: readonly { node: string }[] }>(outcome: ProbeOutcome<R>): NonNullable<ProbeState<R>> {
  if (outcome.kind !== 'done') return outcome;
  return { ...outcome, nodeTitles: nodeTitlesFor(outcome.result.findings) };
}
