// The support report: one zod schema for the /report form, the JSON export, the share-link decoder and the /triage
// importer. Client-safe (zod only). Documented in lib/report/README.md; bump REPORT_SCHEMA_VERSION on any change
// that an older reader would misread.
import { z } from '@/lib/zod';
import { ALEXA_REDIRECT_REGIONS, CLIENT_AUTH_SCHEMES, SKILL_ID_PATTERN, SKILL_TYPES, type AlexaRegion } from '@/lib/alexa';
import { LINK_STEPS } from '@/lib/flows/link/input';
import { ACCOUNT_LINKING_TYPES } from '@/lib/config-check/smapi-config';
import { findingSchema, NODE_ID_PATTERN } from '@/lib/probes/findings';
import { parseUrl } from '@/lib/probes/urls';

export const REPORT_SCHEMA_VERSION = 1;

export const REGIONS = ['NA', 'EU', 'FE'] as const;
export type Region = (typeof REGIONS)[number];
export const REGION_LABELS: Record<Region, string> = {
  NA: 'NA (North America)',
  EU: 'EU (Europe)',
  FE: 'FE (Far East: Japan and more)',
};

export const PLATFORMS = ['android', 'ios', 'web', 'echo'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_LABELS: Record<Platform, string> = {
  android: 'Android (Alexa app)',
  ios: 'iOS (Alexa app)',
  web: 'Web browser',
  echo: 'Echo device',
};

export const GRANT_TYPE_LABELS: Record<(typeof ACCOUNT_LINKING_TYPES)[number], string> = {
  AUTH_CODE: 'Auth code grant',
  IMPLICIT: 'Implicit grant',
};

const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

export const MAX_DOMAINS_IN_REPORT = 100;
export const MAX_EVIDENCE_IN_REPORT = 50;
export const MAX_FINDINGS_PER_EVIDENCE = 200;
export const MAX_PATH_STEPS = 200;

const ALEXA_REGIONS = ALEXA_REDIRECT_REGIONS.map((r) => r.region) as [AlexaRegion, ...AlexaRegion[]];

/** Free text: trimmed, empty becomes absent, so the JSON leaves out what the user did not give. */
const optionalText = (max: number, what: string) =>
  z
    .string({ error: `The ${what} must be text.` })
    .max(max, { error: `The ${what} is too long (at most ${max} characters).` })
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));

const singleLine = (max: number, what: string) =>
  optionalText(max, what).refine((v) => v === undefined || !/[\r\n]/.test(v), { error: `The ${what} must be on one line.` });

function isWebUrl(value: string): boolean {
  const protocol = parseUrl(value)?.protocol;
  return protocol === 'https:' || protocol === 'http:';
}

const webUrl = (what: string) =>
  singleLine(2048, what).refine((v) => v === undefined || isWebUrl(v), {
    error: `The ${what} must be a full web address starting with https:// (or http://).`,
  });

/** One choice of a select or radio group; '' or null (nothing chosen) becomes absent. */
const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.enum(values, { error: message }), z.literal(''), z.null()], { error: message })
    .optional()
    .transform((v) => (v ? v : undefined));

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]00:?00| ?UTC)?$/i;

/** Reads `YYYY-MM-DDTHH:MM` (what a datetime-local input gives), with optional seconds and a UTC marker. */
export function parseUtcInput(value: string): Date | null {
  const m = UTC_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: refuse what does not round-trip.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  if (year < 2014 || year > 2100) return null;
  return date;
}

/** The same value as a datetime-local input shows it: `YYYY-MM-DDTHH:MM`, in UTC. */
export function toUtcInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

const failedAtSchema = optionalText(40, 'date and time').transform((v, ctx) => {
  if (v === undefined) return undefined;
  const date = parseUtcInput(v);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'Enter the date and time in UTC as YYYY-MM-DD HH:MM, for example 2026-11-24 14:05.' });
    return z.NEVER;
  }
  return date.toISOString();
});

const isoTimestamp = (what: string) => z.iso.datetime({ error: `The ${what} must be an ISO 8601 time in UTC, such as 2026-11-24T14:05:00.000Z.` });

/** The Domain List: typed one per line in the form, an array in the JSON. */
const domainsSchema = z
  .union([z.string().max(16 * 1024, { error: 'The Domain List is too long.' }), z.array(z.string().max(253, { error: 'A domain in the Domain List is longer than 253 characters.' }))], {
    error: 'The Domain List must be a list of domains.',
  })
  .optional()
  .transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : (v ?? [])).map((d) => d.trim()).filter(Boolean))
  .refine((list) => list.length <= MAX_DOMAINS_IN_REPORT, { error: `The Domain List has more than ${MAX_DOMAINS_IN_REPORT} entries.` })
  .refine((list) => list.every((d) => d.length <= 253 && !/\s/.test(d)), { error: 'A domain in the Domain List is longer than 253 characters.' });

