// SERVER-ONLY: the entry point that server actions and the JSON API share for every probe and check.
import { z } from '@/lib/zod';
import { probeLimiter, type Admission } from '@/lib/limits/probe-limiter';
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
  /** Over a rate limit or a concurrency cap: nothing was sent; try again after `retryAfterSeconds`. */
  | { kind: 'limited'; message: string; retryAfterSeconds: number }
  | { kind: 'error'; message: string };

/**
 * Who asked, for the limits: the client's address, as `requestClient()` reads it. Server actions and API routes
 * always pass it; code that runs probes on its own behalf (tests, or /check, which is admitted once as a whole)
 * does not, and is not counted again.
 */
export interface ProbeCaller {
  client: string;
}

/**
 * Asks the server's limiter whether `caller` may probe these URLs' hosts now. No caller, or nothing to reach over the
 * network, no limit.
 */
export function admitCaller(caller: ProbeCaller | undefined, urls: readonly string[]): Admission {
  if (!caller || urls.length === 0) return { ok: true, release: () => {} };
  return probeLimiter().admit(caller.client, urls.flatMap((url) => hostOf(url) ?? []));
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** Zod's issues as the UI and the API show them: one plain message per field. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

/**
 * Validates untrusted input with the probe's own schema, admits it past the limits when it will reach the network
 * (`targets` lists the URLs it will call), runs it, and turns every failure into a plain message.
 */
export async function executeProbe<S extends z.ZodType, R>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => R | Promise<R>,
  limits?: { caller: ProbeCaller | undefined; targets: (input: z.output<S>) => string[] },
): Promise<ProbeOutcome<R>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', message: 'Some fields need attention.', issues: inputIssues(parsed.error) };
  }
  const admission = admitCaller(limits?.caller, limits?.targets(parsed.data) ?? []);
  if (!admission.ok) return { kind: 'limited', message: admission.message, retryAfterSeconds: admission.retryAfterSeconds };
  try {
    return { kind: 'done', result: await run(parsed.data) };
  } catch (error) {
    if (isTargetNotAllowed(error)) return { kind: 'refused', message: error.message };
    // Never the error itself: it could quote the request, and with it a secret.
    return { kind: 'error', message: 'The check stopped unexpectedly. Nothing was kept; please try again.' };
  } finally {
    admission.release();
  }
}

export function executeTokenProbe(raw: unknown, caller?: ProbeCaller, options: TokenProbeOptions = {}): Promise<ProbeOutcome<TokenProbeResult>> {
  return executeProbe(tokenProbeInputSchema, raw, (input) => runTokenProbe(input, options), { caller, targets: (input) => [input.tokenUri] });
}

// ---- login page and app links probes (issue 4) ---------------------------------------------------------------------
// (Imports are hoisted; they sit here so that this block could be appended on its own.)

export function executeLoginPageProbe(
  raw: unknown,
  caller?: ProbeCaller,
  options: LoginPageProbeOptions = {},
): Promise<ProbeOutcome<LoginPageProbeResult>> {
  // TEST ONLY: PROBE_TEST_CHROMIUM_SPKI reaches Chromium only in private mode (see ./test-only-spki.ts).
  const runOptions = withTestOnlyChromiumSpki(options);
  return executeProbe(loginPageProbeInputSchema, raw, (input) => runLoginPageProbe(input, runOptions), {
    caller,
    targets: (input) => [input.authorizationUri],
  });
}

export function executeAppLinksProbe(raw: unknown, caller?: ProbeCaller, options: AppLinksProbeOptions = {}): Promise<ProbeOutcome<AppLinksProbeResult>> {
  return executeProbe(appLinksProbeInputSchema, raw, (input) => runAppLinksProbe(input, options), { caller, targets: (input) => [input.url] });
}
