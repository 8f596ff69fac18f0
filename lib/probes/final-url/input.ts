// Input and result of the "where the user ended up" check (`/probe/final-url`): the URL of the page a user saw when
// linking ended. Client-safe: zod and types only.
import { z } from '@/lib/zod';
import { type Finding } from '@/lib/probes/findings';
import { withoutControlCharacters } from '@/lib/probes/control-characters';
import { MAX_URL_INPUT } from '@/lib/probes/input-fields';

export const finalUrlInputSchema = z.object({
  finalUrl: withoutControlCharacters(
    z
      .string({ error: 'Paste the address of the page where linking ended.' })
      .trim()
      .min(1, { error: 'Paste the address of the page where linking ended.' })
      .max(MAX_URL_INPUT, { error: `The URL is too long (over ${MAX_URL_INPUT} characters).` }),
    'final URL',
  ).pipe(z.url({ protocol: /^https?$/, error: 'Paste a full URL starting with https://, as the browser’s address bar shows it.' })),
});
export type FinalUrlInput = z.input<typeof finalUrlInputSchema>;

export const FINAL_URL_FINDING_IDS = ['final.page', 'final.error', 'final.state', 'final.code'] as const;
export type FinalUrlFindingId = (typeof FINAL_URL_FINDING_IDS)[number];

/** What kind of page the URL is. */
export type FinalPageKind = 'link-result' | 'alexa-redirect' | 'other';

export interface FinalUrlParam {
  name: string;
  where: 'query' | 'fragment';
  /** The value, masked when it is a code or a token. */
  shown: string;
}

export interface FinalUrlResult {
  findings: Finding[];
  kind: FinalPageKind;
  /** Host and path of the page. */
  page: { host: string; path: string };
  params: FinalUrlParam[];
}
