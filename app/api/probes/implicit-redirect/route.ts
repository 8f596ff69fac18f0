import { probeResponse } from '@/lib/api/probe-response';
import { executeImplicitRedirectCheck } from '@/lib/checks-run/execute';

/** POST /api/probes/implicit-redirect: checks an implicit grant redirect URL (see README). */
export function POST(request: Request) {
  return probeResponse(request, executeImplicitRedirectCheck);
}
