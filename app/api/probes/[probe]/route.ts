import { isProbeId } from '@/lib/probes/catalog';
import { errorResponse, probeResponse } from '@/lib/probes/respond';

/** POST /api/probes/<id>: every probe and check for scripts and support tooling (see README). */
export async function POST(request: Request, { params }: { params: Promise<{ probe: string }> }) {
  const { probe } = await params;
  if (!isProbeId(probe)) return errorResponse(404, 'not_found', `There is no probe called "${probe.slice(0, 60)}".`);
  return probeResponse(request, probe);
}
