import { executeTokenProbe } from '@/lib/probe/execute';

const NO_STORE = { 'Cache-Control': 'no-store' };

function error(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: NO_STORE });
}

/** POST /api/probes/token: the token probe for scripts and support tooling (see README). */
export async function POST(request: Request) {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return error(415, 'unsupported_media_type', 'Send the probe input as JSON, with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error(400, 'invalid_input', 'The request body is not valid JSON.');
  }

  const outcome = await executeTokenProbe(body);
  switch (outcome.kind) {
    case 'done': {
      const { probe, ok, findings, timing, exchange, followUps, privateMode } = outcome.result;
      return Response.json(
        {
          probe,
          ok,
          findings: findings.map(({ id, status, title, detail, fix, node }) => ({ id, status, title, detail, fix, node })),
          timing,
          exchange,
          followUps,
          privateMode,
        },
        { headers: NO_STORE },
      );
    }
    case 'invalid':
      return error(400, 'invalid_input', outcome.message, { issues: outcome.issues });
    case 'refused':
      return error(422, 'target_not_allowed', outcome.message);
    case 'error':
      return error(500, 'probe_failed', outcome.message);
  }
}
