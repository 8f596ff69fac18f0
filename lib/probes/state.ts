// What running a probe comes to, as the forms, the JSON API and /check see it. Client-safe: types, and a helper the
// server action uses.
import { nodeTitlesFor } from '@/lib/tree';

export interface InputIssue {
  /** Dotted path of the field, e.g. `grant.code`. */
  field: string;
  message: string;
}

export type ProbeOutcome<R> =
  | { kind: 'done'; result: R }
  | { kind: 'invalid'; message: string; issues: InputIssue[] }
  | { kind: 'refused'; message: string }
  /** Over a rate limit or a concurrency cap: nothing was sent; try again after `retryAfterSeconds`. */
  | { kind: 'limited'; message: string; retryAfterSeconds: number }
  | { kind: 'error'; message: string };

/**
 * What a form sent, to fill its fields in again when the answer is a whole new page (a post without JavaScript): each
 * field by name, except the secrets, which are never sent back into the page; `withheld` names those that held one.
 */
export interface SubmittedFields {
  values: Record<string, string>;
  withheld: string[];
}

/**
 * What a probe's server action hands back to its form: the outcome, the titles of the steps findings link to, and the
 * fields as submitted (secrets left out).
 */
export type ProbeState<R> = (ProbeOutcome<R> & { nodeTitles?: Record<string, string>; submitted?: SubmittedFields }) | null;

/** Adds the titles of the guide steps a finished run links to, so the result can name them without the tree. */
export function withNodeTitles<R extends { findings: readonly { node: string }[] }>(outcome: ProbeOutcome<R>): NonNullable<ProbeState<R>> {
  if (outcome.kind !== 'done') return outcome;
  return { ...outcome, nodeTitles: nodeTitlesFor(outcome.result.findings) };
}
