// The report's own redaction, for what the user typed (a token pasted into the description, the test password typed
// into the wrong field). Probe evidence arrives already redacted by the probes; this runs over it too.
// Two layers: the known secret (the test account password), through the probes' redactor, which finds it in any
// encoding, reversed or in pieces, and inside `user:password` Basic credentials; and patterns for secrets Link Doctor
// never saw (tokens, client secrets, codes in pasted text).
// Client-safe: it runs in the browser before anything is shown or shared.
import { createRedactor } from '@/lib/probes/redact';
import { type SupportReport } from './schema';

export interface ReportSecrets {
  /** The test account password: never stored, never in the JSON or a share link. */
  password?: string;
  /** The test account user name, to find the password inside `user:password` Basic credentials. */
  username?: string;
}

function passwordRedactor({ password, username }: ReportSecrets) {
  const label = 'test account password';
  if (!password) return createRedactor([]);
  return createRedactor([{ value: password, label }], username ? [{ id: username, secret: password, label }] : []);
}

const SECRET_KEYS =
  'access_token|refresh_token|id_token|client_secret|client_assertion|assertion|password|passwd|code|code_verifier|clientSecret|accessToken|refreshToken|idToken';
const NOT_REDACTED = '(?!\\[redacted)';

/** Secrets Link Doctor was never told about, recognised by their shape. Each is linear-time (no nested quantifiers). */
const PATTERNS: Array<[RegExp, string]> = [
  // key=value in query strings, fragments and form bodies (also percent-encoded `=`).
  [new RegExp(`\\b(${SECRET_KEYS})(=|%3D)${NOT_REDACTED}[^&\\s"'<>#]+`, 'gi'), '$1$2[redacted]'],
  // "key": "value" in JSON, escaped quotes inside the value included.
  [new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")${NOT_REDACTED}(?:[^"\\\\\\n]|\\\\.)+(")`, 'gi'), '$1[redacted]$2'],
  // key: value in YAML, headers and prose (client_secret: abc).
  [new RegExp(`\\b(client_secret|clientSecret|password|refresh_token|refreshToken|access_token|accessToken)(\\s*:\\s*)${NOT_REDACTED}[^\\s"',;]+`, 'gi'), '$1$2[redacted]'],
  // Authorization headers, whatever the scheme.
  [new RegExp(`\\b(Authorization\\s*:\\s*(?:Bearer|Basic)\\s+)${NOT_REDACTED}[^\\s"',;]+`, 'gi'), '$1[redacted]'],
  // A bare Bearer token: long and with a digit, so "Bearer authentication" stays.
  [/\b(Bearer\s+)(?!\[redacted)(?=[A-Za-z0-9\-._~+/]*\d)[A-Za-z0-9\-._~+/]{16,}=*/g, '$1[redacted]'],
  // Login with Amazon tokens and codes (Atza|, Atzr|, Atzc|).
  [/\bAtz[a-z]\|[A-Za-z0-9\-._~+/=|%]+/g, '[redacted Amazon token]'],
];

export function redactPatterns(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return redactJwts(out);
}

/** A JSON Web Token's first two parts are base64url JSON objects, so both start with `eyJ` (`{"`). */
const JWT_PART = /^eyJ[A-Za-z0-9_-]{8,}$/;

/**
 * Replaces JSON Web Tokens (header.payload.signature) with a mark. Run by run of token characters rather than one regex
 * over the text: a regex for the three parts retries every `eyJ` of a long run that never completes a token, which
 * takes quadratic time.
 */
function redactJwts(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(/[A-Za-z0-9_.-]+/g, (run) => {
    const parts = run.split('.');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      // The header may follow a hyphen inside a part ("Bearer-eyJ…"), as a word boundary allows.
      const header = part.startsWith('eyJ') ? 0 : part.indexOf('-eyJ') + 1;
      if (header > 0 || part.startsWith('eyJ')) {
        if (i + 2 < parts.length && JWT_PART.test(part.slice(header)) && JWT_PART.test(parts[i + 1]!)) {
          out.push(`${part.slice(0, header)}[redacted JWT]`);
          i += 2;
          continue;
        }
      }
      out.push(part);
    }
    return out.join('.');
  });
}

export type TextRedactor = (text: string) => string;

/** Redacts the password (every encoding) and anything shaped like a token, secret or code. */
export function createReportRedactor(secrets: ReportSecrets = {}): TextRedactor {
  const known = passwordRedactor(secrets);
  return (text) => redactPatterns(known.redact(text));
}

function walk(value: unknown, redact: TextRedactor, depth: number): unknown {
  if (depth > 32) return '[too deep]';
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, redact, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, redact, depth + 1)]));
  }
  return value;
}

/**
 * A copy of the report, redacted: the password everywhere except the test account user name (Amazon needs it as
 * typed, and the password is paired with it); token-shaped text in what the user typed. Probe evidence and the
 * path only get the password layer: their prose mentions access_token and code by name, and the probes already
 * redacted the real secrets they saw. Run it before showing, exporting, storing or sharing anything.
 */
export function redactReport(report: SupportReport, secrets: ReportSecrets = {}): SupportReport {
  const known = passwordRedactor(secrets).redact;
  const typed: TextRedactor = (text) => redactPatterns(known(text));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) {
    if (key === 'testAccount') out[key] = value;
    else out[key] = walk(value, key === 'path' || key === 'evidence' ? known : typed, 0);
  }
  return out as SupportReport;
}

/** The same layers over the form draft kept in session storage (all of it typed by the user), user name aside. */
export function redactDraft<T extends object>(draft: T, secrets: ReportSecrets = {}): T {
  const redact = createReportRedactor(secrets);
  return Object.fromEntries(Object.entries(draft).map(([key, value]) => [key, key === 'testAccount' ? value : walk(value, redact, 0)])) as T;
}
