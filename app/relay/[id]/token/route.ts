import { relayToken, wrongMethod } from '@/lib/flows/relay/relay';

/** What Alexa POSTs its token requests to: forwarded byte for byte to the real token URI (or dummy mode's answer). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return relayToken(request, (await params).id);
}

const refuse = async () => wrongMethod('POST');
export { refuse as GET, refuse as PUT, refuse as PATCH, refuse as DELETE };
