import { probeResponse } from '@/lib/api/probe-response';
import { executeAppLinksProbe } from '@/lib/probe/execute';

/** POST /api/probes/app-links: the App Links and Universal Links check for scripts and support tooling (see README). */
export function POST(request: Request) {
  return probeResponse(request, (body) => executeAppLinksProbe(body));
}
