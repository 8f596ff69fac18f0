import { relayAuthorize, wrongMethod } from '@/lib/flows/relay/relay';

/** What Alexa opens: the query recorded, then a 302 to the real authorization URI with the query untouched. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return relayAuthorize(request, (await params).id);
}

const refuse = async () => wrongMethod('GET');
export { refuse as POST, refuse as PUT, refuse as PATCH, refuse as DELETE };
