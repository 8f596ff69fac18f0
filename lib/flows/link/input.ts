// Input and event shapes of the "Link as Alexa" flow (`POST /api/link`, the /link form). Client-safe: zod and types
// only, so that the form checks the input in the browser and the server checks it again.
//
// The flow rehearses the whole account linking as Alexa does it: open the authorization URI, sign in with a test
// account, pass a consent page, catch the redirect to Alexa, exchange the code and refresh the tokens.

import { z } from '@/lib/zod';
import { ALEXA_REDIRECT_REGIONS, CLIENT_AUTH_SCHEMES, type AlexaRegion } from '@/lib/alexa';
import { authorizationUriSchema, scopesSchema } from '@/lib/probes/input-fields';
import { withoutControlCharacters } from '@/lib/probes/control-characters';
import { accessTokenUriSchema, isAlexaRedirectUrl, MIN_SECRET, tooShort, type ExchangeRecord } from '@/lib/probes/token/input';
import { MAX_DOMAIN_TEXT } from '@/lib/probes/login-page/input';
import type { Finding, FindingStatus } from '@/lib/probes/findings';

/** Longest secret accepted (client secret, password), as the token probe takes them. */
const MAX_SECRET = 4096;
/** Room for a Domain List longer than Amazon's 15, so that the check can say so (as the login page probe takes it). */
const MAX_DOMAINS = 30;
/** One redirect URL per Alexa region at most. */
export const MAX_REDIRECT_URIS = ALEXA_REDIRECT_REGIONS.length;

/** The Alexa region whose redirect host a URL has, or null for a URL that is not an Alexa redirect URL. */
export function regionOfRedirectUri(url: string): AlexaRegion | null {
  if (!isAlexaRedirectUrl(url)) return null;
  const host = new URL(url).hostname;
  return ALEXA_REDIRECT_REGIONS.find((r) => r.host === host)?.region ?? null;
}

/** Alexa calls only an https token URI; the token probe's field accepts http (to report it), so http is refused here. */
const accessTokenUri = accessTokenUriSchema.refine((url) => !/^http:/i.test(url), { error: 'Alexa only calls an https:// access token URI.' });

const redirectUriText = withoutControlCharacters(
  z.string({ error: 'Enter an Alexa redirect URL.' }).trim().min(1, { error: 'Enter an Alexa redirect URL.' }).max(2048, { error: 'The redirect URL is too long.' }),
  'redirect URL',
).refine(isAlexaRedirectUrl, {
  error: 'Each redirect URL must be one of Alexa’s, such as https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA (from the Alexa console’s account-linking page).',
});

/** A secret is not trimmed (its spaces are part of it) and is never empty, too short to hide, or split over lines. */
const secret = (what: string, missing: string) =>
  z
    .string({ error: missing })
    .min(1, { error: missing, abort: true })
    .min(MIN_SECRET, { error: tooShort(what) })
    .max(MAX_SECRET, { error: `The ${what} is too long.` })
    .refine((s) => !/[\r\n]/.test(s), { error: `The ${what} contains a line break; check what you pasted.` });

