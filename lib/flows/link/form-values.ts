// What the /link form holds, and how it becomes the flow's input. Client-safe: zod and pure functions only, so that the
// form checks its values in the browser and the server action (no JavaScript) checks the same values again.
//
// The form takes the account linking configuration as fields, or as pasted SMAPI output read by /check's reader
// (lib/config-check/smapi-config). What the pasted configuration holds wins over the typed fields (with JavaScript,
// pasting fills the fields, so the two agree). The regions are checkboxes plus the vendor ID, from which the Alexa
// redirect URLs are built.

import { z } from '@/lib/zod';
import { ALEXA_REDIRECT_REGIONS, type AlexaRegion, type ClientAuthScheme } from '@/lib/alexa';
import { parseAccountLinkingConfig, type AccountLinkingConfig } from '@/lib/config-check/smapi-config';
import { MAX_CONFIG_INPUT } from '@/lib/config-check/configuration';
import { formText } from '@/lib/form-data';
import { alexaRedirectUrl, vendorIdSchema } from '@/lib/probes/token/input';
import { linkInputSchema, type LinkFormValues, type LinkInput } from './input';

export const ALEXA_REGIONS: readonly AlexaRegion[] = ALEXA_REDIRECT_REGIONS.map((r) => r.region);

/** The form's fields, as react-hook-form holds them and as the server action reads them from FormData. */
export interface LinkFormFields {
  /** The output of `ask smapi get-account-linking-info`, pasted. */
  config?: string;
  authorizationUri?: string;
  accessTokenUri?: string;
  clientId?: string;
  clientSecret?: string;
  scheme?: string;
  scopes?: string;
  /** The Domain List, one per line. */
  domains?: string;
  vendorId?: string;
  /** Checked regions; react-hook-form gives a checkbox group's values as an array (or false when none is checked). */
  regions?: string[] | string | false;
  testAccount?: { username?: string; password?: string };
  pkce?: boolean;
  checkRotation?: boolean;
  liveView?: boolean;
}

export const LINK_FORM_DEFAULTS: LinkFormFields = {
  config: '',
  authorizationUri: '',
  accessTokenUri: '',
  clientId: '',
  clientSecret: '',
  scheme: 'HTTP_BASIC',
  scopes: '',
  domains: '',
  vendorId: '',
  regions: ['NA'],
  testAccount: { username: '', password: '' },
  pkce: false,
  checkRotation: true,
  liveView: false,
};

const isRegion = (value: string): value is AlexaRegion => (ALEXA_REGIONS as readonly string[]).includes(value);

/** The checked regions, in the console's order, whatever shape the form gave them in. */
export function checkedRegions(regions: LinkFormFields['regions']): AlexaRegion[] {
  const list = Array.isArray(regions) ? regions : typeof regions === 'string' ? [regions] : [];
  return ALEXA_REGIONS.filter((r) => list.includes(r));
}

/** The typed fields a pasted configuration fills in; with JavaScript the form shows them as soon as they are read. */
export function fieldsFromConfig(config: AccountLinkingConfig): Partial<LinkFormFields> {
  const out: Partial<LinkFormFields> = {};
  if (config.authorizationUrl) out.authorizationUri = config.authorizationUrl;
  if (config.accessTokenUrl) out.accessTokenUri = config.accessTokenUrl;
  if (config.clientId) out.clientId = config.clientId;
  if (config.accessTokenScheme) out.scheme = config.accessTokenScheme;
  if (config.scopes.length > 0) out.scopes = config.scopes.join(' ');
  if (config.domains.length > 0) out.domains = config.domains.join('\n');
  return out;
}

type ConfigReading = { ok: true; fields: Partial<LinkFormFields> } | { ok: false; message: string };

