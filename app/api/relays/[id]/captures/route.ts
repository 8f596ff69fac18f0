import { capturesResponse, whenStateAnswers } from '@/lib/flows/relay/api';

/** GET /api/relays/<id>/captures with the watch key: what Alexa sent and got back, secrets redacted. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return whenStateAnswers(() => capturesResponse(request, id));
}
