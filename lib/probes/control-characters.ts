// Client-safe: zod only. A URL as a user typed or pasted it holds no control character. new URL() drops tabs and line
// breaks without a word, so only the text as written shows them: a line break there is a paste error or an attempt at
// header injection, and the user should hear which field holds it rather than have it vanish.
import { z } from '@/lib/zod';

/** C0 controls (TAB, LF and CR among them), DEL and the C1 controls. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** The first control character in `text`, in words ("a line break", "a tab", "a control character (U+0000)"), or null. */
export function controlCharacterIn(text: string): string | null {
  const found = CONTROL_CHARACTER.exec(text)?.[0];
  if (found === undefined) return null;
  if (found === '\n' || found === '\r') return 'a line break';
  if (found === '\t') return 'a tab';
  return `a control character (U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
}

/** A URL field's text schema that refuses control characters, with a message naming the field; parse the URL after it. */
export function withoutControlCharacters(text: z.ZodString, field: string): z.ZodString {
  return text.refine((value) => controlCharacterIn(value) === null, {
    error: (issue) => `The ${field} contains ${controlCharacterIn(String(issue.input)) ?? 'a control character'}. Enter the URL again, on one line.`,
  });
}
