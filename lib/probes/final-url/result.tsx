import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';
import { UrlParams } from '@/components/probe/url-params';

/** What the page's address says, with the values it carries (codes and tokens masked). */
export function FinalUrlResultView({ state }: { state: NonNullable<ProbeState<ProbeResult<'final-url'>>> }) {
  return (
    <ProbeOutcomeView state={state} accepted="Nothing here says linking failed" rejected="Linking failed here">
      {(result) => result.params.length > 0 && <UrlParams params={result.params} caption="What the address carries (codes and tokens masked)" />}
    </ProbeOutcomeView>
  );
}
