// Bounded JSON parsing for untrusted response bodies (security.md H43). Import-safe everywhere.

export const DEFAULT_MAX_JSON_DEPTH = 32;
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

export type JsonParseFailure =
  | { ok: false; reason: 'empty'; message: string }
  | { ok: false; reason: 'bom'; message: string }
  | { ok: false; reason: 'utf16'; message: string }
  | { ok: false; reason: 'too-large'; message: string }
  | { ok: false; reason: 'too-deep'; message: string }
  | { ok: false; reason: 'syntax'; message: string };

export type JsonParseResult = { ok: true; value: unknown } | JsonParseFailure;

export interface JsonLimits {
  maxDepth?: number;
  maxBytes?: number;
}

/**
 * Nesting depth of a JSON text, counted outside strings, in one linear pass. Stops counting once `limit` is
 * exceeded (returns limit + 1), so a 1e5-deep document costs nothing more than reading it.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Parse JSON from untrusted bytes or text without risking a crash: refuses byte-order marks and UTF-16, inputs over
 * `maxBytes` and nesting deeper than `maxDepth` (default 32), and reports syntax errors as data.
 */
export function parseJsonBounded(input: string | Uint8Array, limits: JsonLimits = {}): JsonParseResult {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes) return { ok: false, reason: 'too-large', message: `The JSON is larger than ${maxBytes} bytes.` };
    text = input;
  } else {
    if (input.byteLength > maxBytes) return { ok: false, reason: 'too-large', message: `The JSON is larger than ${maxBytes} bytes.` };
    const b0 = input[0];
    const b1 = input[1];
    if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe) || (input.length >= 2 && (b0 === 0 || b1 === 0))) {
      return { ok: false, reason: 'utf16', message: 'The body is UTF-16 encoded; JSON must be UTF-8.' };
    }
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) {
    return { ok: false, reason: 'bom', message: 'The body starts with a byte-order mark (BOM), which JSON does not allow (RFC 8259 §8.1).' };
  }
  if (text.trim() === '') return { ok: false, reason: 'empty', message: 'The body is empty.' };
  if (jsonDepth(text, maxDepth) > maxDepth) {
    return { ok: false, reason: 'too-deep', message: `The JSON is nested more than ${maxDepth} levels deep.` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    // V8's messages quote a slice of the input, which may hold a token: report only the position.
    const msg = e instanceof Error ? e.message : '';
    const pos = /at position (\d+)/.exec(msg)?.[1];
    const where = /Unexpected end/.test(msg) ? ' (it ends too early)' : pos !== undefined ? ` (the first error is at character ${pos})` : '';
    return { ok: false, reason: 'syntax', message: `The body is not valid JSON${where}.` };
  }
}
