import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';

/** What the provider rules check found, naming the providers it recognised. */
export function ProviderQuirksResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'provider-quirks'>>> }) {
  return (
    <ProbeOutcomeView
      state={state}
      accepted="Nothing here that Alexa would reject"
      notice={(result) =>
        result.providers.length > 0 ? (
          <p>Recognised: {result.providers.map((p) => `${p.name} (from the ${p.via.join(' and ')})`).join('; ')}.</p>
        ) : (
          <p>No provider with known rules was recognised from these URIs.</p>
        )
      }
    />
  );
}
