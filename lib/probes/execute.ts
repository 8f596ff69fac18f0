import 'server-only';
import { z } from '@/lib/zod';
import { probeLimiter, type Admission, type AdmitOptions } from '@/lib/limits/probe-limiter';
import { ProbeScope, type Refusal } from '@/lib/limits/probe-scope';
import { targetKeyOfUrl } from '@/lib/limits/target-key';
import { isTargetNotAllowed } from '@/lib/net';
import { probeEntry, type ProbeId } from './catalog';
import { passes } from './findings';
import { REGISTRY, type ProbeOptions, type ProbeResult } from './registry';
import { type InputIssue, type ProbeOutcome } from './state';

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
export async function admitCaller(caller: ProbeCaller | undefined, urls: readonly string[], options: AdmitOptions = {}): Promise<Admission> {
  if (!caller || urls.length === 0) return NOT_COUNTED;
  return probeLimiter().admit(caller.client, urls.flatMap((url) => targetKeyOfUrl(url) ?? []), options);
}

/** Asks the server's limiter whether `caller` may run a check of pasted input now. No caller, no limit. */
export async function admitPastedCheck(caller: ProbeCaller | undefined): Promise<Admission> {
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
  admit: (input: z.output<S>) => Admission | Promise<Admission> = () => NOT_COUNTED,
): Promise<ProbeOutcome<R>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', message: 'Some fields need attention.', issues: inputIssues(parsed.error) };
  }
  const admission = await admit(parsed.data);
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

/**
 * Runs one probe on untrusted input, as the server action, the JSON API and /check do: validated with its schema,
 * admitted past the limits (a network probe per target host, a check of pasted input per client), run, and every
 * failure turned into a plain message.
 */
export function runProbe<Id extends ProbeId>(
  id: Id,
  raw: unknown,
  { caller, options }: { caller?: ProbeCaller | undefined; options?: ProbeOptions<Id> } = {},
): Promise<ProbeOutcome<ProbeResult<Id>>> {
  // One probe's definition, seen through the shape every definition has.
  const definition = REGISTRY[id] as unknown as {
    schema: z.ZodType;
    targets?: (input: unknown) => string[];
    admitOptions?: (input: unknown) => AdmitOptions;
    run: (input: unknown, options: unknown) => Promise<{ findings: ProbeResult<Id>['findings'] }> | { findings: ProbeResult<Id>['findings'] };
  };
  const admit = (input: unknown) =>
    probeEntry(id).kind === 'pasted' ? admitPastedCheck(caller) : admitCaller(caller, definition.targets?.(input) ?? [], definition.admitOptions?.(input));
  return executeProbe(
    definition.schema,
    raw,
    async (input) => {
      const result = await definition.run(input, options ?? {});
      return { probe: id, ok: passes(result.findings), ...result } as ProbeResult<Id>;
    },
    admit,
  );
}