export const linkInputSchema = z.object({
  authorizationUri: authorizationUriSchema.refine((url) => !/^http:/i.test(url), { error: 'Alexa only opens an https:// authorization URI.' }),
  accessTokenUri,
  clientId: z
    .string({ error: 'Enter the client ID.' })
    .trim()
    .min(1, { error: 'Enter the client ID (as in the Alexa console’s account-linking settings).' })
    .max(1024, { error: 'The client ID is too long.' }),
  clientSecret: secret('client secret', 'Enter the client secret.'),
  scheme: z.enum(CLIENT_AUTH_SCHEMES, { error: 'Choose HTTP Basic or Credentials in request body.' }),
  scopes: scopesSchema,
  /** One Alexa redirect URL per region to rehearse; always a list after parsing. */
  redirectUri: z
    .union([redirectUriText, z.array(redirectUriText)], { error: 'Enter one to four Alexa redirect URLs.' })
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .refine((list) => list.length >= 1, { error: 'Enter at least one Alexa redirect URL.' })
    .refine((list) => list.length <= MAX_REDIRECT_URIS, { error: `Enter at most ${MAX_REDIRECT_URIS} redirect URLs, one per region.` })
    .refine((list) => new Set(list.map(regionOfRedirectUri)).size === list.length, {
      error: 'Enter one redirect URL per region: two of them are for the same region.',
    }),
  /** The test account's credentials: never logged, stored, shown or put in a URL. */
  testAccount: z.object(
    {
      username: z
        .string({ error: 'Enter the test account’s user name.' })
        .trim()
        .min(1, { error: 'Enter the test account’s user name.' })
        .max(512, { error: 'The user name is too long.' })
        .refine((s) => !/[\r\n]/.test(s), { error: 'The user name contains a line break; check what you pasted.' }),
      password: secret('password', 'Enter the test account’s password.'),
    },
    { error: 'Enter the test account: a user name and a password.' },
  ),
  /** The Domain List, as the login page probe takes it. */
  domains: z
    .union([
      z.string().max(MAX_DOMAIN_TEXT, { error: 'The Domain List is too long.' }),
      z.array(z.string().max(253, { error: 'A domain is longer than 253 characters.' })).max(MAX_DOMAINS, { error: `Enter at most ${MAX_DOMAINS} domains.` }),
    ])
    .optional()
    .transform((v) => (v === undefined ? undefined : (typeof v === 'string' ? v.split(/[\s,]+/) : v).map((d) => d.trim()).filter(Boolean)))
    .refine((list) => list === undefined || list.length <= MAX_DOMAINS, { error: `Enter at most ${MAX_DOMAINS} domains.` }),
  /** Send code_challenge (S256) with the authorization request and code_verifier with the exchange, as Alexa does with PKCE on. */
  pkce: z.boolean({ error: 'pkce is true or false.' }).default(false),
  /** Refresh twice with the same refresh token to show whether a retried refresh survives. */
  checkRotation: z.boolean({ error: 'checkRotation is true or false.' }).default(true),
  /** When sign-in cannot be automated, hand the page to a person in a live view. */
  liveView: z.boolean({ error: 'liveView is true or false.' }).default(false),
});

export type LinkInput = z.output<typeof linkInputSchema>;
/** What the form holds before parsing. */
export type LinkFormValues = z.input<typeof linkInputSchema>;

export const LINK_STEPS = ['authorize', 'sign-in', 'consent', 'redirect', 'exchange', 'refresh', 'rotation', 'domains'] as const;
export type LinkStepName = (typeof LINK_STEPS)[number];

export type LinkFinding = Finding & { step: LinkStepName; region: AlexaRegion };

/** One NDJSON line, sent as each step ends. */
export interface LinkStep {
  type: 'step';
  step: LinkStepName;
  status: FindingStatus;
  region: AlexaRegion;
  /** What happened, e.g. "Signed in as the test account (user name, then password)". */
  title: string;
  /** How long this step waited or took. */
  durationMs: number;
  /** The page or endpoint, with code, state and token values redacted. */
  url?: string;
  /** data:image/jpeg;base64, at most 200 KB, password fields masked. */
  screenshot?: string;
  /** The token probe's record (redacted), for exchange, refresh and rotation. */
  exchange?: ExchangeRecord;
  findings: LinkFinding[];
}

/** A person is asked to finish the sign-in in a live view of the boxed browser. */
export interface LinkLive {
  type: 'live';
  session: string;
  region: AlexaRegion;
  reason: string;
  expiresAt: string;
}

export interface LinkRegionOutcome {
  region: AlexaRegion;
  redirectUri: string;
  linked: boolean;
  firstFailure?: { step: LinkStepName; findingId: string };
}

/** The last NDJSON line. */
export interface LinkResult {
  type: 'result';
  /** Every region linked: a code came back and the exchange gave what Alexa needs. */
  linked: boolean;
  findings: LinkFinding[];
  steps: LinkStep[];
  regions: LinkRegionOutcome[];
  /** PROBE_ALLOW_PRIVATE was on for this run. */
  privateMode: boolean;
}

export type LinkEvent = LinkStep | LinkLive | LinkResult;
