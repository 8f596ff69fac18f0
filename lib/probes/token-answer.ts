// Reading a token endpoint's answer, for the token probe (what the server sent) and the provider-quirks check (what
// the user pasted): its body's shape, its fields, and its error in whichever form providers send one. Client-safe:
// no I/O.

import { parseJson } from '@/lib/json';

export type BodyShape =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'json-other'; type: string }
  | { kind: 'form'; params: URLSearchParams }
  | { kind: 'html' }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string; reason: string };

const FORM_RE = /^[A-Za-z0-9_.~%+-]+=[^&]*(&[A-Za-z0-9_.~%+-]+=[^&]*)*$/;

/** The body's shape: a JSON object, other JSON, form-encoded fields (GitHub's default), HTML, empty or unreadable. */
export function readTokenAnswer(body: Buffer | string, contentType: string | undefined, maxBytes: number): BodyShape {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const parsed = parseJson(body, { maxBytes, maxDepth: 32 });
  if (parsed.ok) {
    const v = parsed.value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { kind: 'object', value: v as Record<string, unknown> };
    return { kind: 'json-other', type: v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}` };
  }
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/x-www-form-urlencoded') || FORM_RE.test(trimmed)) return { kind: 'form', params: new URLSearchParams(trimmed) };
  if (ct.includes('text/html') || /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(trimmed)) return { kind: 'html' };
  return { kind: 'invalid', message: parsed.error.message, reason: parsed.error.reason };
}

/** The answer's top-level fields by name (a JSON object's keys, or form fields), or null for any other shape. */
export function answerFields(shape: BodyShape): Map<string, unknown> | null {
  if (shape.kind === 'object') return new Map(Object.entries(shape.value));
  if (shape.kind === 'form') return new Map(shape.params.entries());
  return null;
}

/** An error in a token answer, in the standard form or a provider's own. */
export interface AnswerError {
  /** The OAuth error code, or the provider's error type when it sends no code. */
  code: string;
  description?: string;
  /** `oauth`: {"error": "…"} as RFC 6749 says; `object`: {"error": {"message", "type", "code"}} (Facebook); `form`: error=… */
  form: 'oauth' | 'object' | 'form';
  /** The provider's numeric or text code inside an error object. */
  providerCode?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

export function answerError(shape: BodyShape): AnswerError | undefined {
  if (shape.kind === 'form') {
    const code = shape.params.get('error');
    if (!code) return undefined;
    const description = shape.params.get('error_description') ?? undefined;
    return { code, form: 'form', ...(description ? { description } : {}) };
  }
  if (shape.kind !== 'object') return undefined;
  const e = shape.value.error;
  if (typeof e === 'string' && e !== '') {
    const description = text(shape.value.error_description);
    return { code: e, form: 'oauth', ...(description ? { description } : {}) };
  }
  if (e && typeof e === 'object' && !Array.isArray(e)) {
    const o = e as Record<string, unknown>;
    const description = text(o.message);
    const providerCode = text(o.code);
    return { code: text(o.type) ?? 'error', form: 'object', ...(description ? { description } : {}), ...(providerCode ? { providerCode } : {}) };
  }
  return undefined;
}
