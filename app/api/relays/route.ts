import { requestCaller } from '@/lib/limits/request-client';
import { createRelayFor, requestOrigin, whenStateAnswers } from '@/lib/flows/relay/api';
import { NO_STORE, readJsonBody } from '@/lib/probes/respond';

/** POST /api/relays: makes a recording relay (see README). 201 with its URLs and watch key, shown this once. */
export async function POST(request: Request) {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const caller = await requestCaller();
  return whenStateAnswers(async () => {
    const outcome = await createRelayFor(read.body, caller, requestOrigin(request));
    return outcome.ok ? Response.json(outcome.created, { status: 201, headers: NO_STORE }) : outcome.response;
  });
}
