// Recognises well-known identity providers from the account linking URIs and names their quirks with Alexa. A quirk
// that only developers have reported, or that nobody has confirmed, gives a warning, not a failure.

import 'server-only';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { answerFields, readTokenAnswer } from '@/lib/probes/token-answer';
import { parseUrl, splitParams } from '@/lib/probes/urls';
import { listWords, show } from '@/lib/probes/wording';
import { MAX_TOKEN_BODY, providerQuirksInputSchema, type ProviderId, type ProviderQuirksInput, type ProviderMatch, type ProviderQuirksResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formText, formTexts } from '@/lib/form-data';

export const PROVIDER_QUIRKS_NODES = [
  'google-access-type-offline',
  'google-refresh-token-first-only',
  'tip-json-not-params',
  'provider-refresh-quirks',
  'token-exchange',
] as const;
type Node = (typeof PROVIDER_QUIRKS_NODES)[number];
const finding = findingBuilder<Node>();


export const PROVIDER_NAMES: Record<ProviderId, string> = {
  google: 'Google',
  github: 'GitHub',
  auth0: 'Auth0',
  okta: 'Okta',
  keycloak: 'Keycloak',
  logto: 'Logto',
  zitadel: 'Zitadel',
  cognito: 'Amazon Cognito',
  facebook: 'Facebook',
  lwa: 'Login with Amazon',
};

