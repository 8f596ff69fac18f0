// Reads the output of `ask smapi get-account-linking-info` in any of the forms SMAPI and the ASK CLI print it (the
// account linking object alone, wrapped in accountLinkingResponse or accountLinkingRequest, or the whole HTTP response
// of --full-response) into one AccountLinkingConfig. A value that cannot be used becomes a FieldIssue, never a throw.

import { isRecord, jsonKind, parseJson } from '@/lib/json';
import { listWords, show, showValue } from '@/lib/probes/wording';
import { CLIENT_AUTH_SCHEMES, type ClientAuthScheme } from '@/lib/alexa';

export const ACCOUNT_LINKING_TYPES = ['AUTH_CODE', 'IMPLICIT'] as const;
export type AccountLinkingType = (typeof ACCOUNT_LINKING_TYPES)[number];

/** The account linking configuration, normalised from any of the shapes SMAPI and the ASK CLI produce. */
export interface AccountLinkingConfig {
  type: AccountLinkingType | null;
  authorizationUrl: string | null;
  domains: string[];
  clientId: string | null;
  scopes: string[];
  accessTokenUrl: string | null;
  accessTokenScheme: ClientAuthScheme | null;
  defaultTokenExpirationInSeconds: number | null;
  redirectUrls: string[];
  authorizationUrlsByPlatform: Array<{ platformType: string; platformAuthorizationUrl: string }>;
  skipOnEnablement: boolean | null;
  voiceForwardAccountLinking: 'ENABLED' | 'DISABLED' | null;
}

export type ConfigShape = 'flat' | 'accountLinkingResponse' | 'accountLinkingRequest' | 'full-response';

/** A field whose value could not be used as it stands. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type ConfigParseResult =
  | { ok: true; config: AccountLinkingConfig; shape: ConfigShape; issues: FieldIssue[]; hadClientSecret: boolean }
  | { ok: false; error: { code: 'json' | 'not-object' | 'unknown-shape' | 'smapi-error'; message: string } };

const KNOWN_FIELDS = [
  'type', 'authorizationUrl', 'domains', 'clientId', 'scopes', 'accessTokenUrl', 'clientSecret', 'accessTokenScheme',
  'defaultTokenExpirationInSeconds', 'reciprocalAccessTokenUrl', 'redirectUrls', 'authorizationUrlsByPlatform', 'skipOnEnablement',
  'voiceForwardAccountLinking',
];

export function parseAccountLinkingConfig(text: string): ConfigParseResult {
  const parsed = parseJson(text.trim());
  if (!parsed.ok) return { ok: false, error: { code: 'json', message: `${parsed.error.message} Paste the JSON that ask smapi get-account-linking-info prints.` } };
  return normaliseAccountLinkingConfig(parsed.value);
}

/** Unwraps `{body,…}`, `accountLinkingResponse` and `accountLinkingRequest`, then normalises the fields. */
export function normaliseAccountLinkingConfig(value: unknown): ConfigParseResult {
  if (!isRecord(value)) {
    const hint = Array.isArray(value) ? ' Paste the object itself, not a list.' : '';
    return { ok: false, error: { code: 'not-object', message: `The configuration is ${jsonKind(value)}; expected a JSON object with type, authorizationUrl and the other account linking fields.${hint}` } };
  }
  let shape: ConfigShape = 'flat';
  let obj: Record<string, unknown> = value;
  if ('body' in obj && ('statusCode' in obj || 'headers' in obj)) {
    const status = obj.statusCode;
    let body = obj.body;
    if (typeof body === 'string') {
      const inner = parseJson(body);
      body = inner.ok ? inner.value : body;
    }
    if (typeof status === 'number' && (status < 200 || status > 299)) {
      const message = isRecord(body) && typeof body.message === 'string' ? ` with the message ${show(body.message, 200)}` : '';
      return { ok: false, error: { code: 'smapi-error', message: `SMAPI answered HTTP ${status}${message}, so there is no configuration to check. Check the skill ID and stage (-s, -g) and that account linking is set up.` } };
    }
    if (!isRecord(body)) return { ok: false, error: { code: 'not-object', message: `The body of the full response is ${jsonKind(body)}, not the account linking object.` } };
    shape = 'full-response';
    obj = body;
  }
  for (const wrapper of ['accountLinkingResponse', 'accountLinkingRequest'] as const) {
    const inner = obj[wrapper];
    if (isRecord(inner)) {
      if (shape === 'flat') shape = wrapper;
      obj = inner;
      break;
    }
  }
  const known = Object.keys(obj).filter((k) => KNOWN_FIELDS.includes(k));
  if (known.length === 0) {
    const keys = Object.keys(obj).slice(0, 8);
    const hint = 'manifest' in obj ? ' This looks like a skill manifest; account linking comes from ask smapi get-account-linking-info.' : '';
    return {
      ok: false,
      error: { code: 'unknown-shape', message: `No account linking fields found (such as type, authorizationUrl or domains). ${keys.length ? `The object has ${listWords(keys.map((k) => show(k, 30)))}.` : 'The object is empty.'}${hint}` },
    };
  }
  const issues: FieldIssue[] = [];
  const config: AccountLinkingConfig = {
    type: readEnum(obj, 'type', ACCOUNT_LINKING_TYPES, issues),
    authorizationUrl: readString(obj, 'authorizationUrl', issues),
    domains: readStringList(obj, 'domains', issues),
    clientId: readString(obj, 'clientId', issues),
    scopes: readStringList(obj, 'scopes', issues),
    accessTokenUrl: readString(obj, 'accessTokenUrl', issues),
    accessTokenScheme: readEnum(obj, 'accessTokenScheme', CLIENT_AUTH_SCHEMES, issues),
    defaultTokenExpirationInSeconds: readInteger(obj, 'defaultTokenExpirationInSeconds', issues),
    redirectUrls: readStringList(obj, 'redirectUrls', issues),
    authorizationUrlsByPlatform: readPlatformUrls(obj, issues),
    skipOnEnablement: readBoolean(obj, 'skipOnEnablement', issues),
    voiceForwardAccountLinking: readEnum(obj, 'voiceForwardAccountLinking', ['ENABLED', 'DISABLED'] as const, issues),
  };
  const hadClientSecret = typeof obj.clientSecret === 'string' && obj.clientSecret !== '';
  return { ok: true, config, shape, issues, hadClientSecret };
}

