// The findings the token probe reports: their ids in the order users see them, and the title and guide step of each.
// Client-safe: no I/O.

import type { FindingCatalog, FindingSet } from '@/lib/probes/findings';

const TOKEN_FINDING_IDS = [
  'token.https',
  'token.port',
  'token.tls',
  'token.reachable',
  'token.response-time',
  'token.redirect',
  'token.status',
  'token.client-auth',
  'token.oauth-error',
  'token.content-type',
  'token.json',
  'token.access-token',
  'token.token-type',
  'token.expires-in',
  'token.refresh-token',
  'token.cache-control',
  'token.refresh-works',
  'token.rotation',
] as const;
export type TokenFindingId = (typeof TOKEN_FINDING_IDS)[number];

/** The token probe's findings as a run fills them in. */
export type TokenFindings = FindingSet<TokenFindingId>;

export const TOKEN_FINDINGS: FindingCatalog<TokenFindingId> = {
  ids: TOKEN_FINDING_IDS,
  titles: {
    'token.https': 'The token URI uses HTTPS',
    'token.port': 'The token URI uses port 443',
    'token.tls': 'The certificate is trusted, valid and for this host',
    'token.reachable': 'The server can be reached and answers',
    'token.response-time': 'It answers within 4.5 seconds',
    'token.redirect': 'It answers without redirecting',
    'token.status': 'It answers HTTP 200',
    'token.client-auth': 'It accepts the client credentials as Alexa sends them',
    'token.oauth-error': 'It returns no OAuth error',
    'token.content-type': 'The reply is declared as JSON',
    'token.json': 'The reply is a JSON object',
    'token.access-token': 'It returns an access token',
    'token.token-type': 'token_type is "bearer"',
    'token.expires-in': 'The access token lasts at least six minutes',
    'token.refresh-token': 'It returns a refresh token',
    'token.cache-control': 'The reply says Cache-Control: no-store',
    'token.refresh-works': 'The refresh token it returned works',
    'token.rotation': 'A refresh token still works when Alexa retries',
  },
  nodes: {
    'token.https': 'tip-https-ca',
    'token.port': 'tip-https-ca',
    'token.tls': 'tip-https-ca',
    'token.reachable': 'token-exchange',
    'token.response-time': 'token-response-time',
    'token.redirect': 'token-server-error',
    'token.status': 'tip-200-ok',
    'token.client-auth': 'tip-client-auth',
    'token.oauth-error': 'token-server-error',
    'token.content-type': 'tip-json-not-params',
    'token.json': 'tip-json-not-params',
    'token.access-token': 'token-server-error',
    'token.token-type': 'token-exchange',
    'token.expires-in': 'token-lifetime-too-short',
    'token.refresh-token': 'relink-later',
    'token.cache-control': 'token-exchange',
    'token.refresh-works': 'refresh-fails',
    'token.rotation': 'refresh-token-revoked-early',
  },
};
