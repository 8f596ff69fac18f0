// The recording relay's input and record shapes (`POST /api/relays`, the /relay form, the captures). Client-safe: zod
// and types only, so that the form checks the input in the browser and the server checks it again.
//
// A relay stands in for the two account-linking URIs during a real linking from the Alexa app: Alexa calls
// /relay/<id>/authorize (recorded, then redirected to the real authorization URI) and POSTs to /relay/<id>/token
// (recorded, forwarded to the real token URI, its answer returned as it came; or, in dummy mode, answered with a
// fixed valid token response).

import { z } from '@/lib/zod';
import type { Finding } from '@/lib/probes/findings';
import { authorizationUriSchema } from '@/lib/probes/input-fields';
import { accessTokenUriSchema } from '@/lib/probes/token/input';

export const RELAY_DEFAULT_TTL_SECONDS = 3600;
export const RELAY_MAX_TTL_SECONDS = 24 * 3600;
/** A few seconds is enough to try the expiry; any shorter and it would expire before it is pasted anywhere. */
export const RELAY_MIN_TTL_SECONDS = 5;
/** Calls one relay takes (authorize and token together); past it, 429. A linking needs a handful. */
export const RELAY_MAX_CALLS = 100;
/** The most a token request's form body may be. */
export const RELAY_TOKEN_BODY_LIMIT = 16 * 1024;
/** The longest value of a recorded parameter or header; longer ones are cut, their length kept. */
export const RELAY_MAX_VALUE_CHARS = 2048;

export const RELAY_MODES = ['forward', 'dummy'] as const;
export type RelayMode = (typeof RELAY_MODES)[number];

/** Alexa calls only https URIs. */
const httpsOnly = (url: string) => !/^http:/i.test(url);

export const relayInputSchema = z.object({
  authorizationUri: authorizationUriSchema.refine(httpsOnly, { error: 'Alexa only opens an https:// authorization URI.' }),
  accessTokenUri: accessTokenUriSchema.refine(httpsOnly, { error: 'Alexa only calls an https:// access token URI.' }),
  mode: z.enum(RELAY_MODES, { error: 'Choose forward or dummy.' }).default('forward'),
  ttlSeconds: z
    .number({ error: 'Enter how long the relay lives, in seconds.' })
    .int({ error: 'Enter a whole number of seconds.' })
    .min(RELAY_MIN_TTL_SECONDS, { error: `A relay lives at least ${RELAY_MIN_TTL_SECONDS} seconds.` })
    .max(RELAY_MAX_TTL_SECONDS, { error: `A relay lives at most ${RELAY_MAX_TTL_SECONDS} seconds (24 hours).` })
    .default(RELAY_DEFAULT_TTL_SECONDS),
});

export type RelayInput = z.infer<typeof relayInputSchema>;
export type RelayFormValues = z.input<typeof relayInputSchema>;

/** The answer to POST /api/relays (201). The key is shown this once: only its hash is kept. */
export interface RelayCreated {
  id: string;
  authorizeUrl: string;
  tokenUrl: string;
  watchUrl: string;
  key: string;
  expiresAt: string;
  mode: RelayMode;
}

/** How a token request authenticated its client: an HTTP Basic header, credentials in the body, both, or neither. */
export type ClientAuthUsed = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS' | 'both' | 'none';

/** One call Alexa made through the relay, secrets redacted before it was kept. */
export interface RelayCapture {
  /** Random, to tell captures apart in the live list. */
  captureId: string;
  kind: 'authorize' | 'token';
  at: string;
  request: {
    method: string;
    headers: Array<[string, string]>;
    /** The query (authorize) or the form body (token), each value redacted and bounded. */
    params: Record<string, string>;
  };
  response: { status: number; headers: Array<[string, string]>; body: string };
  durationMs: number;
  findings: Finding[];
  /** authorize: what the query said, read for the reader. */
  authorize?: { stateLength: number; pkce: { method: string; challengeLength: number } | null };
  /** token: the grant and which client authentication Alexa used; `forwarded` false in dummy mode. */
  token?: { grantType: string; clientAuth: ClientAuthUsed; forwarded: boolean; failure?: string };
}

/** What the events stream says, one per event. */
export type RelayEvent = { type: 'capture'; capture: RelayCapture } | { type: 'end'; reason: 'deleted' | 'expired' };

/** Lifetimes the form offers, in seconds. */
export const RELAY_TTL_CHOICES = [
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 4 * 3600, label: '4 hours' },
  { seconds: 24 * 3600, label: '24 hours' },
] as const;

/** The form's fields as the schema reads them (the server action and the browser's check before sending). */
export function relayFieldsFromFormData(field: (name: string) => string | undefined): Record<string, unknown> {
  const ttl = field('ttlSeconds')?.trim() ?? '';
  return {
    authorizationUri: field('authorizationUri') ?? '',
    accessTokenUri: field('accessTokenUri') ?? '',
    mode: field('mode') || 'forward',
    ...(ttl ? { ttlSeconds: /^\d+$/.test(ttl) ? Number(ttl) : Number.NaN } : {}),
  };
}
