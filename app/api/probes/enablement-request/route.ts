import { probeResponse } from '@/lib/api/probe-response';
import { executeEnablementRequestCheck } from '@/lib/checks-run/execute';
import { requestCaller } from '@/lib/limits/request-client';

/** POST /api/probes/enablement-request: checks a Skill Enablement API request, secrets masked (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeEnablementRequestCheck(body, await requestCaller()));
}
