// Input and result of the AcceptGrant response check. Client-safe: zod and types only.
import { z } from '@/lib/zod';
import { type Finding } from '@/lib/probes/findings';
import { MAX_TEXT_INPUT } from '@/lib/probes/input-fields';

export const acceptGrantInputSchema = z.object({
  response: z
    .string({ error: "Paste your skill's JSON response to AcceptGrant." })
    .trim()
    .min(1, { error: "Paste your skill's JSON response to AcceptGrant." })
    .max(MAX_TEXT_INPUT, { error: `The response is too long (over ${MAX_TEXT_INPUT} characters).` }),
});
export type AcceptGrantInput = z.input<typeof acceptGrantInputSchema>;

export interface AcceptGrantResult {
  findings: Finding[];
  /** Which documented shape the response has, if any. */
  kind: 'success' | 'error' | 'unknown';
}
