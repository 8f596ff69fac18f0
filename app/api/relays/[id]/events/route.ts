import { eventsResponse, whenStateAnswers } from '@/lib/flows/relay/api';

/** GET /api/relays/<id>/events with the watch key: the captures as server-sent events, as they happen. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return whenStateAnswers(() => eventsResponse(request, id));
}
