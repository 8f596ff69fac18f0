import { liveCancelResponse } from '@/lib/flows/link/live-routes';
import { readJsonBody } from '@/lib/probes/respond';

/** POST /api/link/live/cancel: see lib/flows/link/live-protocol.ts. */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  return read.ok ? liveCancelResponse(read.body) : read.response;
}