/** App-to-app linking: a yes/no radio in the form, a boolean in the JSON. */
const yesNoSchema = z
  .union([z.boolean(), z.enum(['yes', 'no']), z.literal(''), z.null()], { error: 'Answer yes or no for app-to-app account linking.' })
  .optional()
  .transform((v) => (v === true || v === 'yes' ? true : v === false || v === 'no' ? false : undefined));

export const reportConfigurationSchema = z.strictObject(
  {
    /** Amazon's list: Authorization URL, Domain List, account linking type. */
    authorizationUrl: webUrl('authorization URL'),
    domains: domainsSchema,
    grantType: optionalChoice(ACCOUNT_LINKING_TYPES, 'Choose the account linking type: Auth code grant or Implicit grant.'),
    /** Not on Amazon's list, but they speed up triage. */
    accessTokenUrl: webUrl('access token URI'),
    clientId: singleLine(1024, 'client ID'),
    clientAuthScheme: optionalChoice(CLIENT_AUTH_SCHEMES, 'Choose the client authentication scheme: HTTP Basic or credentials in the request body.'),
    skillType: optionalChoice(SKILL_TYPES, 'Choose the skill type: custom, smart home, video, music or other.'),
    appToApp: yesNoSchema,
  },
  { error: 'The configuration must be an object with the account linking fields.' },
);

/** A finding as a result carries it; Link as Alexa's also say at which step of the linking and in which region. */
const evidenceFindingSchema = findingSchema.extend({
  step: z.enum(LINK_STEPS, { error: 'A finding’s step must be one of the steps of Link as Alexa.' }).optional(),
  region: z.enum(ALEXA_REGIONS, { error: 'A finding’s region must be NA, EU, FE or ALEXA.' }).optional(),
});

const evidenceSchema = z.object(
  {
    title: z.string({ error: 'Each probe result needs a title.' }).min(1).max(300),
    /** What ran (a probe's id, a step of /check, `link`) and on what (a URL without its query, a domain): a newer run of the same pair replaces the older one. */
    probe: z.string().max(40).optional(),
    target: z.string().max(300).optional(),
    at: isoTimestamp('time a probe ran'),
    elapsedMs: z.number().nonnegative().max(3_600_000).optional(),
    findings: z.array(evidenceFindingSchema).max(MAX_FINDINGS_PER_EVIDENCE, { error: `A probe result has more than ${MAX_FINDINGS_PER_EVIDENCE} findings.` }),
  },
  { error: 'Each probe result must be an object with title, at and findings.' },
);

const walkStepSchema = z.object(
  {
    id: z.string().regex(NODE_ID_PATTERN, { error: 'A step of the path has an id that is not a valid step id.' }),
    title: z.string().max(300),
    answer: z.string().max(300).optional(),
  },
  { error: 'Each step of the path must be an object with id and title.' },
);

export const reportSchema = z.strictObject(
  {
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION, { error: `schemaVersion must be ${REPORT_SCHEMA_VERSION}.` }),
    /** When the report was prepared (ISO 8601, UTC). */
    createdAt: isoTimestamp('time the report was prepared'),
    skillId: singleLine(100, 'skill ID').refine((v) => v === undefined || SKILL_ID_PATTERN.test(v), {
      error: 'The skill ID looks like amzn1.ask.skill.<uuid>, for example amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1. Copy it from the developer console.',
    }),
    /** The test account for the login page. The password is never part of a report. */
    testAccount: z
      .strictObject({ username: singleLine(320, 'test account user name') }, { error: 'testAccount must be an object with the user name.' })
      .optional()
      .transform((v): { username?: string } => v ?? {}),
    customerId: singleLine(64, 'customer ID').refine((v) => v === undefined || CUSTOMER_ID_PATTERN.test(v), {
      error: 'The customer ID is one word of letters and digits, as developer.amazon.com/mycid.html shows it.',
    }),
    /** The failed attempt, ISO 8601 in UTC. */
    failedAt: failedAtSchema,
    regions: z
      .array(z.enum(REGIONS, { error: 'Regions are NA, EU or FE; type any other in “Other regions”.' }), { error: 'The regions must be a list.' })
      .max(REGIONS.length)
      .optional()
      .transform((v) => [...new Set(v ?? [])]),
    otherRegions: singleLine(200, 'other regions'),
    platform: optionalChoice(PLATFORMS, 'Choose the platform: Android, iOS, web browser or Echo device.'),
    alexaAppVersion: singleLine(60, 'Alexa app version'),
    description: optionalText(4000, 'description'),
    screenshotUrl: webUrl('screenshot link'),
    configuration: reportConfigurationSchema.optional().transform((v) => v ?? reportConfigurationSchema.parse({})),
    /** The way through the guide, first step first. */
    path: z.array(walkStepSchema).max(MAX_PATH_STEPS, { error: `The path has more than ${MAX_PATH_STEPS} steps.` }).default([]),
    /** Probe and check results, newest first, already redacted. */
    evidence: z.array(evidenceSchema).max(MAX_EVIDENCE_IN_REPORT, { error: `The report has more than ${MAX_EVIDENCE_IN_REPORT} probe results.` }).default([]),
  },
  { error: 'A report must be a JSON object.' },
);

