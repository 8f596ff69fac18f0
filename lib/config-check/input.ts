// Input of /check: a configuration (pasted or typed) plus the secrets that are never in it. Client-safe: zod only.
import { z } from '@/lib/zod';
import { MIN_SECRET, tooShort } from '@/lib/probes/token/input';
import { MAX_CONFIG_INPUT } from './configuration';
import { CLIENT_AUTH_SCHEMES, SKILL_TYPES } from '@/lib/alexa';
import { ACCOUNT_LINKING_TYPES, parseAccountLinkingConfig } from './smapi-config';

const MAX_FIELD = 16 * 1024;
const MAX_SECRET = 4096;

const optionalText = (max: number, what: string) =>
  z
    .string()
    .max(max, { error: `The ${what} is too long.` })
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));

/** A list typed one item per line (or separated by commas or spaces). */
const typedList = (what: string) =>
  optionalText(MAX_FIELD, what).transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : undefined));

export const typedConfigSchema = z.object({
  type: z.enum(ACCOUNT_LINKING_TYPES, { error: 'Choose the authorization grant type.' }).optional(),
  authorizationUrl: optionalText(2048, 'authorization URI'),
  accessTokenUrl: optionalText(2048, 'access token URI'),
  clientId: optionalText(1024, 'client ID'),
  accessTokenScheme: z.enum(CLIENT_AUTH_SCHEMES, { error: 'Choose the client authentication scheme.' }).optional(),
  domains: typedList('Domain List'),
  scopes: typedList('scope list'),
  redirectUrls: typedList('list of redirect URLs'),
  defaultTokenExpirationInSeconds: optionalText(12, 'default token expiration').transform((v) => (v === undefined ? undefined : Number(v))),
});

// Secrets are not trimmed: spaces can be part of them.
const optionalSecret = (what: string) =>
  z
    .string()
    .max(MAX_SECRET, { error: `The ${what} is too long.` })
    .refine((v) => v === '' || v.length >= MIN_SECRET, { error: tooShort(what) })
    .optional()
    .transform((v) => (v ? v : undefined));

export const checkInputSchema = z
  .object({
    /** The output of `ask smapi get-account-linking-info`, in any of its forms. */
    config: optionalText(MAX_CONFIG_INPUT, 'configuration'),
    /** The same fields typed in, used when nothing is pasted. */
    fields: typedConfigSchema.optional(),
    skillType: z.enum(SKILL_TYPES, { error: 'Choose the skill type.' }).optional(),
    clientSecret: optionalSecret('client secret'),
    code: optionalSecret('authorization code'),
    codeRedirectUri: optionalText(2048, 'redirect URL'),
    refreshToken: optionalSecret('refresh token'),
    /** Load the login page in headless Chromium as well as reading its source. */
    browser: z.boolean().optional(),
  })
  .refine((v) => v.config !== undefined || v.fields?.authorizationUrl !== undefined, {
    error: 'Paste the configuration, or type at least the authorization URI.',
    path: ['config'],
  });

/**
 * What the form, the server action and /api/check accept: the input above (its shape and sizes set the body limit),
 * whose paste is a configuration. A paste that is not one (broken JSON, an SMAPI error) is a problem of the input,
 * not something Alexa would reject: it is said under the field, and nothing runs.
 */
export const checkRequestSchema = checkInputSchema.superRefine((v, ctx) => {
  if (v.config === undefined) return;
  const read = parseAccountLinkingConfig(v.config);
  if (!read.ok) ctx.addIssue({ code: 'custom', message: read.error.message, path: ['config'] });
});

export type CheckInput = z.output<typeof checkInputSchema>;
export type CheckFormValues = z.input<typeof checkInputSchema>;
