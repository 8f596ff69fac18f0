import { probeResponse } from '@/lib/api/probe-response';
import { executeProviderQuirksCheck } from '@/lib/checks-run/execute';
import { requestCaller } from '@/lib/limits/request-client';

/** POST /api/probes/provider-quirks: known OAuth providers' rules for Alexa, from the URIs (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeProviderQuirksCheck(body, await requestCaller()));
}
