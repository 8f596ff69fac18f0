import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type Timing } from '@/lib/net';
import { type ExchangeRecord } from './input';
import { requestText } from '@/components/probe/http-text';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';

const PHASES: [keyof Timing, string][] = [
  ['dns', 'DNS lookup'],
  ['connect', 'Connect'],
  ['tls', 'TLS handshake'],
  ['firstByte', 'First byte'],
  ['total', 'Total'],
];

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** What a token probe run found, or why it could not run. */
export function TokenProbeResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'token'>>> }) {
  return (
    <ProbeOutcomeView
      state={state}
      accepted="Alexa would accept this token response"
      unfinished="The probe did not finish."
    >
      {(result) => {
        const records = [result.exchange, ...result.followUps].filter((r): r is ExchangeRecord => r !== null);
        return (
          <>
            <h4>How long each phase took</h4>
            <dl className="timing">
              {PHASES.filter(([key]) => result.timing[key] !== undefined).map(([key, label]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd>{ms(result.timing[key]!)}</dd>
                </div>
              ))}
            </dl>
            {records.length > 0 && (
              <details className="exchange">
                <summary>Requests and responses, as sent and received (secrets redacted)</summary>
                {records.map((record, i) => (
                  <pre key={i}>{formatExchange(record)}</pre>
                ))}
              </details>
            )}
          </>
        );
      }}
    </ProbeOutcomeView>
  );
}

/** An exchange as plain HTTP text: why it was sent, the request, then the response or why there was none (secrets already redacted). */
export function formatExchange(record: ExchangeRecord): string {
  const { response, failure } = record;
  const lines = [`# ${record.purpose}`, requestText(record.request), ''];
  if (response) {
    lines.push(`HTTP/${response.httpVersion} ${response.status} ${response.statusText}`);
    for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
    lines.push('', response.body + (response.bodyTruncated ? '\n… (truncated)' : ''));
  } else if (failure) {
    lines.push(`(no response: ${failure.message})`);
  }
  return lines.join('\n');
}
