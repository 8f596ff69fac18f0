import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type RedirectParam } from './input';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';

/** What the implicit grant redirect check found, with the values the URL carries (tokens masked). */
export function ImplicitRedirectResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'implicit-redirect'>>> }) {
  return (
    <ProbeOutcomeView state={state} accepted="Alexa would accept this redirect">
      {(result) => result.params.length > 0 && <RedirectParams params={result.params} />}
    </ProbeOutcomeView>
  );
}

function RedirectParams({ params }: { params: readonly RedirectParam[] }) {
  return (
    <table className="params">
      <caption>What the redirect carries (tokens masked)</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Where</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p, i) => (
          <tr key={i}>
            <td>
              <code>{p.name}</code>
            </td>
            <td>{p.where === 'query' ? 'query (after ?)' : 'fragment (after #)'}</td>
            <td>{p.shown}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
