// The pasted configuration check: what Alexa would reject, or what often fails, in an account linking configuration as
// `ask smapi get-account-linking-info` prints it (read by ./smapi-config). Pure: no I/O.

import { z } from '@/lib/zod';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { parseUrl } from '@/lib/probes/urls';
import { listWords, plural, show } from '@/lib/probes/wording';
import { ALEXA_MAX_DOMAINS, ALEXA_MAX_SCOPES, ALEXA_MIN_EXPIRES_IN, SKILL_TYPES, type SkillType } from '@/lib/alexa';
import { parseAccountLinkingConfig, type AccountLinkingConfig, type ConfigParseResult, type ConfigShape, type FieldIssue } from './smapi-config';

/** Cap on a pasted configuration: SMAPI's whole answer is a few KB; a pretty-printed one with comments fits many times over. */
export const MAX_CONFIG_INPUT = 64 * 1024;

export const ACCOUNT_LINKING_CONFIG_NODES = [
  'grant-type',
  'token-exchange',
  'tip-https-ca',
  'tip-client-auth',
  'token-lifetime-too-short',
  'domain-list-missing',
  'enablement-403-scope',
  'lwa-redirect-default-browser',
  'android-app-auth-uri-fallback',
] as const;
type Node = (typeof ACCOUNT_LINKING_CONFIG_NODES)[number];
const finding = findingBuilder<Node>();

const PLATFORM_TYPES = ['iOS', 'Android'] as const;

export const accountLinkingConfigInputSchema = z.object({
  config: z
    .string({ error: 'Paste the output of ask smapi get-account-linking-info.' })
    .trim()
    .min(1, { error: 'Paste the output of ask smapi get-account-linking-info.' })
    .max(MAX_CONFIG_INPUT, { error: `The configuration is too long (over ${MAX_CONFIG_INPUT} characters).` }),
  skillType: z.enum(SKILL_TYPES, { error: 'Choose the skill type: custom, smart home, video, music or other.' }).optional(),
});
export type AccountLinkingConfigInput = z.input<typeof accountLinkingConfigInputSchema>;

export interface AccountLinkingConfigResult {
  findings: Finding[];
  config: AccountLinkingConfig | null;
  shape: ConfigShape | null;
}

// ---- the whole check ----------------------------------------------------------------------------------------------

export function checkAccountLinkingConfig(input: AccountLinkingConfigInput): AccountLinkingConfigResult {
  const parsed = parseAccountLinkingConfig(typeof input.config === 'string' ? input.config : '');
  if (!parsed.ok) {
    return { findings: [finding('config.parse', 'fail', 'Configuration could not be read', parsed.error.message, 'Paste the JSON printed by ask smapi get-account-linking-info -s <skill ID> (with or without --full-response).', 'grant-type')], config: null, shape: null };
  }
  const skillType = SKILL_TYPES.find((t) => t === input.skillType);
  return { findings: configFindings(parsed, skillType), config: parsed.config, shape: parsed.shape };
}

/** Everything wrong with a configuration that could be read: unusable values, a pasted secret, and the lint. */
export function configFindings(parsed: Extract<ConfigParseResult, { ok: true }>, skillType?: SkillType): Finding[] {
  const findings: Finding[] = [];
  // type and accessTokenScheme problems get their own findings in the lint.
  const other = parsed.issues.filter((i) => i.field !== 'type' && i.field !== 'accessTokenScheme');
  if (other.length > 0) {
    findings.push(finding('config.fields', 'fail', `${plural(other.length, 'field')} with unusable values`, other.map((i) => i.message).join(' '), 'Correct these values with ask smapi update-account-linking-info or in the console.', 'grant-type'));
  }
  if (parsed.hadClientSecret) {
    findings.push(finding('config.client-secret', 'warn', 'The configuration contains the client secret', 'The configuration contains clientSecret. It was not used or shown, but keep it out of anything you share.', 'Remove clientSecret before sharing this configuration.', 'tip-client-auth'));
  }
  findings.push(...lintAccountLinkingConfig(parsed.config, skillType, parsed.issues));
  return findings;
}

