// SERVER-ONLY: the one entry point the server action and the JSON API share.
import { z } from 'zod';
import { isTargetNotAllowed } from './errors';
import { tokenProbeInputSchema } from './token-input';
import { runTokenProbe, type TokenProbeOptions } from './token-probe';
import { type TokenProbeResult } from './types';

export interface InputIssue {
  /** Dotted path of the field, e.g. `grant.code`. */
  field: string;
  message: string;
}

export type ProbeOutcome =
  | { kind: 'done'; result: TokenProbeResult }
  | { kind: 'invalid'; message: string; issues: InputIssue[] }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; message: string };

/** Validates untrusted input, runs the token probe, and turns every failure into a plain message. */
export async function executeTokenProbe(raw: unknown, options: TokenProbeOptions = {}): Promise<ProbeOutcome> {
  const parsed = tokenProbeInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    return { kind: 'invalid', message: 'Some fields need attention.', issues };
  }
  try {
    return { kind: 'done', result: await runTokenProbe(parsed.data, options) };
  } catch (error) {
    if (isTargetNotAllowed(error)) return { kind: 'refused', message: error.message };
    if (error instanceof z.ZodError) return { kind: 'invalid', message: 'Some fields need attention.', issues: [] };
    // Never the error itself: it could quote the request, and with it a secret.
    return { kind: 'error', message: 'The probe stopped unexpectedly. Nothing was kept; please try again.' };
  }
}
