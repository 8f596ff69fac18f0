import { type ImplicitRedirectState } from '@/lib/actions/check-implicit-redirect';
import { type RedirectParam } from '@/lib/checks/implicit-redirect';
import { ProbeOutcomeView } from './probe-outcome';

/** What the implicit grant redirect check found, with the values the URL carries (tokens masked). */
export function ImplicitRedirectResult({ state }: { state: NonNullable<ImplicitRedirectState> }) {
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