function readString(obj: Record<string, unknown>, field: string, issues: FieldIssue[]): string | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  issues.push({ field, message: `${field} is ${jsonKind(v)}, not a string.` });
  return null;
}

function readEnum<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[], issues: FieldIssue[]): T | null {
  const v = readString(obj, field, issues);
  if (v === null) return null;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  const near = allowed.find((a) => a.toLowerCase() === v.toLowerCase().replace(/[\s-]/g, '_'));
  issues.push({ field, message: `${field} is ${show(v, 40)}; allowed: ${allowed.join(', ')}.${near ? ` Did you mean ${near}? Values are case-sensitive.` : ''}` });
  return null;
}

function readStringList(obj: Record<string, unknown>, field: string, issues: FieldIssue[]): string[] {
  const v = obj[field];
  if (v === undefined || v === null) return [];
  // A typed-in form may give one comma- or line-separated string.
  if (typeof v === 'string') return v.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (!Array.isArray(v)) {
    issues.push({ field, message: `${field} is ${jsonKind(v)}, not a list.` });
    return [];
  }
  const out: string[] = [];
  for (const item of v.slice(0, 1000)) {
    if (typeof item === 'string') out.push(item.trim());
    else issues.push({ field, message: `${field} holds ${jsonKind(item)} (${showValue(item, 30)}); every entry must be a string.` });
  }
  return out;
}

function readInteger(obj: Record<string, unknown>, field: string, issues: FieldIssue[]): number | null {
  const v = obj[field];
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n)) return n;
  issues.push({ field, message: `${field} is ${showValue(v, 30)}; it must be a whole number of seconds.` });
  return null;
}

function readBoolean(obj: Record<string, unknown>, field: string, issues: FieldIssue[]): boolean | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  // The ASK CLI's own fixture sends "true" as a string.
  if (v === 'true' || v === 'false') return v === 'true';
  issues.push({ field, message: `${field} is ${showValue(v, 30)}; it must be true or false.` });
  return null;
}

function readPlatformUrls(obj: Record<string, unknown>, issues: FieldIssue[]): AccountLinkingConfig['authorizationUrlsByPlatform'] {
  const v = obj.authorizationUrlsByPlatform;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    issues.push({ field: 'authorizationUrlsByPlatform', message: `authorizationUrlsByPlatform is ${jsonKind(v)}, not a list.` });
    return [];
  }
  const out: AccountLinkingConfig['authorizationUrlsByPlatform'] = [];
  for (const item of v.slice(0, 100)) {
    if (isRecord(item) && typeof item.platformType === 'string' && typeof item.platformAuthorizationUrl === 'string') {
      out.push({ platformType: item.platformType, platformAuthorizationUrl: item.platformAuthorizationUrl.trim() });
    } else {
      issues.push({ field: 'authorizationUrlsByPlatform', message: `An entry of authorizationUrlsByPlatform is ${showValue(item, 60)}; each needs platformType and platformAuthorizationUrl strings.` });
    }
  }
  return out;
}
