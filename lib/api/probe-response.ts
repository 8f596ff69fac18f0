import { type ProbeOutcome } from '@/lib/probe/execute';

export const NO_STORE = { 'Cache-Control': 'no-store' };

export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: NO_STORE });
}

/** 429 with Retry-After: over a rate limit or a concurrency cap, and nothing was sent. */
export function limitedResponse(message: string, retryAfterSeconds: number) {
  return Response.json(
    { error: { code: 'rate_limited', message, retryAfterSeconds } },
    { status: 429, headers: { ...NO_STORE, 'Retry-After': String(retryAfterSeconds) } },
  );
}

/**
 * A browser tells where a request comes from. Another site's page must not make a visitor's browser run probes;
 * scripts and tools send no Origin and are let through.
 */
function isCrossSite(request: Request): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** The API's one way to read a body: same-site or non-browser callers only, JSON only (415), 400 when it does not parse. */
export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  if (isCrossSite(request)) {
    return { ok: false, response: errorResponse(403, 'cross_site', 'Requests from other sites are refused.') };
  }
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

/**
 * The API's one way to answer a probe: 400 invalid_input, 422 target_not_allowed, 429 rate_limited, 200 with the
 * result, never cached.
 */
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
    case 'limited':
      return limitedResponse(outcome.message, outcome.retryAfterSeconds);
    case 'error':
      return errorResponse(500, 'probe_failed', outcome.message);
  }
}
