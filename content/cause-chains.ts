import type { rawTree } from './tree';

type StepId = keyof typeof rawTree & string;

/**
 * Each symptom's causes, in the order "No, it still fails" goes through them. The key is the step where the user
 * names the symptom. Whichever cause the user starts from, the walk goes on through the ones not seen yet (wrapping
 * round to the start of the list), skips those that do not apply to what the user has said (a step's
 * `appliesWhen`), then goes to `end` (the report unless said otherwise).
 *
 * Static pages cannot know the walk, so without JavaScript a resolution follows its own `next` instead; see
 * lib/tree/next-cause.ts.
 */
export const SYMPTOM_CAUSES: Partial<Record<StepId, { causes: readonly StepId[]; end?: StepId }>> = {
  'token-exchange': {
    causes: [
      'token-server-error',
      'accept-grant-response',
      'token-response-time',
      'tip-no-popups',
      'tip-https-ca',
      'tip-200-ok',
      'tip-client-auth',
      'tip-json-not-params',
      'token-bot-protection',
      'token-uri-swapped',
      'uris-swapped',
    ],
  },
  'implicit-redirect-check': { causes: ['tip-implicit-fragment', 'tip-no-popups', 'tip-https-ca'] },
  'still-not-working': {
    causes: ['tip-no-popups', 'tip-implicit-fragment', 'tip-https-ca', 'tip-200-ok', 'tip-client-auth', 'tip-json-not-params'],
  },
  'relink-later': {
    causes: ['token-lifetime-too-short', 'refresh-fails', 'refresh-token-revoked-early', 'provider-refresh-quirks'],
  },
  'google-provider': { causes: ['google-access-type-offline', 'google-refresh-token-first-only', 'federated-sign-in'] },
  'login-page-domains': { causes: ['login-page-unreachable', 'domain-list-missing', 'tip-no-popups'], end: 'still-not-working' },
  'http-400-redirect': { causes: ['request-too-large', 'redirect-uri-invalid'] },
  'where-linking-ended': { causes: ['state-not-returned', 'redirect-uri-invalid', 'token-server-error'] },
  'enablement-400': { causes: ['enablement-bearer-case', 'enablement-customer-token', 'enablement-auth-code-mismatch'] },
  'enablement-403': { causes: ['enablement-403-scope', 'enablement-403-beta'] },
  'lwa-fallback': { causes: ['lwa-fallback-url', 'lwa-two-client-pairs', 'lwa-redirect-default-browser'] },
  'android-app-links-check': { causes: ['android-autoverify', 'android-assetlinks'] },
};
