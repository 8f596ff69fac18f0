import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';
import { UrlParams } from '@/components/probe/url-params';

/** What the implicit grant redirect check found, with the values the URL carries (tokens masked). */
export function ImplicitRedirectResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'implicit-redirect'>>> }) {
  return (
    <ProbeOutcomeView state={state} accepted="Alexa would accept this redirect">
      {(result) => result.params.length > 0 && <UrlParams params={result.params} caption="What the redirect carries (tokens masked)" />}
    </ProbeOutcomeView>
  );
}