/**
 * Lints a normalised configuration. `skillType` enables the grant-type and scope rules that depend on it; `issues`
 * (from normalising) explain a type or accessTokenScheme that was present but unusable.
 */
export function lintAccountLinkingConfig(config: AccountLinkingConfig, skillType?: SkillType, issues: FieldIssue[] = []): Finding[] {
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  return [
    typeFinding(config, issueOf('type')),
    ...grantTypeFindings(config, skillType),
    authorizationUrlFinding(config.authorizationUrl),
    ...accessTokenUrlFindings(config),
    clientIdFinding(config),
    schemeFinding(config, issueOf('accessTokenScheme')),
    expirationFinding(config),
    ...domainFindings(config.domains),
    ...scopeFindings(config.scopes, skillType),
    ...redirectUrlFindings(config.redirectUrls),
    ...platformUrlFindings(config.authorizationUrlsByPlatform),
  ];
}

function typeFinding(config: AccountLinkingConfig, issue?: string): Finding {
  if (config.type === null) {
    return finding('config.type', 'fail', issue ? 'The grant type is neither AUTH_CODE nor IMPLICIT' : 'The configuration has no grant type', issue ?? 'The configuration has no type; it must be AUTH_CODE or IMPLICIT.', 'Set "type": "AUTH_CODE" (recommended) or "IMPLICIT".', 'grant-type');
  }
  return finding('config.type', 'pass', `The grant type is ${config.type}`, `type is ${config.type}.`, '', 'grant-type');
}

function grantTypeFindings(config: AccountLinkingConfig, skillType?: SkillType): Finding[] {
  if (!skillType || config.type === null) return [];
  if (config.type === 'IMPLICIT' && skillType !== 'custom') {
    return [
      finding(
        'config.grant-type',
        'fail',
        `The grant type is IMPLICIT; ${skillType} skills need AUTH_CODE`,
        `type is IMPLICIT, but only custom skills may use the implicit grant; ${skillType} skills need the authorization code grant.`,
        'Switch to "type": "AUTH_CODE" and set accessTokenUrl, clientSecret and accessTokenScheme.',
        'grant-type',
      ),
    ];
  }
  return [finding('config.grant-type', 'pass', `${config.type} fits a ${skillType} skill`, `${config.type} is allowed for ${skillType} skills.`, '', 'grant-type')];
}

/** Problems of an account linking URL: scheme, port; null when fine. */
function urlProblem(text: string): { kind: 'invalid' | 'scheme' | 'port'; message: string; found: string } | null {
  const url = parseUrl(text);
  if (!url) return { kind: 'invalid', message: `${show(text, 100)} is not a valid absolute URL`, found: 'is not a valid URL' };
  const scheme = url.protocol.slice(0, -1);
  if (url.protocol !== 'https:') return { kind: 'scheme', message: `${show(text, 100)} uses ${scheme}, not https`, found: `uses ${scheme}, not https` };
  if (url.port !== '') return { kind: 'port', message: `${show(text, 100)} uses port ${url.port}, not 443`, found: `uses port ${url.port}, not 443` };
  return null;
}

