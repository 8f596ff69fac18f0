// Input and result of the Skill Enablement API request check. Client-safe: zod and types only.
import { z } from '@/lib/zod';
import { type Finding } from '@/lib/probes/findings';
import { MAX_TEXT_INPUT } from '@/lib/probes/input-fields';

const optionalStatus = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce
    .number({ error: 'Enter the HTTP status as a number, such as 400.' })
    .int({ error: 'Enter the HTTP status as a whole number, such as 400.' })
    .min(100, { error: 'An HTTP status is between 100 and 599.' })
    .max(599, { error: 'An HTTP status is between 100 and 599.' })
    .optional(),
);

export const enablementRequestInputSchema = z.object({
  request: z
    .string({ error: 'Paste the request: a curl command or the raw HTTP request.' })
    .min(1, { error: 'Paste the request: a curl command or the raw HTTP request.' })
    .max(MAX_TEXT_INPUT, { error: `The request is too long (over ${MAX_TEXT_INPUT} characters).` }),
  observedStatus: optionalStatus,
  observedMessage: z.string().max(4096, { error: 'The error message is too long (over 4096 characters).' }).optional(),
});
export type EnablementRequestInput = z.input<typeof enablementRequestInputSchema>;

/** The pasted request as the checks read it, with every secret masked. */
export interface MaskedRequest {
  format: 'curl' | 'http';
  method: string;
  url: string | null;
  headers: Array<[string, string]>;
  body: string | null;
}

export interface EnablementRequestResult {
  findings: Finding[];
  request: MaskedRequest | null;
}