/** Reads a pasted configuration with /check's reader; refuses one that Link as Alexa cannot rehearse. */
export function readPastedConfig(text: string): ConfigReading {
  if (text.length > MAX_CONFIG_INPUT) return { ok: false, message: `The configuration is too long (over ${MAX_CONFIG_INPUT} characters).` };
  const parsed = parseAccountLinkingConfig(text);
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  if (parsed.config.type === 'IMPLICIT') {
    return { ok: false, message: 'This configuration uses the implicit grant: there is no code to exchange. Link as Alexa rehearses the authorization code grant; check the implicit redirect instead (/probe/implicit-redirect).' };
  }
  return { ok: true, fields: fieldsFromConfig(parsed.config) };
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/**
 * The form's fields, checked and turned into the flow's input: the pasted configuration read and merged, the redirect
 * URLs built from the vendor ID and the regions, then linkInputSchema. Every problem is reported at once, under the
 * form's field names (the redirect URLs' under `redirectUri`), so the form shows each beside its field.
 */
export const linkFormSchema = z
  .custom<LinkFormFields>((v) => typeof v === 'object' && v !== null, { error: 'The form sent nothing.' })
  .transform((fields, ctx): LinkInput => {
    const problem = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    let merged: LinkFormFields = fields;
    const pasted = blankToUndefined(fields.config);
    if (pasted !== undefined) {
      const reading = readPastedConfig(pasted);
      if (reading.ok) merged = { ...fields, ...reading.fields };
      else problem(['config'], reading.message);
    }
    const regions = checkedRegions(fields.regions);
    const vendorId = vendorIdSchema.safeParse(fields.vendorId ?? '');
    if (!vendorId.success) problem(['vendorId'], fields.vendorId?.trim() ? (vendorId.error.issues[0]?.message ?? 'Enter your vendor ID.') : 'Enter your vendor ID.');
    if (regions.length === 0) problem(['redirectUri'], 'Choose at least one region to rehearse.');
    const values: LinkFormValues = {
      authorizationUri: merged.authorizationUri ?? '',
      accessTokenUri: merged.accessTokenUri ?? '',
      clientId: merged.clientId ?? '',
      clientSecret: merged.clientSecret ?? '',
      // linkInputSchema refuses anything but the two schemes, with its own message.
      scheme: merged.scheme as ClientAuthScheme,
      scopes: blankToUndefined(merged.scopes),
      // Without a usable vendor ID or region, a stand-in keeps the other fields' checks going without a second message.
      redirectUri: vendorId.success && regions.length > 0 ? regions.map((region) => alexaRedirectUrl(region, vendorId.data)) : [alexaRedirectUrl('NA', 'M2AAAAAAAAAAAA')],
      testAccount: { username: fields.testAccount?.username ?? '', password: fields.testAccount?.password ?? '' },
      domains: blankToUndefined(merged.domains),
      pkce: fields.pkce === true,
      checkRotation: fields.checkRotation === true,
      liveView: fields.liveView === true,
    };
    const parsed = linkInputSchema.safeParse(values);
    if (!parsed.success) for (const issue of parsed.error.issues) problem(issue.path.map(String), issue.message);
    return parsed.success ? parsed.data : z.NEVER;
  });

/** The fields of a posted form (no JavaScript): a checkbox is on when it is sent at all. */
export function linkFieldsFromFormData(form: FormData): LinkFormFields {
  return {
    config: formText(form, 'config'),
    authorizationUri: formText(form, 'authorizationUri'),
    accessTokenUri: formText(form, 'accessTokenUri'),
    clientId: formText(form, 'clientId'),
    clientSecret: formText(form, 'clientSecret'),
    scheme: formText(form, 'scheme'),
    scopes: formText(form, 'scopes'),
    domains: formText(form, 'domains'),
    vendorId: formText(form, 'vendorId'),
    regions: form.getAll('regions').filter((v): v is string => typeof v === 'string' && isRegion(v)),
    testAccount: { username: formText(form, 'testAccount.username'), password: formText(form, 'testAccount.password') },
    pkce: form.get('pkce') !== null,
    checkRotation: form.get('checkRotation') !== null,
    liveView: form.get('liveView') !== null,
  };
}
