// The guarded network layer's one entry point: code outside lib/net imports from `@/lib/net` (and the headless browser
// from `@/lib/net/browser`), never from the files behind them, so what the layer promises is decided here. See
// ./README.md. Server only; client components may import its types with `import type`, which the compiler erases.

import 'server-only';

export { isPrivateModeOn, normaliseHostName, portAllowed, refusedAddress, resolvePolicy, type ProbePolicy } from './address-policy';
export { isTargetNotAllowed, TargetNotAllowed, type RefusalReason } from './errors';
export { checkedAddresses, defaultLookup, lookupWithin, type Lookup, type LookupFn, type ResolvedAddress } from './resolve';
export { CookieJar, MAX_COOKIE_BYTES, MAX_COOKIES, type CookieSummary } from './cookie-jar';
export { checkTarget, headerValue, safeFetch, USER_AGENT, type SafeFetchOptions } from './safe-fetch';
export type { CertSummary, FailureKind, FailurePhase, OutboundFailure, OutboundResponse, OutboundResult, RedirectHop, Timing, TlsInfo } from './types';
export { MAX_URL_LENGTH, refuseControlCharacters, refusedAnswerMessage, type Target } from './url-policy';
