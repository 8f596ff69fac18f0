import { deleteResponse } from '@/lib/flows/relay/api';

/** DELETE /api/relays/<id> with the watch key: 204, and everything of the relay is gone. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return deleteResponse(request, (await params).id);
}
