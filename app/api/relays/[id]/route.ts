import { deleteResponse, whenStateAnswers } from '@/lib/flows/relay/api';

/** DELETE /api/relays/<id> with the watch key: 204, and everything of the relay is gone. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return whenStateAnswers(() => deleteResponse(request, id));
}
