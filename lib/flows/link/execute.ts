// POST /api/link as the server runs it: the input validated like a probe's (400 with a message per field), both URIs
// checked before anything is sent (422 for a refused target: a private address, a port, credentials in the URL …),
// admitted past the limits as a network probe against its two hosts that holds a browser (429), and then the
// rehearsal streamed as NDJSON, one LinkEvent per line as each step ends, the result last.

import 'server-only';
import { checkedAddresses, checkTarget, defaultLookup, isTargetNotAllowed, lookupWithin, resolvePolicy, type LookupFn, type ProbePolicy } from '@/lib/net';
import { withTestOnlyChromiumSpki } from '@/lib/net/browser';
import { ProbeScope } from '@/lib/limits/probe-scope';
import { admitCaller, inputIssues, type ProbeCaller } from '@/lib/probes/execute';
import { errorResponse, limitedResponse, NO_STORE } from '@/lib/probes/respond';
import { linkInputSchema, regionOfRedirectUri, type LinkEvent, type LinkInput, type LinkResult, type LinkStep } from './input';
import { rehearseLinking, type LinkRunOptions } from './run';

export const NDJSON = 'application/x-ndjson; charset=utf-8';

/**
 * Refuses a URI whose host Link Doctor may not reach, before anything is sent: its form (checkTarget) and, for a name,
 * its DNS answers. A name that does not resolve is not refused here: the rehearsal reports it as a finding.
 * @throws TargetNotAllowed
 */
async function refuseTarget(url: string, policy: ProbePolicy & { allowPrivate: boolean }, lookup: LookupFn): Promise<void> {
  const target = checkTarget(url, { policy });
  if (target.ipLiteral) return;
  const found = await lookupWithin(lookup, target.hostname, 5_000);
  if (found.ok) checkedAddresses(target.hostname, found.answers, policy);
}

/** The rehearsal's answer to one request: an error response, or the NDJSON stream. */
export async function linkResponse(raw: unknown, caller: ProbeCaller, options: Pick<LinkRunOptions, 'policy' | 'lookup'> = {}): Promise<Response> {
  const parsed = linkInputSchema.safeParse(raw);
  if (!parsed.success) return errorResponse(400, 'invalid_input', 'Some fields need attention.', { issues: inputIssues(parsed.error) });
  const input = parsed.data;
  const policy = resolvePolicy(options.policy);
  try {
    for (const url of [input.authorizationUri, input.accessTokenUri]) await refuseTarget(url, policy, options.lookup ?? defaultLookup);
  } catch (e) {
    if (isTargetNotAllowed(e)) return errorResponse(422, 'target_not_allowed', e.message);
    throw e;
  }
  // A network probe against its two hosts, holding a browser rather than one of the server's probe slots.
  const admission = await admitCaller(caller, [input.authorizationUri, input.accessTokenUri], { browser: true, serverSlot: false });
  if (!admission.ok) return limitedResponse(admission.message, admission.retryAfterSeconds);
  const scope = new ProbeScope(admission.claimAddresses);
  const abort = new AbortController();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const sent: LinkStep[] = [];
      const send = (e: LinkEvent) => {
        if (e.type === 'step') sent.push(e);
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
        } catch {
          // the client went away: the abort below stops the run
        }
      };
      try {
        const run = withTestOnlyChromiumSpki({ ...options, policy, onEvent: send, signal: abort.signal, client: caller.client });
        await scope.run(() => rehearseLinking(input, run));
      } catch {
        // Never the error itself: it could quote a page or a request. The stream still ends with a result.
        send(stoppedResult(input, sent, policy.allowPrivate));
      } finally {
        admission.release();
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, { status: 200, headers: { ...NO_STORE, 'Content-Type': NDJSON, 'X-Content-Type-Options': 'nosniff' } });
}

/** The result when the rehearsal stopped unexpectedly: the steps so far, and not linked. */
function stoppedResult(input: LinkInput, steps: LinkStep[], privateMode: boolean): LinkResult {
  return {
    type: 'result',
    linked: false,
    findings: steps.flatMap((s) => s.findings),
    steps,
    regions: input.redirectUri.map((redirectUri) => ({ redirectUri, region: regionOfRedirectUri(redirectUri) ?? 'NA', linked: false })),
    privateMode,
  };
}
