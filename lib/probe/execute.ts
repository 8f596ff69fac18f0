// SERVER-ONLY: the entry point that server actions and the JSON API share for every probe and check.
import { z } from '@/lib/zod';
import { probeLimiter, type Admission, type AdmitOptions, type Refusal } from '@/lib/limits/probe-limiter';
import { ProbeScope } from '@/lib/limits/probe-scope';
import { targetKeyOfUrl } from '@/lib/limits/target-key';
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
export function admitCaller(caller: ProbeCaller | undefined, urls: readonly string[], options: AdmitOptions = {}): Admission {
  if (!caller || urls.length === 0) return NOT_COUNTED;
  return probeLimiter().admit(caller.client, urls.flatMap((url) => targetKeyOfUrl(url) ?? []), options);
}

/** Asks the server's limiter whether `caller` may run a check of pasted input now. No caller, no limit. */
export function admitPastedCheck(caller: ProbeCaller | undefined): Admission {
  return caller ? probeLimiter().admitPastedCheck(caller.client) : NOT_COUNTED;
}

/** A run no limit counts: code running probes on its own behalf. */
const NOT_COUNTED: Admission = { ok: true, release: () => {} };

/** Zod's issues as the UI and the API show them: one plain message per field. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

/**
 * Validates untrusted input with the probe's own schema, admits it past the limits (`admit`, given the valid input),
 * runs it, and turns every failure into a plain message. A run whose target resolved to an address over its budget
 * answers "limited", like one refused at the start.
 */
export async function executeProbe<S extends z.ZodType, R>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => R | Promise<R>,
  admit: (input: z.output<S>) => Admission = () => NOT_COUNTED,
): Promise<ProbeOutcome<R>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', message: 'Some fields need attention.', issues: inputIssues(parsed.error) };
  }
  const admission = admit(parsed.data);
  if (!admission.ok) return limited(admission);
  const scope = new ProbeScope(admission.claimAddresses);
  try {
    const result = await scope.run(() => run(parsed.data));
    return scope.refused ? limited(scope.refused) : { kind: 'done', result };
  } catch (error) {
    if (scope.refused) return limited(scope.refused);
    if (isTargetNotAllowed(error)) return { kind: 'refused', message: error.message };
    // Never the error itself: it could quote the request, and with it a secret.
    return { kind: 'error', message: 'The check stopped unexpectedly. Nothing was kept; please try again.' };
  } finally {
    admission.release();
  }
}

function limited({ message, retryAfterSeconds }: Refusal): ProbeOutcome<never> {
  return { kind: 'limited', message, retryAfterSeconds };
}

export function executeTokenProbe(raw: unknown, caller?: ProbeCaller, options: TokenProbeOptions = {}): Promise<ProbeOutcome<TokenProbeResult>> {
  return executeProbe(tokenProbeInputSchema, raw, (input) => runTokenProbe(input, options), (input) => admitCaller(caller, [input.tokenUri]));
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
  return executeProbe(
    loginPageProbeInputSchema,
    raw,
    (input) => runLoginPageProbe(input, runOptions),
    // Browser mode waits for one of the server's browsers, a pool of its own, instead of holding a probe slot.
    (input) => admitCaller(caller, [input.authorizationUri], input.mode === 'browser' ? { browser: true, serverSlot: false } : {}),
  );
}

export function executeAppLinksProbe(raw: unknown, caller?: ProbeCaller, options: AppLinksProbeOptions = {}): Promise<ProbeOutcome<AppLinksProbeResult>> {
  return executeProbe(appLinksProbeInputSchema, raw, (input) => runAppLinksProbe(input, options), (input) => admitCaller(caller, [input.url]));
}
