// Fields that several probes' inputs share: the caps on pasted text and URLs, the scopes, the authorization URI.
// Client-safe: zod only, so that forms check them in the browser and the server checks them again.
import { z } from '@/lib/zod';
import { ALEXA_MAX_SCOPES } from '@/lib/alexa';
import { withoutControlCharacters } from './control-characters';

/** Cap on a pasted request or response: a few KB in practice, so four times the largest seen leaves plenty of room. */
export const MAX_TEXT_INPUT = 16 * 1024;
/** Cap on a pasted URL. Alexa's own state is 600+ characters, so leave plenty of room. */
export const MAX_URL_INPUT = 8 * 1024;
/** Twice as many scopes as Alexa takes can be entered, so that a check can say there are too many. */
const MAX_SCOPES = 2 * ALEXA_MAX_SCOPES;
const MAX_SCOPE_CHARS = 128;
/** The scopes as one text: each one and a separator. */
export const MAX_SCOPES_TEXT = MAX_SCOPES * (MAX_SCOPE_CHARS + 1);

/**
 * Scopes as a form gives them (one text, separated by spaces or commas) or as a list; absent stays undefined, so that
 * a check can tell "not given" from "none".
 */
export const scopesSchema = z
  .union([
    z.string().max(MAX_SCOPES_TEXT, { error: 'The scopes are too long.' }),
    z.array(z.string().max(MAX_SCOPE_CHARS, { error: 'A scope is too long.' })).max(MAX_SCOPES, { error: `Enter at most ${MAX_SCOPES} scopes.` }),
  ])
  .optional()
  .transform((v) => (v === undefined ? undefined : (typeof v === 'string' ? v.split(/[\s,]+/) : v).map((s) => s.trim()).filter(Boolean)));

/** The authorization URI as a form or the API gives it. http is accepted so that a check can report it, not refuse it. */
export const authorizationUriSchema = withoutControlCharacters(
  z
    .string({ error: 'Enter the authorization URI.' })
    .trim()
    .min(1, { error: 'Enter the authorization URI.' })
    .max(MAX_URL_INPUT, { error: `The authorization URI is too long (over ${MAX_URL_INPUT} characters).` }),
  'authorization URI',
).pipe(z.url({ protocol: /^https?$/, error: 'Enter the full authorization URI, starting with https://' }));
