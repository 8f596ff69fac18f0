import { errorResponse, NO_STORE, readJsonBody } from '@/lib/api/probe-response';
import { checkInputSchema } from '@/lib/check/check-input';
import { runConfigurationCheck } from '@/lib/check/run-check';
import { inputIssues } from '@/lib/probe/execute';

/**
 * POST /api/check: lints a configuration and runs every probe that applies. Answers NDJSON, one event per line,
 * each probe's result as soon as it is ready.
 */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = checkInputSchema.safeParse(read.body);
  if (!parsed.success) {
    return errorResponse(400, 'invalid_input', 'Some fields need attention.', { issues: inputIssues(parsed.error) });
  }
  const events = runConfigurationCheck(parsed.data);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(stream, { headers: { ...NO_STORE, 'Content-Type': 'application/x-ndjson; charset=utf-8' } });
}
