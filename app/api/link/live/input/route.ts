import { liveInputResponse } from '@/lib/flows/link/live-routes';
import { readJsonBody } from '@/lib/probes/respond';

/** POST /api/link/live/input: see lib/flows/link/live-protocol.ts. */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  return read.ok ? liveInputResponse(read.body) : read.response;
}
