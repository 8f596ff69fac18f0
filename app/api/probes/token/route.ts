import { probeResponse } from '@/lib/api/probe-response';
import { requestCaller } from '@/lib/limits/request-client';
import { executeTokenProbe } from '@/lib/probe/execute';

/** POST /api/probes/token: the token probe for scripts and support tooling (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeTokenProbe(body, await requestCaller()));
}
