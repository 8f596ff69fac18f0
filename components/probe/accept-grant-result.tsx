import { type AcceptGrantState } from '@/lib/actions/check-accept-grant';
import { ProbeOutcomeView } from './probe-outcome';

/** What the AcceptGrant response check found. */
export function AcceptGrantResult({ state }: { state: NonNullable<AcceptGrantState> }) {
  const errorResponse = state.kind === 'done' && state.result.kind === 'error';
  return (
    <ProbeOutcomeView
      state={state}
      accepted={errorResponse ? 'Alexa would read this as a well-formed refusal' : 'Alexa would accept this response'}
    />
  );
}