const hostIs = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Which provider a URL belongs to, from its host and path; null when none is recognised. */
export function providerOf(url: URL): ProviderId | null {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (host === 'accounts.google.com' || host === 'oauth2.googleapis.com' || (host === 'www.googleapis.com' && path.startsWith('/oauth2/'))) return 'google';
  if ((host === 'github.com' || host === 'www.github.com') && path.startsWith('/login/oauth/')) return 'github';
  if (hostIs(host, 'auth0.com')) return 'auth0';
  if (['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com'].some((d) => hostIs(host, d))) return 'okta';
  if (/\/realms\/[^/]+\/protocol\/openid-connect\//.test(path)) return 'keycloak';
  if (hostIs(host, 'logto.app') || /^\/oidc\/(?:auth|token)$/.test(path)) return 'logto';
  if (hostIs(host, 'zitadel.cloud') || /^\/oauth\/v2\/(?:authorize|token)$/.test(path)) return 'zitadel';
  if (hostIs(host, 'amazoncognito.com')) return 'cognito';
  if ((hostIs(host, 'facebook.com') && path.includes('/dialog/oauth')) || (host === 'graph.facebook.com' && path.includes('/oauth/access_token'))) return 'facebook';
  if ((/^(?:www\.)?amazon\.[a-z.]+$/.test(host) && path.startsWith('/ap/oa')) || (/^api\.amazon\.[a-z.]+$/.test(host) && path.startsWith('/auth/o2/token'))) return 'lwa';
  return null;
}

interface Context {
  authUrl: URL | null;
  tokenUrl: URL | null;
  /** Authorization URI query parameters the developer set themselves. */
  authParams: Map<string, string>;
  /** Scopes from the input and the authorization URI's own scope parameter; null when neither says. */
  scopes: string[] | null;
  token: TokenResponseFacts | null;
}

interface TokenResponseFacts {
  format: 'json' | 'form' | 'other';
  fields: Set<string>;
  contentType: string;
}

export function checkProviderQuirks(input: ProviderQuirksInput): ProviderQuirksResult {
  const authUrl = input.authorizationUri ? parseUrl(input.authorizationUri.trim()) : null;
  const tokenUrl = input.accessTokenUri ? parseUrl(input.accessTokenUri.trim()) : null;
  const authParams = new Map<string, string>();
  for (const p of splitParams(authUrl?.search.slice(1) ?? '')) if (!authParams.has(p.name)) authParams.set(p.name, p.value);
  const ctx: Context = { authUrl, tokenUrl, authParams, scopes: collectScopes(input.scopes, authParams), token: input.tokenResponse ? readTokenResponse(input.tokenResponse) : null };

  const providers = detect(authUrl, tokenUrl);
  const findings: Finding[] = [detectedFinding(providers, input)];
  for (const p of providers) findings.push(...quirks(p, ctx));
  return { findings, providers };
}

function detect(authUrl: URL | null, tokenUrl: URL | null): ProviderMatch[] {
  const out: ProviderMatch[] = [];
  const add = (url: URL | null, via: 'authorization URI' | 'token URI') => {
    const id = url ? providerOf(url) : null;
    if (!id) return;
    const existing = out.find((m) => m.id === id);
    if (existing) existing.via.push(via);
    else out.push({ id, name: PROVIDER_NAMES[id], via: [via] });
  };
  add(authUrl, 'authorization URI');
  add(tokenUrl, 'token URI');
  return out;
}

function collectScopes(scopes: string[] | undefined, authParams: Map<string, string>): string[] | null {
  const fromUri = authParams.get('scope');
  if (scopes === undefined && fromUri === undefined) return null;
  const all = [...(scopes ?? []), ...(fromUri ?? '').split(/[\s,]+/)];
  return all.map((s) => s.trim()).filter(Boolean);
}

function readTokenResponse(response: { contentType?: string; body: string }): TokenResponseFacts {
  const contentType = (response.contentType ?? '').trim();
  const shape = readTokenAnswer(response.body.slice(0, MAX_TOKEN_BODY), contentType, MAX_TOKEN_BODY);
  const fields = new Set(answerFields(shape)?.keys() ?? []);
  return { format: shape.kind === 'object' ? 'json' : shape.kind === 'form' ? 'form' : 'other', fields, contentType };
}

function detectedFinding(providers: ProviderMatch[], input: ProviderQuirksInput): Finding {
  if (providers.length === 0) {
    // Both URIs usually share a host: each host is named once.
    const seen = [...new Set([input.authorizationUri, input.accessTokenUri].filter((u): u is string => !!u).map((u) => parseUrl(u.trim())?.hostname ?? u))];
    const hosts = listWords(seen.map((h) => show(h, 60)));
    return finding(
      'provider.detected',
      'skip',
      seen.length ? `${hosts}: no provider with known quirks` : 'No provider with known quirks',
      `${seen.length ? `${hosts} ${seen.length === 1 ? 'is not one' : 'are none'}` : 'No URI given is one'} of the providers with known Alexa quirks (Google, GitHub, Auth0, Okta, Keycloak, Logto, Zitadel, Cognito, Facebook, Login with Amazon). Custom domains in front of them cannot be recognised.`,
      '',
      'provider-refresh-quirks',
    );
  }
  return finding('provider.detected', 'pass', `Recognised: ${listWords(providers.map((p) => p.name))}`, providers.map((p) => `${p.name} (from the ${listWords(p.via)})`).join('; ') + '.', '', 'provider-refresh-quirks');
}

function quirks(provider: ProviderMatch, ctx: Context): Finding[] {
  switch (provider.id) {
    case 'google':
      return googleFindings(ctx);
    case 'github':
      return githubFindings(ctx);
    case 'auth0':
      return [offlineAccessFinding('auth0', ctx)];
    case 'okta':
    case 'keycloak':
    case 'logto':
    case 'zitadel':
      return [offlineAccessFinding(provider.id, ctx)];
    case 'cognito':
      return [cognitoFinding(ctx)];
    case 'facebook':
      return [facebookFinding()];
    case 'lwa':
      return [lwaScopeFinding(ctx)];
  }
}

/** What a token answer without a refresh token means, in the same words and severity (a warning) as the token probe. */
const NO_REFRESH_TOKEN = 'Linking still works, but Alexa cannot renew the access token: when it expires, the skill receives an expired token and users have to link their account again.';

const missingRefresh = (ctx: Context) => ctx.token !== null && ctx.token.format === 'json' && !ctx.token.fields.has('refresh_token');

// ---- Google -------------------------------------------------------------------------------------------------------

function googleFindings(ctx: Context): Finding[] {
  const out: Finding[] = [];
  const googleAuth = ctx.authUrl !== null && providerOf(ctx.authUrl) === 'google';
  if (!googleAuth) {
    out.push(
      finding('provider.google.access-type', 'warn', 'Google’s token endpoint, but another authorization URI: access_type not checked', "Google's token endpoint is used, but the authorization URI given is not Google's, so access_type=offline cannot be checked.", 'Make sure the authorization request to Google carries access_type=offline.', 'google-access-type-offline'),
    );
  } else {
    const accessType = ctx.authParams.get('access_type');
    out.push(
      accessType === 'offline'
        ? finding('provider.google.access-type', 'pass', 'The authorization URI asks Google for offline access (access_type=offline)', 'The authorization URI asks Google for offline access, so the first authorization returns a refresh token.', '', 'google-access-type-offline')
        : finding(
            'provider.google.access-type',
            'warn',
            `The authorization URI ${accessType === undefined ? 'has no access_type' : `has access_type=${show(accessType, 20)}`}: Google returns no refresh token`,
            `The authorization URI ${accessType === undefined ? 'has no access_type parameter' : `has access_type=${show(accessType, 20)}`}. Without access_type=offline Google returns no refresh token, so Alexa cannot refresh and users must link again when the access token expires (about an hour).`,
            'Add access_type=offline to the authorization URI in the console, e.g. https://accounts.google.com/o/oauth2/v2/auth?access_type=offline.',
            'google-access-type-offline',
          ),
    );
    const prompt = (ctx.authParams.get('prompt') ?? '').split(/\s+/);
    out.push(
      prompt.includes('consent')
        ? finding('provider.google.prompt', 'pass', 'The authorization URI has prompt=consent', 'prompt=consent makes Google ask again and issue a refresh token even for accounts that authorized before.', '', 'google-refresh-token-first-only')
        : finding(
            'provider.google.prompt',
            'warn',
            'The authorization URI has no prompt=consent: accounts that authorized before get no refresh token',
            'Google issues a refresh token only the first time an account authorizes your app. Accounts that authorized before (test accounts, relinking users) get none unless the request has prompt=consent or the user revokes access.',
            'Add prompt=consent to the authorization URI, or revoke the app under the Google account\'s third-party access and link again.',
            'google-refresh-token-first-only',
          ),
    );
  }
  if (missingRefresh(ctx)) {
    out.push(finding('provider.google.refresh-token', 'warn', 'Google returned no refresh_token', `The token response has no refresh_token field. ${NO_REFRESH_TOKEN}`, 'Add access_type=offline (and prompt=consent), revoke the app in the Google account, and link again.', 'google-refresh-token-first-only'));
  }
  out.push(
    finding(
      'provider.google.publishing-status',
      'skip',
      'Google: check the publishing status',
      'Not checkable from here: while the Google Cloud app is in "Testing" publishing status, Google’s refresh tokens for it expire after 7 days, so links break weekly.',
      'Publish the OAuth consent screen ("In production") before real users link.',
      'google-refresh-token-first-only',
    ),
  );
  return out;
}

// ---- GitHub -------------------------------------------------------------------------------------------------------

function githubFindings(ctx: Context): Finding[] {
  const tokenAtGithub = ctx.tokenUrl !== null && providerOf(ctx.tokenUrl) === 'github';
  const out: Finding[] = [];
  if (ctx.token?.format === 'form') {
    out.push(finding('provider.github.token-format', 'fail', 'The token response is form-encoded, not JSON', `The token response is a parameter string${ctx.token.contentType ? ` (Content-Type ${show(ctx.token.contentType, 60)})` : ''}, not JSON. Alexa cannot read it.`, 'Put an API gateway between Alexa and GitHub that calls GitHub with Accept: application/json and answers Alexa in JSON.', 'tip-json-not-params'));
  } else if (ctx.token?.format === 'json') {
    out.push(finding('provider.github.token-format', 'pass', 'The token response is JSON', 'The token response given is JSON, which Alexa can read.', '', 'tip-json-not-params'));
  } else if (tokenAtGithub) {
    out.push(
      finding(
        'provider.github.token-format',
        'fail',
        `The token URI is GitHub’s (${ctx.tokenUrl?.host ?? ''}), which answers form-encoded, not JSON`,
        `The access token URI is GitHub's (${show(ctx.tokenUrl?.host ?? '', 40)}). GitHub answers with a parameter string (access_token=…&token_type=bearer) unless the request asks for JSON with Accept: application/json, and Alexa cannot be made to send that header.`,
        'Put an API gateway between Alexa and GitHub: it calls GitHub with Accept: application/json and returns JSON to Alexa. Use the gateway URL as the access token URI.',
        'tip-json-not-params',
      ),
    );
  } else {
    out.push(finding('provider.github.token-format', 'pass', 'The token URI is not GitHub’s own', 'The access token URI is not GitHub\'s own endpoint, so a gateway can answer Alexa in JSON.', '', 'tip-json-not-params'));
  }
  const hasExpires = ctx.token?.fields.has('expires_in') ?? false;
  out.push(
    hasExpires
      ? finding('provider.github.expires-in', 'pass', 'The token response has expires_in', 'The token response carries expires_in.', '', 'tip-json-not-params')
      : finding(
          'provider.github.expires-in',
          'warn',
          ctx.token ? 'The token response has no expires_in' : 'GitHub OAuth app tokens come without expires_in',
          'GitHub OAuth app tokens do not expire, and GitHub’s token answer for them has no expires_in, so Alexa falls back on the Default Access Token Expiration Time.',
          'Set the Default Access Token Expiration Time in the console (defaultTokenExpirationInSeconds, 360 or more), or add expires_in in your gateway.',
          'tip-json-not-params',
        ),
  );
  return out;
}

// ---- Auth0 and OpenID Connect servers ------------------------------------------------------------------------------

function offlineAccessFinding(id: 'auth0' | 'okta' | 'keycloak' | 'logto' | 'zitadel', ctx: Context): Finding {
  const name = PROVIDER_NAMES[id];
  const findingId = id === 'auth0' ? 'provider.auth0.offline-access' : `provider.${id}.offline-access`;
  const extra =
    id === 'auth0'
      ? 'Also turn on "Allow Offline Access" for the API in the Auth0 dashboard; without both, Auth0 issues no refresh token.'
      : id === 'logto'
        ? 'Developers found that without it Logto binds the refresh token to the login session (14 days), after which refreshing fails.'
        : 'Also allow the refresh token grant for the application.';
  if (missingRefresh(ctx)) {
    return finding(findingId, 'warn', `The ${name} token response has no refresh_token`, `The token response has no refresh_token. ${NO_REFRESH_TOKEN} ${extra}`, 'Request the offline_access scope and enable refresh tokens for the application, then link again.', 'provider-refresh-quirks');
  }
  if (ctx.scopes === null) {
    return finding(findingId, 'warn', `Scopes not given: whether ${name} gets offline_access is unknown`, `The scopes are unknown here. ${name} issues refresh tokens only when offline_access is requested. ${extra}`, 'Add offline_access to the account linking scopes in the console.', 'provider-refresh-quirks');
  }
  if (ctx.scopes.includes('offline_access')) {
    return finding(findingId, 'pass', `The scopes include offline_access (${name})`, `The scopes include offline_access. ${extra}`, '', 'provider-refresh-quirks');
  }
  // Auth0's rule is documented; for the others it is reported.
  return finding(
    findingId,
    id === 'auth0' ? 'fail' : 'warn',
    `The scopes lack offline_access: ${name} issues no lasting refresh token`,
    `The scopes (${ctx.scopes.map((s) => show(s, 40)).join(', ') || 'none'}) do not include offline_access, so ${name} issues no lasting refresh token. ${extra}`,
    'Add offline_access to the account linking scopes in the console.',
    'provider-refresh-quirks',
  );
}

// ---- Cognito, Facebook, Login with Amazon --------------------------------------------------------------------------

function cognitoFinding(ctx: Context): Finding {
  const tokenPath = ctx.tokenUrl && providerOf(ctx.tokenUrl) === 'cognito' && ctx.tokenUrl.pathname !== '/oauth2/token' ? ` The token URI path is ${show(ctx.tokenUrl.pathname, 60)}; Cognito's token endpoint is /oauth2/token.` : '';
  return finding(
    'provider.cognito.refresh',
    'warn',
    'Cognito refreshes give no new refresh token',
    `A Cognito refresh returns new ID and access tokens but no new refresh_token (unless the app client has refresh token rotation turned on), so every link ends when the refresh token expires (30 days by default). Access tokens last 5 minutes to 1 day (1 hour by default).${tokenPath}`,
    'Raise the refresh token expiration of the app client (up to 3650 days), and keep the access token validity at 1 hour or more. App clients with a secret need the secret on the token call.',
    'provider-refresh-quirks',
  );
}

function facebookFinding(): Finding {
  return finding(
    'provider.facebook.refresh',
    'warn',
    'Facebook Login issues no refresh tokens',
    'Facebook Login has no OAuth refresh tokens; its long-lived user tokens last about 60 days, so users will have to link again from time to time.',
    'Put your own authorization server in front of Facebook Login that issues its own refresh tokens, or accept periodic relinking.',
    'provider-refresh-quirks',
  );
}

function lwaScopeFinding(ctx: Context): Finding {
  const id = 'provider.lwa.scope';
  if (ctx.scopes === null) {
    return finding(id, 'warn', 'Scopes not given: whether Login with Amazon gets profile is unknown', 'The scopes are unknown here. Linking a skill with Login with Amazon as the authorization server uses the scope profile (or profile:user_id).', 'Set the account linking scope to profile (or profile:user_id).', 'token-exchange');
  }
  if (ctx.scopes.some((s) => s === 'profile' || s.startsWith('profile:') || s === 'postal_code')) {
    return finding(id, 'pass', `The scopes include ${ctx.scopes.find((s) => s === 'profile' || s.startsWith('profile:') || s === 'postal_code')} (Login with Amazon)`, `The scopes are ${ctx.scopes.map((s) => show(s, 40)).join(', ')}.`, '', 'token-exchange');
  }
  const appToApp = ctx.scopes.some((s) => s.startsWith('alexa::')) ? ' alexa::… scopes belong to the app-to-app Amazon token, not to the skill\'s own account linking.' : '';
  return finding(id, 'warn', 'The scopes lack profile: Login with Amazon needs profile or profile:user_id', `The scopes (${ctx.scopes.map((s) => show(s, 40)).join(', ') || 'none'}) do not include profile or profile:user_id.${appToApp}`, 'Set the account linking scope to profile (or profile:user_id).', 'token-exchange');
}

/** The OAuth provider rules check, as the registry runs it. */
export const providerQuirksProbe = defineProbe({
  id: 'provider-quirks',
  schema: providerQuirksInputSchema,
  fromForm: (form) => ({
    ...formTexts(form, ['authorizationUri', 'accessTokenUri', 'scopes']),
    tokenResponse: { contentType: formText(form, 'tokenResponse.contentType'), body: formText(form, 'tokenResponse.body') ?? '' },
  }),
  secretFields: { 'tokenResponse.body': true },
  run: checkProviderQuirks,
});
