import { type EnablementRequestState } from '@/lib/actions/check-enablement-request';
import { requestText } from './http-text';
import { ProbeOutcomeView } from './probe-outcome';

/** What the Skill Enablement API request check found, and the request as it was read, secrets masked. */
export function EnablementRequestResult({ state }: { state: NonNullable<EnablementRequestState> }) {
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
