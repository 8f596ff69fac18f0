import { type TokenProbeState } from '@/lib/actions/run-token-probe';
import { type ExchangeRecord, type Timing } from '@/lib/probe/types';
import { FindingsList } from './findings-list';

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
  if (state.kind === 'invalid') {
    return (
      <div className="probe-error" role="alert">
        <p>
          <strong>{state.message}</strong>
        </p>
        {state.issues.length > 0 && (
          <ul>
            {state.issues.map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (state.kind === 'refused' || state.kind === 'error') {
    return (
      <div className="probe-error" role="alert">
        <p>
          <strong>{state.kind === 'refused' ? 'Link Doctor will not call this address.' : 'The probe did not finish.'}</strong>
        </p>
        <p>{state.message}</p>
      </div>
    );
  }

  const { result, nodeTitles } = state;
  const fails = result.findings.filter((f) => f.status === 'fail').length;
  const warns = result.findings.filter((f) => f.status === 'warn').length;
  const records = [result.exchange, ...result.followUps].filter((r): r is ExchangeRecord => r !== null);
  return (
    <div className="probe-result">
      <h3 className={result.ok ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
        {result.ok
          ? `Alexa would accept this token response${warns ? `, with ${warns} warning${warns > 1 ? 's' : ''}` : ''}.`
          : `Alexa would reject this: ${fails} problem${fails === 1 ? '' : 's'} to fix${warns ? `, ${warns} warning${warns > 1 ? 's' : ''}` : ''}.`}
      </h3>
      {result.privateMode && (
        <p className="private-mode">Private addresses are allowed (PROBE_ALLOW_PRIVATE=1): for local development only.</p>
      )}
      <FindingsList findings={result.findings} nodeTitles={nodeTitles} />
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
    </div>
  );
}

function formatExchange(record: ExchangeRecord): string {
  const { request, response, failure } = record;
  const lines = [`# ${record.purpose}`, `${request.method} ${request.url}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  lines.push('', request.body, '');
  if (response) {
    lines.push(`HTTP/${response.httpVersion} ${response.status} ${response.statusText}`);
    for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
    lines.push('', response.body + (response.bodyTruncated ? '\n… (truncated)' : ''));
  } else if (failure) {
    lines.push(`(no response: ${failure.message})`);
  }
  return lines.join('\n');
}
