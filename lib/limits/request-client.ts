import { headers } from 'next/headers';
import { type ProbeCaller } from '@/lib/probes/execute';
import { CLIENT_ADDRESS_HEADER } from '@/lib/server/client-address.mjs';

/**
 * The client making the current request, by the address server.mjs recorded. Without server.mjs in front (a bare
 * `next start`) every client shares one budget, which errs on the side of refusing.
 */
export async function requestCaller(): Promise<ProbeCaller> {
  return { client: (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown' };
}
