// Shortening long random-looking runs (tokens, JWTs, hashes, base64 blobs) in text quoted from a server, before
// redaction: a server may echo secrets Link Doctor was never told about, or in a form it cannot decode. Client-safe.

/** Characters kept from the start of a shortened run: enough for support to tell one token or id from another. */
const RANDOM_RUN_KEPT = 8;
/** Runs shorter than this are left whole: shortening them would hide little. */
const MIN_RANDOM_RUN = 24;
/** Parts of a run (between `/` and `.`) with fewer letters and digits than this neither make nor break a random run. */
const MIN_RANDOM_PART = 8;
/** How often neighbouring letters and digits change kind (lower, upper, digit) in base64; words and names rarely do. */
const MIN_KIND_CHANGES = 0.4;

const shortenedRun = (run: string) => `${run.slice(0, RANDOM_RUN_KEPT)}…[${run.length} characters]`;
/** The mark shortenedRun leaves after the start it keeps. */
export const SHORTENED_MARK = /…\[\d+ characters\]/g;

type PartKind = 'random' | 'short' | 'ordinary';

function partKind(part: string): PartKind {
  const alnum = part.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < MIN_RANDOM_PART) return 'short';
  // Hex ids, hashes and UUIDs: letters and digits of one case.
  if (/^[0-9a-fA-F-]+=*$/.test(part) && /[0-9]/.test(part) && /[a-fA-F]/.test(part)) return 'random';
  const kind = (c: string) => (c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : 2);
  let changes = 0;
  let pairs = 0;
  const kinds = new Set<number>();
  // Only neighbours within a stretch of letters and digits: `-`, `_` and `+` start a new stretch.
  for (const stretch of part.match(/[A-Za-z0-9]+/g) ?? []) {
    for (let i = 0; i < stretch.length; i++) {
      kinds.add(kind(stretch[i]!));
      if (i > 0) (pairs++, (changes += kind(stretch[i]!) === kind(stretch[i - 1]!) ? 0 : 1));
    }
  }
  return kinds.size >= 2 && pairs > 0 && changes / pairs >= MIN_KIND_CHANGES ? 'random' : 'ordinary';
}

/** A run of token characters with its random-looking stretches of parts shortened. */
function shortenRun(run: string): string {
  const parts = [...run.matchAll(/[^/.]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: partKind(m[0]) }));
  let out = '';
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.kind !== 'random') continue;
    // A stretch of random parts, with short ones between them (base64's `/` falls anywhere).
    let last = i;
    for (let j = i + 1; j < parts.length && parts[j]!.kind !== 'ordinary'; j++) if (parts[j]!.kind === 'random') last = j;
    const { start } = parts[i]!;
    const { end } = parts[last]!;
    if (end - start >= MIN_RANDOM_RUN) {
      out += `${run.slice(at, start)}${shortenedRun(run.slice(start, end))}`;
      at = end;
    }
    i = last;
  }
  return out + run.slice(at);
}

/**
 * Quoted server text with each long random-looking run (a token, a JWT, a hash, a base64 blob) cut to its first
 * characters and its length, e.g. "eyJhbGci…[155 characters]": a server may echo secrets Link Doctor was never told
 * about, or in a form it cannot decode, and a run like that says nothing more to a reader. Prose, URLs, error codes,
 * field names and numbers are left as they are. Apply it to text quoted from a server, before redaction.
 */
export function shortenRandomRuns(text: string): string {
  return text.replace(/[A-Za-z0-9+/_.-]+=*/g, shortenRun);
}
