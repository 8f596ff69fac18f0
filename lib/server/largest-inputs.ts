// TEST ONLY: the largest input each body-reading route accepts, for the body limits' unit test (which checks that each
// one is accepted and that a character more is not) and for the e2e test that sends them to a real server.
//
// Sizes count in bytes of what the client sends, every free-text character a three-byte one in UTF-8 (€): the most a
// character of text costs in a form post, or in JSON as clients write it (a character JSON must escape costs two, a
// control character six, but pasted text has none of those to speak of). URLs point at a closed loopback port, so a
// probe that runs them fails fast and reaches nothing.

import { MAX_LIVE_EVENTS, MAX_LIVE_TEXT } from '@/lib/flows/link/live-protocol';

/** Three bytes in UTF-8, one UTF-16 unit. */
export const COSTLIEST = '€';

const CLOSED = 'https://127.0.0.1:1/';
const text = (length: number) => COSTLIEST.repeat(length);
const url = (length: number) => CLOSED + text(length - CLOSED.length);
const LIVE_SESSION = 'A'.repeat(22);

/** A configuration /check reads (it must be one: anything else is refused before the size matters), `length` characters long. */
function configOfLength(length: number): string {
  const [start, end] = ['{"type":"AUTH_CODE","clientId":"', '"}'];
  return start + text(length - start.length - end.length) + end;
}

/** The largest JSON body of each API route, as an object to stringify. */
export const LARGEST_API_INPUTS = {
  '/api/probes/token': () => ({
    tokenUri: url(2048),
    clientId: text(1024),
    clientSecret: text(4096),
    scheme: 'REQUEST_BODY_CREDENTIALS',
    grant: { type: 'authorization_code', code: text(4096), redirectUri: url(2048) },
    checkRotation: false,
  }),
  '/api/probes/app-links': () => ({
    url: url(2048),
    packageName: `a.${'b'.repeat(254)}`,
    // 32 hex pairs, padded with vertical tabs (whitespace the fingerprint's reader drops, six bytes each in JSON).
    sha256Fingerprint: 'AB'.repeat(32) + '\v'.repeat(200 - 64),
    appId: `ABCDE12345.${'c'.repeat(256 - 11)}`,
  }),
  '/api/probes/login-page': () => ({
    authorizationUri: url(8 * 1024),
    // As one text, the Domain List may be longer than as a list (30 × 260 characters against 30 × 253).
    domains: text(30 * 260),
    mode: 'static',
    clientId: text(1024),
    scopes: Array.from({ length: 30 }, () => text(128)),
    redirectUri: url(2048),
    responseType: 'token',
    pkce: false,
  }),
  '/api/probes/accept-grant': () => ({ response: text(16 * 1024) }),
  '/api/probes/enablement-request': () => ({ request: text(16 * 1024), observedStatus: 599, observedMessage: text(4096) }),
  '/api/probes/implicit-redirect': () => ({ redirectUrl: url(8 * 1024), expectedState: text(8 * 1024) }),
  '/api/probes/final-url': () => ({ finalUrl: url(8 * 1024) }),
  '/api/probes/provider-quirks': () => ({
    authorizationUri: url(8 * 1024),
    accessTokenUri: url(8 * 1024),
    scopes: Array.from({ length: 30 }, () => text(128)),
    tokenResponse: { contentType: text(256), body: text(12 * 1024) },
  }),
  '/api/link': () => ({
    authorizationUri: url(8 * 1024),
    accessTokenUri: url(2048),
    clientId: text(1024),
    clientSecret: text(4096),
    scheme: 'REQUEST_BODY_CREDENTIALS',
    scopes: Array.from({ length: 30 }, () => text(128)),
    // One per region; a vendor ID is letters and digits only, so the longest URLs are plain ASCII.
    redirectUri: ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp', 'alexa.amazon.com'].map((host) => {
      const prefix = `https://${host}/api/skill/link/`;
      return prefix + 'M'.repeat(2048 - prefix.length);
    }),
    testAccount: { username: text(512), password: text(4096) },
    domains: text(30 * 260),
    pkce: true,
    checkRotation: true,
    liveView: true,
  }),
  '/api/check': () => ({
    config: configOfLength(64 * 1024),
    fields: {
      type: 'AUTH_CODE',
      authorizationUrl: text(2048),
      accessTokenUrl: text(2048),
      clientId: text(1024),
      accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
      domains: text(16 * 1024),
      scopes: text(16 * 1024),
      redirectUrls: text(16 * 1024),
      defaultTokenExpirationInSeconds: '9'.repeat(12),
    },
    skillType: 'smartHome',
    clientSecret: text(4096),
    code: text(4096),
    codeRedirectUri: text(2048),
    refreshToken: text(4096),
    browser: false,
  }),
  // A live view's session id is 22 base64url characters (128 bits).
  '/api/link/live/view': () => ({ session: LIVE_SESSION }),
  '/api/link/live/cancel': () => ({ session: LIVE_SESSION }),
  '/api/link/live/input': () => ({
    session: LIVE_SESSION,
    events: Array.from({ length: MAX_LIVE_EVENTS }, () => ({ kind: 'text', text: text(MAX_LIVE_TEXT) })),
  }),
  '/api/relays': () => ({ authorizationUri: url(8 * 1024), accessTokenUri: url(2048), mode: 'forward', ttlSeconds: 86_400 }),
} as const satisfies Record<string, () => unknown>;

export type ApiRoute = keyof typeof LARGEST_API_INPUTS;

/** Bytes of a JSON body as a client's JSON.stringify sends it. */
export function jsonBodyBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
