// SERVER-ONLY: the entry point that server actions and the JSON API share for every probe and check.
import { z } from 'zod';
import { appLinksProbeInputSchema, type AppLinksProbeResult } from './app-links-input';
import { runAppLinksProbe, type AppLinksProbeOptions } from './app-links-probe';
import { isTargetNotAllowed } from './errors';
import { loginPageProbeInputSchema, type LoginPageProbeResult } from './login-page-input';
import { runLoginPageProbe, type LoginPageProbeOptions } from './login-page-probe';
import { withTestOnlyChromiumSpki } from './test-only-spki';
import { tokenProbeInputSchema } from './token-input';
import { runTokenProbe, type TokenProbeOptions } from './token-probe';
import { type TokenProbeResult } from './types';

export interface InputIssue {
  /** Dotted path of the field, e.g. `grant.code`. */
  field: string;
  message: string;
}

export type ProbeOutcome<R> =
  | { kind: 'done'; result: R }
  | { kind: 'invalid'; message: string; issues: InputIssue[] }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; message: string };

/** Zod's issues as the UI and the API show them: one plain message per field. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

/** Validates untrusted input with the probe's own schema, runs it, and turns every failure into a plain message. */
export async function executeProbe<S extends z.ZodType, R>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => R | Promise<R>,
): Promise<ProbeOutcome<R>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', message: 'Some fields need attention.', issues: inputIssues(parsed.error) };
  }
  try {
    return { kind: 'done', result: await run(parsed.data) };
  } catch (error) {
    if (isTargetNotAllowed(error)) return { kind: 'refused', message: error.message };
    // Never the error itself: it could quote the request, and with it a secret.
    return { kind: 'error', message: 'The check stopped unexpectedly. Nothing was kept; please try again.' };
  }
}

export function executeTokenProbe(raw: unknown, options: TokenProbeOptions = {}): Promise<ProbeOutcome<TokenProbeResult>> {
  return executeProbe(tokenProbeInputSchema, raw, (input) => runTokenProbe(input, options));
}

// ---- login page and app links probes (issue 4) ---------------------------------------------------------------------
// (Imports are hoisted; they sit here so that this block could be appended on its own.)

export function executeLoginPageProbe(raw: unknown, options: LoginPageProbeOptions = {}): Promise<ProbeOutcome<LoginPageProbeResult>> {
  // TEST ONLY: PROBE_TEST_CHROMIUM_SPKI reaches Chromium only in private mode (see ./test-only-spki.ts).
  const runOptions = withTestOnlyChromiumSpki(options);
  return executeProbe(loginPageProbeInputSchema, raw, (input) => runLoginPageProbe(input, runOptions));
}

export function executeAppLinksProbe(raw: unknown, options: AppLinksProbeOptions = {}): Promise<ProbeOutcome<AppLinksProbeResult>> {
  return executeProbe(appLinksProbeInputSchema, raw, (input) => runAppLinksProbe(input, options));
}
