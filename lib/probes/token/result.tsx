import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type ExchangeRecord } from './input';
import { requestText } from '@/components/probe/http-text';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';
import { hopStatusesFromFindings, tokenTimingRows } from '@/components/pictures/from-results';
import { LinkingSequence } from '@/components/pictures/linking-sequence';
import { TimingWaterfall } from '@/components/pictures/timing-waterfall';

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
            <LinkingSequence statuses={hopStatusesFromFindings(result.findings)} title="Where this check sits in the linking" />
            <TimingWaterfall rows={tokenTimingRows(result)} title="How long each request took" />
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
