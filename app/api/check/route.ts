import { errorResponse, limitedResponse, NO_STORE, readJsonBody } from '@/lib/probes/respond';
import { checkRequestSchema } from '@/lib/config-check/input';
import { runConfigurationCheck } from '@/lib/config-check/run';
import { requestCaller } from '@/lib/limits/request-client';
import { inputIssues } from '@/lib/probes/execute';

/**
 * POST /api/check: lints a configuration and runs every probe that applies. Answers NDJSON, one event per line,
 * each probe's result as soon as it is ready. Over a limit, 429 before anything runs.
 */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = checkRequestSchema.safeParse(read.body);
  if (!parsed.success) {
    return errorResponse(400, 'invalid_input', 'Some fields need attention.', { issues: inputIssues(parsed.error) });
  }
  const events = runConfigurationCheck(parsed.data, await requestCaller());
  // The first event decides the status: a refusal by the limits comes before anything runs.
  const first = await events.next();
  if (!first.done && first.value.type === 'limited') return limitedResponse(first.value.message, first.value.retryAfterSeconds);
  let pending: typeof first | null = first;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await events.next());
      pending = null;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(stream, { headers: { ...NO_STORE, 'Content-Type': 'application/x-ndjson; charset=utf-8' } });
}
