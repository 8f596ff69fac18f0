// Input and result shapes of the login page probe (`POST /api/probes/login-page`, the /probe/login-page form and the
// server action). Client-safe: zod and types only.
//
// Besides the page and its Domain List, the input has what is needed to build the request Alexa sends: client ID,
// scopes, redirect URL, response type.

import { z } from '@/lib/zod';
import { authorizationUriSchema, scopesSchema } from '@/lib/probes/input-fields';
import { withoutControlCharacters } from '@/lib/probes/control-characters';
import type { Timing } from '@/lib/net';
import type { Finding } from '@/lib/probes/findings';

/** Room to paste a Domain List longer than Amazon's 15, so that the check can say so. */
const MAX_DOMAIN_INPUT = 30;
/** The Domain List as one text: each domain (at most 253 characters) and a separator, with room for stray blanks. */
export const MAX_DOMAIN_TEXT = MAX_DOMAIN_INPUT * 260;

export const LOGIN_PAGE_MODES = ['static', 'browser'] as const;
export type LoginPageMode = (typeof LOGIN_PAGE_MODES)[number];

/** Empty form fields count as "not given". */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const loginPageProbeInputSchema = z.object({
  authorizationUri: authorizationUriSchema,
  domains: z
    .union([
      z.string().max(MAX_DOMAIN_TEXT, { error: 'The Domain List is too long.' }),
      z
        .array(z.string().max(253, { error: 'A domain is longer than 253 characters.' }))
        .max(MAX_DOMAIN_INPUT, { error: `Enter at most ${MAX_DOMAIN_INPUT} domains.` }),
    ])
    .default([])
    // A textarea gives one string: split it on commas, spaces and line breaks.
    .transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : v).map((d) => d.trim()).filter(Boolean))
    .refine((list) => list.length <= MAX_DOMAIN_INPUT, { error: `Enter at most ${MAX_DOMAIN_INPUT} domains.` }),
  mode: z.enum(LOGIN_PAGE_MODES, { error: 'The mode is static or browser.' }).default('static'),
  clientId: z.preprocess(emptyToUndefined, z.string().trim().max(1024, { error: 'The client ID is too long.' }).optional()),
  scopes: scopesSchema.transform((v) => v ?? []),
  redirectUri: z.preprocess(
    emptyToUndefined,
    withoutControlCharacters(z.string().trim().max(2048, { error: 'The redirect URL is too long.' }), 'redirect URL')
      .pipe(z.url({ protocol: /^https$/, error: 'The redirect URL must be a full https:// URL, such as https://pitangui.amazon.com/api/skill/link/M….' }))
      .optional(),
  ),
  responseType: z.enum(['code', 'token'], { error: 'The response type is code (authorization code grant) or token (implicit grant).' }).default('code'),
  /** Append code_challenge and code_challenge_method=S256, as Alexa does when PKCE is on. */
  pkce: z.boolean().optional(),
});

export type LoginPageProbeInput = z.output<typeof loginPageProbeInputSchema>;
/** What the form holds before parsing. */
export type LoginPageProbeFormValues = z.input<typeof loginPageProbeInputSchema>;

// ---- result ---------------------------------------------------------------------------------------------------------

/** Every finding the login page probe reports, in display order (`login.duplicate-params` only when it applies). */
export const LOGIN_FINDING_IDS = [
  'login.https',
  'login.port',
  'login.url-length',
  'login.duplicate-params',
  'login.reachable',
  'login.redirects',
  'login.status',
  'login.regions',
  'login.domains',
  'login.popup',
  'login.dialog',
  'login.blank',
  'login.federation',
  'login.limits',
] as const;
export type LoginFindingId = (typeof LOGIN_FINDING_IDS)[number];

export interface LoginHost {
  /** Lower-case host name (punycode), no port. */
  host: string;
  /** Where it was found: "script src", "stylesheet url()", "fetch (browser)", "redirect" … */
  foundIn: string[];
  /** Browser mode: Link Doctor's proxy refused to connect to this host for safety (the page still needs it). */
  refused?: string;
}

export interface LoginCoveredHost extends LoginHost {
  by: 'authorization URI' | 'Domain List';
}

export interface LoginRedirectHop {
  url: string;
  status: number;
  location: string;
  /** Static mode: this hop's phases, its `total` counted from the first request's start. */
  timing?: Timing;
}

