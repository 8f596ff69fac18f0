import { probeResponse } from '@/lib/api/probe-response';
import { executeAcceptGrantCheck } from '@/lib/checks-run/execute';
import { requestCaller } from '@/lib/limits/request-client';

/** POST /api/probes/accept-grant: checks a skill's response to the AcceptGrant directive (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeAcceptGrantCheck(body, await requestCaller()));
}
