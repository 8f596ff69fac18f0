// Input of the token probe: one zod 4 schema for the form (client) and the server (action and JSON API).
// Import-safe everywhere: zod only.

import { z } from '@/lib/zod';
import { withoutControlCharacters } from '@/lib/probes/control-characters';
import type { Finding } from '@/lib/probes/findings';
import type { FailureKind, FailurePhase, Timing } from '@/lib/net';
import { ALEXA_REDIRECT_REGIONS, CLIENT_AUTH_SCHEMES, type AlexaRegion } from '@/lib/alexa';

/** Vendor IDs are short upper-case alphanumerics (e.g. M3BVP74N95SP1F). */
export const vendorIdSchema = z
  .string({ error: 'Enter your vendor ID.' })
  .trim()
  .regex(/^[A-Za-z0-9]{1,64}$/, { error: 'A vendor ID has only letters and digits (it is the last part of an Alexa redirect URL).' });

/** `https://<host>/api/skill/link/<vendorId>` for one region. */
export function alexaRedirectUrl(region: AlexaRegion, vendorId: string): string {
  const entry = ALEXA_REDIRECT_REGIONS.find((r) => r.region === region);
  if (!entry) throw new Error(`unknown region ${region}`);
  return `https://${entry.host}/api/skill/link/${encodeURIComponent(vendorId.trim())}`;
}

/** The four Alexa redirect URLs for a vendor ID, to offer in the form. */
export function alexaRedirectUrls(vendorId: string): Array<{ region: AlexaRegion; label: string; url: string }> {
  return ALEXA_REDIRECT_REGIONS.map((r) => ({ region: r.region, label: r.label, url: alexaRedirectUrl(r.region, vendorId) }));
}

/** Whether a URL is one of Alexa's redirect URLs (any region). */
export function isAlexaRedirectUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && ALEXA_REDIRECT_REGIONS.some((r) => r.host === u.hostname) && /^\/api\/skill\/link\/[A-Za-z0-9]+$/.test(u.pathname);
  } catch {
    return false;
  }
}

const MAX_SECRET = 4096;

/** The access token URI as a form or the API gives it (also the Link as Alexa rehearsal's). */
export const accessTokenUriSchema = withoutControlCharacters(
  z
    .string({ error: 'Enter the access token URI.' })
    .trim()
    .min(1, { error: 'Enter the access token URI.' })
    .max(2048, { error: 'The access token URI is too long (over 2048 characters).' }),
  'access token URI',
).pipe(
  // http is accepted here so that the probe can report it as a finding (without sending anything).
  z.url({ protocol: /^https?$/, error: 'Enter the full access token URI, starting with https://' }),
);

/**
 * Every secret is hidden from everything Link Doctor shows, in every encoding. A value of a character or two would
 * match ordinary words and names in the results, so it is refused rather than hidden unreliably.
 */
export const MIN_SECRET = 4;
export const tooShort = (what: string) =>
  `This ${what} is shorter than ${MIN_SECRET} characters, too short to hide reliably in the results. Enter the real one.`;

const authorizationCodeGrant = z.object({
  type: z.literal('authorization_code'),
  code: z
    .string({ error: 'Enter an authorization code.' })
    .trim()
    .min(1, { error: 'Enter an authorization code: a fresh one, not used before.', abort: true })
    .min(MIN_SECRET, { error: tooShort('authorization code') })
    .max(MAX_SECRET, { error: 'The authorization code is too long.' }),
  redirectUri: withoutControlCharacters(
    z
      .string({ error: 'Choose the redirect URL the code was issued for.' })
      .trim()
      .min(1, { error: 'Choose the redirect URL the code was issued for.' })
      .max(2048, { error: 'The redirect URL is too long.' }),
    'redirect URL',
  ).pipe(z.url({ protocol: /^https$/, error: 'The redirect URL must be a full https:// URL, such as one of the Alexa redirect URLs.' })),
});

