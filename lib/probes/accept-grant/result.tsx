import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';

/** What the AcceptGrant response check found. */
export function AcceptGrantResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'accept-grant'>>> }) {
  const errorResponse = state.kind === 'done' && state.result.kind === 'error';
  return (
    <ProbeOutcomeView
      state={state}
      accepted={errorResponse ? 'Alexa would read this as a well-formed refusal' : 'Alexa would accept this response'}
    />
  );
}