/** What the form and the JSON give (strings from inputs, or the JSON's own types). */
export type ReportInput = z.input<typeof reportSchema>;
/** A valid report, as exported. */
export type SupportReport = z.output<typeof reportSchema>;
export type ReportConfiguration = SupportReport['configuration'];
/** What a probe or check found, kept for the support report: what ran, when (ISO 8601, UTC), how long, and its findings (already redacted). */
export type Evidence = SupportReport['evidence'][number];
/** One step of the user's walk through the tree: its title and the answer that led to it. Nothing secret. */
export type WalkStep = SupportReport['path'][number];
/**
 * The account linking configuration a check saw, carried into the report: what Amazon asks for plus what speeds up
 * triage. Nothing secret (no client secret, code or token). `carriedConfigFrom` in ./form builds it from a parsed
 * SMAPI configuration.
 */
export type CarriedConfig = Partial<ReportConfiguration>;

const FIELD_NAMES: Record<string, string> = {
  schemaVersion: 'Schema version',
  createdAt: 'Prepared at',
  skillId: 'Skill ID',
  testAccount: 'Test account',
  username: 'user name',
  customerId: 'Customer ID',
  failedAt: 'Date and time of the failed attempt',
  regions: 'Regions',
  otherRegions: 'Other regions',
  platform: 'Platform',
  alexaAppVersion: 'Alexa app version',
  description: 'Description',
  screenshotUrl: 'Screenshot link',
  configuration: 'Configuration',
  authorizationUrl: 'authorization URL',
  domains: 'Domain List',
  grantType: 'account linking type',
  accessTokenUrl: 'access token URI',
  clientId: 'client ID',
  clientAuthScheme: 'client authentication scheme',
  skillType: 'skill type',
  appToApp: 'app-to-app linking',
  path: 'Path',
  evidence: 'Probe results',
  findings: 'finding',
};

function where(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === 'number') {
      const last = parts.pop() ?? '';
      parts.push(`${last} ${key + 1}`.trim());
    } else parts.push(FIELD_NAMES[String(key)] ?? String(key));
  }
  return parts.join(', ');
}

/** One plain sentence per problem, naming the field, for people reading a refused report. */
export function describeReportIssues(error: z.ZodError): string[] {
  const messages = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      if (keys.some((k) => /pass(word)?|secret|token/i.test(k))) {
        return `${where(issue.path) || 'The report'} has a field named ${keys.map((k) => `“${k}”`).join(', ')}. A Link Doctor report never carries a password, secret or token: this one was edited or made by something else.`;
      }
      return `${where(issue.path) || 'The report'} has ${keys.length > 1 ? 'fields' : 'a field'} that schema version ${REPORT_SCHEMA_VERSION} does not have: ${keys.map((k) => `“${k}”`).join(', ')}. It was edited by hand or made by a newer Link Doctor.`;
    }
    const place = where(issue.path);
    return place ? `${place}: ${issue.message}` : issue.message;
  });
  return [...new Set(messages)].slice(0, 20);
}

export type ReportParseResult = { ok: true; report: SupportReport } | { ok: false; problems: string[] };

/** Validates a report from anywhere (JSON export, share link, paste). Checks the version first, so a report from another version gets one clear sentence. */
export function parseReport(value: unknown): ReportParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problems: ['This is not a Link Doctor report: a report is a JSON object with schemaVersion, skillId and the other fields.'] };
  }
  const version = (value as Record<string, unknown>).schemaVersion;
  if (version === undefined) {
    return { ok: false, problems: ['This is not a Link Doctor report: it has no schemaVersion. Paste the JSON export of the support report.'] };
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    return {
      ok: false,
      problems: [
        `This report uses schema version ${JSON.stringify(version).slice(0, 20)}, but this Link Doctor reads version ${REPORT_SCHEMA_VERSION}. Open it with the Link Doctor that made it, or ask for a new export.`,
      ],
    };
  }
  const parsed = reportSchema.safeParse(value);
  return parsed.success ? { ok: true, report: parsed.data } : { ok: false, problems: describeReportIssues(parsed.error) };
}
