import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { requestText } from '@/components/probe/http-text';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';

/** What the Skill Enablement API request check found, and the request as it was read, secrets masked. */
export function EnablementRequestResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'enablement-request'>>> }) {
  return (
    <ProbeOutcomeView state={state} accepted="Amazon would accept this request" rejected="Amazon would reject this request">
      {(result) =>
        result.request && (
          <div className="exchange">
            <h4>The request as Link Doctor read it (secrets masked)</h4>
            <pre>{requestText(result.request)}</pre>
          </div>
        )
      }
    </ProbeOutcomeView>
  );
}
