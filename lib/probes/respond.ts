import 'server-only';
import { requestCaller } from '@/lib/limits/request-client';
import { type ProbeId } from './catalog';
import { runProbe } from './execute';
import { bodyLimitFor, payloadTooLargeJson } from '@/lib/server/body-limits.cjs';
import { readUpTo } from '@/lib/streams';

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

/**
 * 413 for a body over the route's limit. The connection closes after the answer: without that, Node would go on
 * reading the rest of the body, which can be any size.
 */
function payloadTooLarge(limit: number): Response {
  return new Response(payloadTooLargeJson(limit), {
    status: 413,
    headers: { ...NO_STORE, 'Content-Type': 'application/json', Connection: 'close' },
  });
}

/**
 * The body's bytes, or null once it is over `limit`: refused by its Content-Length before reading anything, and a body
 * without one (chunked) is read only up to the limit. The rest is not cancelled: that would tear the connection down
 * before the 413 could be sent.
 */
async function readCapped(request: Request, limit: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length')) > limit) return null;
  return request.body ? readUpTo(request.body, limit) : new Uint8Array();
}

/**
 * The API's one way to read a body: same-site or non-browser callers only, JSON only (415), at most the route's limit
 * (413, lib/server/body-limits.cjs), 400 when it does not parse.
 */
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
  const limit = bodyLimitFor(new URL(request.url).pathname);
  let bytes: Uint8Array | null;
  try {
    bytes = await readCapped(request, limit);
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_input', 'The request body was cut off before its end.') };
  }
  if (bytes === null) return { ok: false, response: payloadTooLarge(limit) };
  try {
    return { ok: true, body: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_input', 'The request body is not valid JSON.') };
  }
}

/**
 * POST /api/probes/<id>: the probe run on the JSON body for the client making the request. 400 invalid_input, 413,
 * 415, 422 target_not_allowed, 429 rate_limited, 200 with the result, never cached.
 */
export async function probeResponse(request: Request, probe: ProbeId): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const outcome = await runProbe(probe, read.body, { caller: await requestCaller() });
  switch (outcome.kind) {
    case 'done':
      return Response.json(outcome.result, { headers: NO_STORE });
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
