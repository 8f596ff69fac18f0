import { type TokenProbeState } from '@/lib/actions/run-token-probe';
import { type ExchangeRecord, type Timing } from '@/lib/probe/types';
import { requestText } from './http-text';
import { ProbeOutcomeView } from './probe-outcome';

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
export function TokenProbeResult({ state }: { state: NonNullable<TokenProbeState> }) {
  return (
    <ProbeOutcomeView
      state={state}
      accepted="Alexa would accept this token response"
      unfinished="The probe did not finish."
      notice={(result) =>
        result.privateMode && (
          <p className="private-mode">Private addresses are allowed (PROBE_ALLOW_PRIVATE=1): for local development only.</p>
        )
      }
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

function formatExchange(record: ExchangeRecord): string {
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