export interface LoginStylesheetRecord {
  url: string;
  status?: number;
  /** Network failure, size cap or refusal, in words. */
  problem?: string;
  hosts: number;
}

export interface BrowserRequestRecord {
  /** Scheme, host, port and path (query and fragment dropped), at most 300 characters. */
  url: string;
  host: string;
  /** Playwright's resource type (document, script, stylesheet, image, font, fetch, xhr, media …) or "websocket". */
  type: string;
  method: string;
  status?: number;
  /** Chromium's error text, e.g. net::ERR_TUNNEL_CONNECTION_FAILED. */
  failure?: string;
  /** Set when Link Doctor's proxy refused the connection: why. */
  refused?: string;
}

export interface BrowserPopupRecord {
  /** The URL the page tried to open ("" for a blank window). */
  url: string;
  via: 'window.open' | 'new window';
}

export interface BrowserDialogRecord {
  type: string;
  /** The dialog's text, one line, at most 200 characters. */
  message: string;
}

export interface BrowserVisibleContent {
  /** Characters of visible text (body innerText). */
  textLength: number;
  /** Visible input, select, textarea and button elements. */
  fields: number;
  /** Visible images, SVG, canvas, video and frames. */
  media: number;
  title: string;
}

/** One other region's Alexa redirect URL, sent in the same request. */
export interface LoginRegionCheck {
  region: string;
  label: string;
  redirectUri: string;
  /** accepted: a sign-in page (or a redirect back to Alexa without an error); refused: an error about the redirect URI. */
  verdict: 'accepted' | 'refused' | 'unknown';
  status?: number;
  /** What the answer said, shortened. */
  said: string;
}

export interface BrowserSummary {
  requests: BrowserRequestRecord[];
  /** All requests the page made, including those not listed (the list is capped). */
  requestCount: number;
  popups: BrowserPopupRecord[];
  dialogs: BrowserDialogRecord[];
  /** Downloads the page started (all blocked). */
  downloads: number;
  visible: BrowserVisibleContent | null;
  /** Bytes relayed by Link Doctor's proxy for this page. */
  bytes: number;
  timedOut: boolean;
  /** The first of Link Doctor's caps per page the page hit (`connections`: to one address), if any. */
  capped: 'requests' | 'bytes' | 'connections' | null;
  crashed: boolean;
  /** The browser went over Link Doctor's memory cap and was stopped. */
  memoryExceeded: boolean;
  /**
   * Hosts Link Doctor's proxy saw that no request of the page explains — the browser's own services (autofill and the
   * like). Not compared with the Domain List.
   */
  otherHosts: Array<{ host: string; refused?: string }>;
}

export interface LoginPageProbeResult {
  probe: 'login-page';
  mode: LoginPageMode;
  /** True when no finding failed. */
  ok: boolean;
  findings: Finding[];
  domains: {
    /** Every host the login page loads from (or, in browser mode, requested), with where it was found. */
    required: LoginHost[];
    /** The Domain List as entered, normalised (lower case, no scheme or path), without duplicates. */
    listed: string[];
    /** Hosts not covered by the authorization URI's own host or an exact Domain List entry. */
    missing: LoginHost[];
    covered: LoginCoveredHost[];
  };
  /** The request Alexa would open (with a realistic state) that Link Doctor loaded, and its length. */
  request: { url: string | null; length: number };
  /** The redirect chain taken before the page itself. */
  redirects: LoginRedirectHop[];
  /** The other regions' Alexa redirect URLs, each sent in the same request (when the redirect URL entered is Alexa's). */
  regions?: LoginRegionCheck[];
  /** The page as finally loaded. */
  page: { url: string; status: number | null; contentType: string | null; bytes: number } | null;
  /** Static mode: the stylesheets followed (one level). */
  stylesheets: LoginStylesheetRecord[];
  /** Browser mode only. */
  browser: BrowserSummary | null;
  /** Browser mode: a JPEG screenshot of the phone-sized page, as a data: URL. */
  screenshot?: string;
  timing: Timing;
  /**
   * Static mode: the page GET's last hop (the page, or the hop that failed), its `total` counted from the first
   * request's start. `timing` is the whole check's.
   */
  pageTiming?: Timing;
  /** Static mode: why the page GET got no complete answer, when it did not. */
  pageFailure?: string;
  /** PROBE_ALLOW_PRIVATE was on for this run. */
  privateMode: boolean;
}
