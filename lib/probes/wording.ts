// How findings quote what was found: values quoted and cut short, secrets masked, lists and counts in words.
// Pure functions, safe in the browser too.

/** Show a secret without revealing it: the first 4 characters and its length, or "[redacted]" when it is short. */
export function mask(secret: string): string {
  if (secret === '') return '(empty)';
  if (secret.length <= 8) return `[redacted, ${secret.length} characters]`;
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

/** Replace every occurrence of each secret in `text` with its masked form. */
export function maskAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(mask(s));
  }
  return out;
}

/** A value for the evidence in a finding: quoted, control characters made visible, cut to `max` characters. */
export function show(value: string, max = 120): string {
  // Escape control characters instead of printing them.
  // eslint-disable-next-line no-control-regex
  const visible = value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const cut = visible.length > max ? `${visible.slice(0, max)}… (${value.length} characters)` : visible;
  return `"${cut}"`;
}

/** JSON-ish rendering of any value for evidence, cut short. Strings are shown with `show`. */
export function showValue(value: unknown, max = 80): string {
  if (typeof value === 'string') return show(value, max);
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A count and its noun: "1 field", "3 fields". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
