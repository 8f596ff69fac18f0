import { requestCaller } from '@/lib/limits/request-client';
import { linkResponse } from '@/lib/flows/link/execute';
import { readJsonBody } from '@/lib/probes/respond';

/**
 * POST /api/link: the Link as Alexa rehearsal (see README). 400 invalid_input, 413, 415, 422 target_not_allowed, 429
 * rate_limited, or 200 application/x-ndjson: one LinkEvent per line as each step ends, the result last. Never cached.
 */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  return linkResponse(read.body, await requestCaller());
}
