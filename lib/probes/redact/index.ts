// Redacts secrets (client secret, codes, tokens) in a probe's output, whatever encoding a server echoed them in.
// Rather than list every way a secret can be written, the text is decoded the ways a server encodes (./views: escapes
// decoded, base64 and hex runs decoded), and each decoded copy is searched for the secret as it was given
// (./needles); a match redacts the stretch of the original text it came from. A form's `+` for a space is matched by
// looking for the secret with `+` for space. Besides the whole secret, its reversed copy and each of its halves are
// looked for, and a start of it where a text is cut short ("…", "...", or where the text or a decoded blob ends), when
// these pieces are long and mixed enough to never be ordinary words, numbers or names. HTTP Basic credentials
// (`id:secret`, each form-encoded as RFC 6749 §2.3.1 says) are looked for whole, so a Basic header is redacted
// entirely. The search is one Aho–Corasick automaton over the bytes of all those needles: linear in the text's
// length, with no regular expression built from a secret, and each secret adds a fixed number of needles no longer
// than itself.
// Client-safe (lib/report/redact runs it in the browser too); no I/O.

import { utf8 } from './escapes';
import { applySpans, NeedleIndex, needlesOf, search, type Span } from './needles';
import { SHORTENED_MARK } from './random-runs';
import { startPool, viewsOf } from './views';

export { shortenRandomRuns } from './random-runs';

export interface Secret {
  value: string;
  /** Shown in place of the value, e.g. "client secret" → "[redacted client secret]". */
  label: string;
}

export interface BasicPair {
  id: string;
  secret: string;
  /** Defaults to "client credentials". */
  label?: string;
}

export interface Redactor {
  redact(text: string): string;
  /** Deep copy with every string redacted (object keys and the result's own ids aside). Buffers become "[binary]". */
  redactDeep<T>(value: T): T;
}

/** application/x-www-form-urlencoded serialisation of one value (what URLSearchParams produces: space → `+`). */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** Fields whose values Link Doctor itself names (a finding's id, status and guide node; the probe's name). */
const OWN_FIELDS = new Set(['probe', 'id', 'status', 'node']);

/** Build a redactor from the secrets of one probe run. Empty values are ignored. */
export function createRedactor(secrets: ReadonlyArray<Secret>, basicPairs: ReadonlyArray<BasicPair> = []): Redactor {
  const labels: string[] = [];
  const index = new NeedleIndex();
  const labelOf = (label: string) => (labels.includes(label) ? labels.indexOf(label) : labels.push(label) - 1);
  for (const pair of basicPairs) {
    if (pair.secret === '') continue;
    const label = labelOf(pair.label ?? 'client credentials');
    // Decoded, urlenc(id):urlenc(secret) reads as id:secret with `+` for spaces. Its start is the client ID, no
    // secret: a text cut after it is not cut inside a secret.
    const credentials = `${pair.id}:${pair.secret}`;
    for (const form of new Set([credentials, credentials.replace(/ /g, '+')])) index.add(utf8(form), label, false);
  }
  // Longer secrets first: when two share a needle, the longer one's label stays.
  const sorted = [...secrets].filter((s) => s.value !== '').sort((a, b) => b.value.length - a.value.length);
  for (const s of sorted) {
    const label = labelOf(s.label);
    for (const { needle, rule } of needlesOf(s.value)) index.add(needle, label, true, rule);
  }
  index.build();

  const redact = (text: string): string => {
    if (index.empty || text === '') return text;
    const spans: Span[] = [];
    startPool();
    const shortenedAt = new Set([...text.matchAll(SHORTENED_MARK)].map((m) => m.index));
    for (const view of viewsOf(text)) search(index, view, spans, shortenedAt);
    return spans.length ? applySpans(text, spans, labels) : text;
  };

  const redactDeep = <T>(value: T): T => mapStrings(value, redact, 0) as T;

  return { redact, redactDeep };
}

/** A deep copy of a result with `redact` applied to its strings. Buffers become "[binary]". */
function mapStrings(v: unknown, redact: (text: string) => string, depth: number): unknown {
  if (depth > 64) return '[too deep]';
  if (typeof v === 'string') return redact(v);
  if (v === null || typeof v !== 'object') return v;
  // Buffer is a Uint8Array.
  if (v instanceof Uint8Array) return '[binary]';
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, redact, depth + 1));
  const out: Record<string, unknown> = {};
  // Keys are the result's own field names, never data from a server, and so are the values of OWN_FIELDS: left as
  // they are, the result keeps its shape and its links to the guide whatever the secret happens to spell.
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = OWN_FIELDS.has(k) && typeof x === 'string' ? x : mapStrings(x, redact, depth + 1);
  return out;
}