const refreshTokenGrant = z.object({
  type: z.literal('refresh_token'),
  refreshToken: z
    .string({ error: 'Enter a refresh token.' })
    .trim()
    .min(1, { error: 'Enter a refresh token.', abort: true })
    .min(MIN_SECRET, { error: tooShort('refresh token') })
    .max(MAX_SECRET, { error: 'The refresh token is too long.' }),
});

export const tokenProbeInputSchema = z.object({
  tokenUri: accessTokenUriSchema,
  clientId: z
    .string({ error: 'Enter the client ID.' })
    .trim()
    .min(1, { error: 'Enter the client ID (as in the Alexa console’s account-linking settings).' })
    .max(1024, { error: 'The client ID is too long.' }),
  // Not trimmed: a secret's spaces are part of it.
  clientSecret: z
    .string({ error: 'Enter the client secret.' })
    .min(1, { error: 'Enter the client secret.', abort: true })
    .min(MIN_SECRET, { error: tooShort('client secret') })
    .max(MAX_SECRET, { error: 'The client secret is too long.' })
    .refine((s) => !/[\r\n]/.test(s), { error: 'The client secret contains a line break; check what you pasted.' }),
  scheme: z.enum(CLIENT_AUTH_SCHEMES, { error: 'Choose HTTP Basic or Credentials in request body.' }),
  grant: z.discriminatedUnion('type', [authorizationCodeGrant, refreshTokenGrant], {
    error: 'Choose a grant: an authorization code or a refresh token.',
  }),
  /** Refresh twice with the same refresh token to see whether the server allows a retry (refresh grant only). */
  checkRotation: z.boolean().optional(),
  /** The console's Default Access Token Expiration Time, when known: Alexa uses it when a reply has no expires_in. */
  defaultTokenExpirationInSeconds: z
    .number({ error: 'Enter the Default Access Token Expiration Time as a number of seconds, or leave it empty.' })
    .int({ error: 'Enter whole seconds.' })
    .min(1, { error: 'Enter a number of seconds above 0.' })
    .max(315_360_000, { error: 'That is more than ten years; enter the number of seconds from the console.' })
    .optional(),
});

/** Said beside the rotation check's option, before it runs, and in its result. */
export const REUSE_REVOKES_GRANT =
  'On servers with reuse detection (oidc-provider, Auth0, Okta without a grace period), a refresh token sent again after use revokes the whole grant: every token from that sign-in, the new refresh token included.';

/** What a run does with the refresh token a code exchange returns, said beside the code. */
export const OWN_GRANT_REFRESH =
  'After the exchange, Link Doctor refreshes once with the refresh token it received, then sends that refresh token a second time, as Alexa does when it retries. Only the tokens of this sign-in are used; a server with reuse detection revokes them.';

export type TokenProbeInput = z.infer<typeof tokenProbeInputSchema>;
/** What the form holds before parsing. */
export type TokenProbeFormValues = z.input<typeof tokenProbeInputSchema>;

// ---- Result ------------------------------------------------------------------------------------------------------

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Array<[string, string]>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
}

export interface ExchangeRecord {
  /** Why this request was sent. */
  purpose: 'token-request' | 'client-auth-retry' | 'own-refresh' | 'rotation-second-refresh' | 'grant-after-reuse';
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** Network failure instead of a response. */
  failure?: { kind: FailureKind; phase: FailurePhase; code?: string; message: string };
  timing?: Timing;
}

export interface TokenProbeResult {
  probe: 'token';
  /** True when no finding failed and Alexa would have received tokens. */
  ok: boolean;
  findings: Finding[];
  timing: Timing;
  /** The main request and response, secrets redacted. */
  exchange: ExchangeRecord | null;
  /** Further requests the probe made (client-auth retry, rotation check), secrets redacted. */
  followUps: ExchangeRecord[];
  /** PROBE_ALLOW_PRIVATE was on for this run. */
  privateMode: boolean;
}
