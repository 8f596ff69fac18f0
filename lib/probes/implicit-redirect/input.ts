// Input and result of the implicit grant redirect check. Client-safe: zod and types only.
import { z } from '@/lib/zod';
import { type Finding } from '@/lib/probes/findings';
import { MAX_URL_INPUT } from '@/lib/probes/input-fields';

export const implicitRedirectInputSchema = z.object({
  redirectUrl: z
    .string({ error: 'Paste the URL your server redirects the user to.' })
    .trim()
    .min(1, { error: 'Paste the URL your server redirects the user to.' })
    .max(MAX_URL_INPUT, { error: `The URL is too long (over ${MAX_URL_INPUT} characters).` })
    .pipe(z.url({ protocol: /^https?$/, error: 'Paste a full URL starting with https://, as your server sends it in the Location header.' })),
  expectedState: z
    .string()
    .trim()
    .max(MAX_URL_INPUT, { error: 'The state is too long.' })
    .optional()
    .transform((s) => (s === '' ? undefined : s)),
});
export type ImplicitRedirectInput = z.input<typeof implicitRedirectInputSchema>;

export interface RedirectParam {
  name: string;
  where: 'query' | 'fragment';
  /** The value, masked when it is a token or a code. */
  shown: string;
}

export interface ImplicitRedirectResult {
  findings: Finding[];
  /** Host and path of the redirect, or null when the URL could not be read. */
  target: { host: string; path: string } | null;
  params: RedirectParam[];
}
