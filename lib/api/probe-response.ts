import { type ProbeOutcome } from '@/lib/probe/execute';

const NO_STORE = { 'Cache-Control': 'no-store' };

function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: NO_STORE });
}

/**
 * The JSON API's one way to answer: JSON in only (415 otherwise), 400 invalid_input, 422 target_not_allowed,
 * 200 with the result, and never cached.
 */
export async function probeResponse<R>(
  request: Request,
  execute: (body: unknown) => Promise<ProbeOutcome<R>>,
  present: (result: R) => unknown = (result) => result,
): Promise<Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return errorResponse(415, 'unsupported_media_type', 'Send the input as JSON, with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorResponse(400, 'invalid_input', 'The request body is not valid JSON.');
  }
  const outcome = await execute(body);
  switch (outcome.kind) {
    case 'done':
      return Response.json(present(outcome.result), { headers: NO_STORE });
    case 'invalid':
      return errorResponse(400, 'invalid_input', outcome.message, { issues: outcome.issues });
    case 'refused':
      return errorResponse(422, 'target_not_allowed', outcome.message);
    case 'error':
      return errorResponse(500, 'probe_failed', outcome.message);
  }
}
