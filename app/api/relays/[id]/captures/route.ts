import { capturesResponse } from '@/lib/flows/relay/api';

/** GET /api/relays/<id>/captures with the watch key: what Alexa sent and got back, secrets redacted. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return capturesResponse(request, (await params).id);
}
