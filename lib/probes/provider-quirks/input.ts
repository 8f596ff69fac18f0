// Input and result of the OAuth provider rules check. Client-safe: zod and types only.
import { z } from '@/lib/zod';
import { type Finding } from '@/lib/probes/findings';
import { MAX_URL_INPUT, scopesSchema } from '@/lib/probes/input-fields';

export const PROVIDER_IDS = ['google', 'github', 'auth0', 'okta', 'keycloak', 'logto', 'zitadel', 'cognito', 'facebook', 'lwa'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** A token response with an ID token is a few KB; three times the largest seen. */
export const MAX_TOKEN_BODY = 12 * 1024;

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX_URL_INPUT, { error: `The ${what} is too long.` })
    .optional()
    .transform((s) => (s === '' ? undefined : s))
    .pipe(z.url({ protocol: /^https?$/, error: `Enter the full ${what}, starting with https://` }).optional());

export const providerQuirksInputSchema = z
  .object({
    authorizationUri: optionalUrl('authorization URI'),
    accessTokenUri: optionalUrl('access token URI'),
    /** The scopes configured for account linking (Alexa appends them to the authorization URI). */
    scopes: scopesSchema,
    /** A token response seen from the provider, to check what it really returns. */
    tokenResponse: z
      .object({
        contentType: z.string().max(256, { error: 'The content type is too long.' }).optional(),
        body: z.string().max(MAX_TOKEN_BODY, { error: `The token response is too long (over ${MAX_TOKEN_BODY / 1024} KB).` }),
      })
      .optional()
      // An empty body field means no response was pasted.
      .transform((v) => (v?.body.trim() ? v : undefined)),
  })
  .refine((v) => v.authorizationUri !== undefined || v.accessTokenUri !== undefined, {
    error: 'Enter the authorization URI, the access token URI, or both.',
    path: ['authorizationUri'],
  });
/** What the check reads: the schema's output, or the same fields from /check's parsed configuration. */
export interface ProviderQuirksInput {
  authorizationUri?: string | undefined;
  accessTokenUri?: string | undefined;
  scopes?: string[] | undefined;
  tokenResponse?: { contentType?: string | undefined; body: string } | undefined;
}

export interface ProviderMatch {
  id: ProviderId;
  name: string;
  /** Which of the URIs identified it. */
  via: Array<'authorization URI' | 'token URI'>;
}

export interface ProviderQuirksResult {
  findings: Finding[];
  providers: ProviderMatch[];
}
