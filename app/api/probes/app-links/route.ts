import { probeResponse } from '@/lib/api/probe-response';
import { requestCaller } from '@/lib/limits/request-client';
import { executeAppLinksProbe } from '@/lib/probe/execute';

/** POST /api/probes/app-links: the App Links and Universal Links check for scripts and support tooling (see README). */
export function POST(request: Request) {
  return probeResponse(request, async (body) => executeAppLinksProbe(body, await requestCaller()));
}
