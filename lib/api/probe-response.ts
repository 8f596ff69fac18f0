import { type ProbeOutcome } from '@/lib/probe/execute';

export const NO_STORE = { 'Cache-Control': 'no-store' };

export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: NO_STORE });
}

/** The API's one way to read a body: JSON only (415 otherwise), and 400 when it does not parse. */
export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return {
      ok: false,
      response: errorResponse(415, 'unsupported_media_type', 'Send the input as JSON, with Content-Type: application/json.'),
    };
  }
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_input', 'The request body is not valid JSON.') };
  }
}

/** The API's one way to answer a probe: 400 invalid_input, 422 target_not_allowed, 200 with the result, never cached. */
export async function probeResponse<R>(
  request: Request,
  execute: (body: unknown) => Promise<ProbeOutcome<R>>,
  present: (result: R) => unknown = (result) => result,
): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const outcome = await execute(read.body);
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