function authorizationUrlFinding(authorizationUrl: string | null): Finding {
  const id = 'config.authorization-url';
  if (authorizationUrl === null) return finding(id, 'fail', 'The configuration has no authorizationUrl', 'The configuration has no authorizationUrl: Alexa has no login page to open.', 'Set authorizationUrl to your login page, on https and port 443.', 'grant-type');
  const problem = urlProblem(authorizationUrl);
  // The port has an id of its own: the login page probe finds the same problem (login.port), and the report lists it once.
  if (problem?.kind === 'port') {
    return finding(`${id}-port`, 'fail', `authorizationUrl ${problem.found}`, `authorizationUrl ${problem.message}. Amazon requires the authorization URI on HTTPS, port 443.`, 'Serve the login page at https://… on the default port 443 and update authorizationUrl.', 'tip-https-ca');
  }
  if (problem) {
    return finding(id, 'fail', `authorizationUrl ${problem.found}`, `authorizationUrl ${problem.message}. Amazon requires the authorization URI on HTTPS, port 443.`, 'Serve the login page at https://… on the default port 443 and update authorizationUrl.', 'tip-https-ca');
  }
  return finding(id, 'pass', 'authorizationUrl is https on port 443', `authorizationUrl is ${show(authorizationUrl, 120)}.`, '', 'tip-https-ca');
}

function accessTokenUrlFindings(config: AccountLinkingConfig): Finding[] {
  const id = 'config.access-token-url';
  const url = config.accessTokenUrl;
  if (url === null) {
    if (config.type === 'AUTH_CODE') {
      return [finding(id, 'fail', 'The configuration has no accessTokenUrl', 'type is AUTH_CODE, but there is no accessTokenUrl: Alexa cannot exchange the code for tokens.', 'Set accessTokenUrl to your token endpoint (https, port 443).', 'token-exchange')];
    }
    return [];
  }
  const problem = urlProblem(url);
  if (problem?.kind === 'port') {
    // An id of its own, as for the authorization URL: the token probe finds the same (token.port).
    return [finding(`${id}-port`, 'warn', `accessTokenUrl ${problem.found}`, `accessTokenUrl ${problem.message}. Amazon states 443 for the authorization URI; for the token URI the rule is not confirmed, but other ports are a common cause of failure.`, 'Serve the token endpoint on port 443.', 'tip-https-ca')];
  }
  if (problem) return [finding(id, 'fail', `accessTokenUrl ${problem.found}`, `accessTokenUrl ${problem.message}.`, 'Serve the token endpoint at https://… with a certificate from a CA Amazon accepts.', 'tip-https-ca')];
  return [finding(id, 'pass', 'accessTokenUrl is https on port 443', `accessTokenUrl is ${show(url, 120)}.`, '', 'tip-https-ca')];
}

function clientIdFinding(config: AccountLinkingConfig): Finding {
  if (config.clientId === null) return finding('config.client-id', 'fail', 'The configuration has no clientId', 'The configuration has no clientId; Alexa sends it to your login page and token endpoint.', 'Set clientId to the client ID your authorization server issued for Alexa.', 'tip-client-auth');
  return finding('config.client-id', 'pass', `clientId is ${show(config.clientId, 40)}`, `clientId is ${show(config.clientId, 60)}.`, '', 'tip-client-auth');
}

function schemeFinding(config: AccountLinkingConfig, issue?: string): Finding {
  if (issue) return finding('config.token-scheme', 'fail', 'accessTokenScheme is neither HTTP_BASIC nor REQUEST_BODY_CREDENTIALS', issue, 'Set accessTokenScheme to HTTP_BASIC (recommended) or REQUEST_BODY_CREDENTIALS, whichever your token endpoint accepts.', 'tip-client-auth');
  if (config.accessTokenScheme !== null) return finding('config.token-scheme', 'pass', `accessTokenScheme is ${config.accessTokenScheme}`, `accessTokenScheme is ${config.accessTokenScheme}; your token endpoint must accept it.`, '', 'tip-client-auth');
  if (config.type === 'AUTH_CODE') {
    return finding('config.token-scheme', 'warn', 'The configuration has no accessTokenScheme', 'The configuration does not say how Alexa authenticates at the token endpoint (HTTP_BASIC or REQUEST_BODY_CREDENTIALS).', 'Set accessTokenScheme to the method your token endpoint accepts; HTTP_BASIC is the recommended one.', 'tip-client-auth');
  }
  return finding('config.token-scheme', 'skip', 'No token endpoint authentication', 'accessTokenScheme only matters for the authorization code grant.', '', 'tip-client-auth');
}

