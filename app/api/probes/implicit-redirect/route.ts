import { probeResponse } from '@/lib/api/probe-response';
import { executeImplicitRedirectCheck } from '@/lib/checks-run/execute';
import { requestCaller } from '@/lib/limits/request-client';

/** POST /api/probes/implicit-redirect: checks an implicit grant redirect URL (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeImplicitRedirectCheck(body, await requestCaller()));
}
