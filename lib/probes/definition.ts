import 'server-only';
import { type AdmitOptions } from '@/lib/limits/probe-limiter';
import { type z } from '@/lib/zod';
import { type ProbeId } from './catalog';
import { type Finding } from './findings';
import { type SecretFields } from './submitted';

/** What every probe's result has: which probe, whether Alexa would accept what it checked, and why. */
export interface ProbeVerdict {
  probe: ProbeId;
  ok: boolean;
  findings: Finding[];
}

/**
 * One probe, as the registry holds it: how to read its input (the schema, and a form's fields), what it calls (for the
 * limits), and how to run it on valid input.
 */
export interface ProbeDefinition<Id extends ProbeId, S extends z.ZodType, R extends { findings: Finding[] }, O = Record<never, never>> {
  id: Id;
  schema: S;
  /** A form's fields shaped like the JSON API's body; the schema does the checking. */
  fromForm: (form: FormData) => unknown;
  /** The form's fields that may hold a secret: never filled in again after a post without JavaScript. */
  secretFields?: SecretFields;
  /** The URLs a run calls, counted against the limits before it starts. A check of pasted input has none. */
  targets?: (input: z.output<S>) => string[];
  /** How the limits admit this run (browser mode waits for a browser instead of taking a server slot). */
  admitOptions?: (input: z.output<S>) => AdmitOptions;
  /** `options` are for tests: an injected resolver, address policy, deadlines. */
  run: (input: z.output<S>, options: O) => R | Promise<R>;
}

/** Declares a probe; the type checks that it fits the registry. */
export function defineProbe<Id extends ProbeId, S extends z.ZodType, R extends { findings: Finding[] }, O = Record<never, never>>(
  definition: ProbeDefinition<Id, S, R, O>,
): ProbeDefinition<Id, S, R, O> {
  return definition;
}