function expirationFinding(config: AccountLinkingConfig): Finding {
  const seconds = config.defaultTokenExpirationInSeconds;
  const id = 'config.token-expiration';
  if (seconds === null) return finding(id, 'skip', 'No default token lifetime', 'defaultTokenExpirationInSeconds is not set; Alexa relies on expires_in in your token responses.', '', 'token-lifetime-too-short');
  if (seconds < ALEXA_MIN_EXPIRES_IN) {
    return finding(id, 'fail', `Default access tokens last ${seconds} s; Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} s`, `defaultTokenExpirationInSeconds is ${seconds}; access tokens must live at least ${ALEXA_MIN_EXPIRES_IN} seconds.`, 'Set defaultTokenExpirationInSeconds to 360 or more (3600 is common), and return expires_in ≥ 360.', 'token-lifetime-too-short');
  }
  return finding(id, 'pass', `Default access tokens last ${seconds} s`, `defaultTokenExpirationInSeconds is ${seconds}.`, '', 'token-lifetime-too-short');
}

// ---- domains ------------------------------------------------------------------------------------------------------

/** How a Domain List entry departs from a bare host name, or null. */
export function domainFormatProblem(entry: string): string | null {
  if (entry === '') return 'is empty';
  if (/\s/.test(entry)) return 'contains spaces';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return 'has a scheme';
  if (entry.includes('/')) return 'has a path';
  if (entry.includes('*')) return 'has a wildcard';
  if (/:\d*$/.test(entry) && !entry.startsWith('[')) return 'has a port';
  if (parseUrl(`https://${entry}/`) === null) return 'is not a valid host name';
  return null;
}

function domainFindings(domains: string[]): Finding[] {
  const out: Finding[] = [];
  if (domains.length > ALEXA_MAX_DOMAINS) {
    out.push(finding('config.domains-count', 'fail', `The Domain List has ${domains.length} domains; Amazon allows ${ALEXA_MAX_DOMAINS}`, `The Domain List has ${domains.length} entries; Amazon allows up to ${ALEXA_MAX_DOMAINS}.`, 'Serve the login page\'s assets from fewer hosts (for example your own domain) and drop unused entries.', 'domain-list-missing'));
  } else {
    out.push(finding('config.domains-count', 'pass', `The Domain List has ${plural(domains.length, 'domain')}`, `The Domain List has ${domains.length} of at most ${ALEXA_MAX_DOMAINS} entries.`, '', 'domain-list-missing'));
  }
  const odd = domains.map((d) => ({ d, problem: domainFormatProblem(d) })).filter((x) => x.problem !== null);
  if (odd.length > 0) {
    out.push(
      finding(
        'config.domains-format',
        'warn',
        `${show(odd[0]!.d, 40)} ${odd[0]!.problem}${odd.length > 1 ? ` (and ${plural(odd.length - 1, 'other domain')})` : ''}: not a bare host name`,
        `${odd.slice(0, 15).map((x) => `${show(x.d, 60)} ${x.problem}`).join('; ')}. Amazon does not spell out the format, but the list is matched against exact hosts like cdn.example.com.`,
        'List each host on its own, without https://, path, port or wildcard: e.g. cdn.example.com.',
        'domain-list-missing',
      ),
    );
  }
  const seen = new Map<string, string>();
  const dupes: string[] = [];
  for (const d of domains) {
    const key = d.toLowerCase().replace(/\.$/, '');
    if (seen.has(key)) dupes.push(d);
    else seen.set(key, d);
  }
  if (dupes.length > 0) {
    out.push(finding('config.domains-duplicate', 'warn', `Listed more than once: ${listWords(dupes.slice(0, 3).map((d) => show(d, 40)))}${dupes.length > 3 ? ' …' : ''}`, `Listed more than once: ${listWords(dupes.slice(0, 15).map((d) => show(d, 60)))}.`, 'Remove the duplicates; they use up places in the list of 15.', 'domain-list-missing'));
  }
  return out;
}

