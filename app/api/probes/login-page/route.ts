import { probeResponse } from '@/lib/api/probe-response';
import { requestCaller } from '@/lib/limits/request-client';
import { executeLoginPageProbe } from '@/lib/probe/execute';

/** POST /api/probes/login-page: the login page and Domain List probe for scripts and support tooling (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeLoginPageProbe(body, await requestCaller()));
}