function scopeFindings(scopes: string[], skillType?: SkillType): Finding[] {
  const out: Finding[] = [];
  if (scopes.length > ALEXA_MAX_SCOPES) {
    out.push(finding('config.scopes', 'fail', `${scopes.length} scopes; Amazon allows ${ALEXA_MAX_SCOPES}`, `The configuration has ${scopes.length} scopes; Amazon allows up to ${ALEXA_MAX_SCOPES}.`, 'Ask only for the scopes the skill needs.', 'grant-type'));
  } else if (scopes.length === 0 && skillType === 'smartHome') {
    out.push(finding('config.scopes', 'fail', 'A smart home skill with no scopes', 'The configuration has no scopes; smart home skills must list at least one.', 'Add the scopes your authorization server needs, for example "profile".', 'grant-type'));
  } else if (scopes.length > 0) {
    out.push(finding('config.scopes', 'pass', `${plural(scopes.length, 'scope')}: ${listWords(scopes.slice(0, 3).map((s) => show(s, 30)))}${scopes.length > 3 ? ' …' : ''}`, `Scopes: ${scopes.slice(0, 15).map((s) => show(s, 40)).join(', ')}.`, '', 'grant-type'));
  }
  return out;
}

function redirectUrlFindings(redirectUrls: string[]): Finding[] {
  if (redirectUrls.length === 0) return [];
  const bad = redirectUrls.map((u) => ({ u, problem: urlProblem(u) })).filter((x) => x.problem !== null && x.problem.kind !== 'port');
  if (bad.length > 0) {
    return [
      finding(
        'config.redirect-urls',
        'fail',
        `${plural(bad.length, 'redirect URL')} not on https: ${bad[0]!.problem!.message}`,
        `${bad.slice(0, 10).map((x) => x.problem?.message).join('; ')}. App-to-app redirect URLs must be https Universal Links (iOS) or App Links (Android).`,
        'List your app\'s https redirect URLs, each one verified for Universal Links or App Links.',
        'lwa-redirect-default-browser',
      ),
    ];
  }
  return [finding('config.redirect-urls', 'pass', `${plural(redirectUrls.length, 'redirect URL')}, all HTTPS`, `redirectUrls: ${redirectUrls.slice(0, 10).map((u) => show(u, 80)).join(', ')}.`, '', 'enablement-403-scope')];
}

function platformUrlFindings(entries: AccountLinkingConfig['authorizationUrlsByPlatform']): Finding[] {
  if (entries.length === 0) return [];
  const problems: string[] = [];
  for (const e of entries) {
    if (!(PLATFORM_TYPES as readonly string[]).includes(e.platformType)) problems.push(`platformType ${show(e.platformType, 30)} is not iOS or Android`);
    const p = urlProblem(e.platformAuthorizationUrl);
    if (p && p.kind !== 'port') problems.push(`the ${e.platformType} URL ${p.message}`);
  }
  if (problems.length > 0) {
    return [finding('config.platform-urls', 'fail', `${problems[0]!.replace(/^./, (c) => c.toUpperCase())}${problems.length > 1 ? ` (and ${plural(problems.length - 1, 'other problem')})` : ''}`, `${problems.slice(0, 10).join('; ')}.`, 'Give one https URL per platform, with platformType "iOS" or "Android".', 'android-app-auth-uri-fallback')];
  }
  return [finding('config.platform-urls', 'pass', `${listWords(entries.map((e) => e.platformType))} authorization URLs are on https`, entries.map((e) => `${e.platformType}: ${show(e.platformAuthorizationUrl, 80)}`).join('; '), '', 'android-app-auth-uri-fallback')];
}
