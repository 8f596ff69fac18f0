// The /report form's values: the report schema's own input (strings as inputs give them), prefilled from the
// diagnosis store. The test account password is deliberately not a form value: it lives only in the component.
import { type SkillType } from '@/lib/alexa';
import { type AccountLinkingConfig } from '@/lib/config-check/smapi-config';
import { REPORT_SCHEMA_VERSION, toUtcInput, type CarriedConfig, type Evidence, type ReportInput, type WalkStep } from './schema';

/** The fields the user types, kept as a draft in session storage (redacted, no password). */
export const DRAFT_FIELDS = [
  'skillId',
  'testAccount',
  'customerId',
  'failedAt',
  'regions',
  'otherRegions',
  'platform',
  'alexaAppVersion',
  'description',
  'screenshotUrl',
  'configuration',
] as const satisfies ReadonlyArray<keyof ReportInput>;

export type ReportDraft = Pick<ReportInput, (typeof DRAFT_FIELDS)[number]>;

/** Form values: every typed field as an input gives it (strings, '' when empty). */
export interface ReportFormValues extends ReportInput {
  skillId: string;
  testAccount: { username: string };
  customerId: string;
  failedAt: string;
  regions: NonNullable<ReportInput['regions']>;
  otherRegions: string;
  platform: NonNullable<ReportInput['platform']>;
  alexaAppVersion: string;
  description: string;
  screenshotUrl: string;
  configuration: {
    authorizationUrl: string;
    domains: string;
    grantType: NonNullable<NonNullable<ReportInput['configuration']>['grantType']>;
    accessTokenUrl: string;
    clientId: string;
    clientAuthScheme: NonNullable<NonNullable<ReportInput['configuration']>['clientAuthScheme']>;
    skillType: NonNullable<NonNullable<ReportInput['configuration']>['skillType']>;
    appToApp: '' | 'yes' | 'no';
  };
}

type ConfigValues = ReportFormValues['configuration'];

function configValues(config: CarriedConfig | null | undefined): ConfigValues {
  return {
    authorizationUrl: config?.authorizationUrl ?? '',
    domains: (config?.domains ?? []).join('\n'),
    grantType: config?.grantType ?? '',
    accessTokenUrl: config?.accessTokenUrl ?? '',
    clientId: config?.clientId ?? '',
    clientAuthScheme: config?.clientAuthScheme ?? '',
    skillType: config?.skillType ?? '',
    appToApp: config?.appToApp === undefined ? '' : config.appToApp ? 'yes' : 'no',
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The draft's configuration as form values, whatever shape the draft kept (strings, or the JSON's types). */
function draftConfig(draft: ReportDraft['configuration']): Partial<ConfigValues> {
  if (!draft) return {};
  const out: Partial<ConfigValues> = {};
  for (const key of ['authorizationUrl', 'accessTokenUrl', 'clientId'] as const) if (typeof draft[key] === 'string') out[key] = draft[key];
  if (typeof draft.domains === 'string') out.domains = draft.domains;
  else if (Array.isArray(draft.domains)) out.domains = draft.domains.join('\n');
  if (typeof draft.grantType === 'string') out.grantType = draft.grantType;
  if (typeof draft.clientAuthScheme === 'string') out.clientAuthScheme = draft.clientAuthScheme;
  if (typeof draft.skillType === 'string') out.skillType = draft.skillType;
  if (draft.appToApp === 'yes' || draft.appToApp === 'no' || draft.appToApp === '') out.appToApp = draft.appToApp;
  return out;
}

/** The guide's step that asks for the grant type; the answer chosen there names it. */
const GRANT_TYPE_STEP = 'grant-type';

/** What the walk already answered that the report asks for: the grant type chosen on the guide's grant-type step. */
export function configFromWalk(path: readonly WalkStep[]): CarriedConfig {
  const out: CarriedConfig = {};
  path.forEach((step, i) => {
    if (path[i - 1]?.id !== GRANT_TYPE_STEP || !step.answer) return;
    if (/implicit/i.test(step.answer)) out.grantType = 'IMPLICIT';
    else if (/auth(?:orization)? code/i.test(step.answer)) out.grantType = 'AUTH_CODE';
  });
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The form's starting values: the draft the user typed earlier in this session wins; the configuration carried from
 * /check (or the rehearsal) fills what the draft leaves empty, then the answers of the walk (the grant type); the
 * failed attempt defaults to now.
 */
export function formDefaults({
  draft,
  config,
  path,
  evidence,
  now,
}: {
  draft: ReportDraft | null;
  config: CarriedConfig | null;
  path: readonly WalkStep[];
  evidence: readonly Evidence[];
  now: Date;
}): ReportFormValues {
  // What a check read from the console wins over what the walk answered.
  const carried = configValues({ ...configFromWalk(path), ...definedOnly(config ?? {}) });
  const typed = draftConfig(draft?.configuration);
  const merged = Object.fromEntries(
    Object.entries(carried).map(([key, value]) => [key, typed[key as keyof ConfigValues] || value]),
  ) as ConfigValues;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    skillId: text(draft?.skillId),
    testAccount: { username: text(draft?.testAccount?.username) },
    customerId: text(draft?.customerId),
    failedAt: text(draft?.failedAt) || toUtcInput(now),
    regions: Array.isArray(draft?.regions) ? draft.regions : [],
    otherRegions: text(draft?.otherRegions),
    platform: typeof draft?.platform === 'string' ? draft.platform : '',
    alexaAppVersion: text(draft?.alexaAppVersion),
    description: text(draft?.description),
    screenshotUrl: text(draft?.screenshotUrl),
    configuration: merged,
    path: path.map((step) => ({ ...step })),
    evidence: evidence.map((item) => ({ ...item, findings: item.findings.map((f) => ({ ...f })) })),
  };
}

/** The typed fields of the form values, for the session draft. */
export function draftOf(values: Partial<ReportInput>): ReportDraft {
  return Object.fromEntries(DRAFT_FIELDS.filter((key) => values[key] !== undefined).map((key) => [key, values[key]])) as ReportDraft;
}

/** What /check (or anything holding a parsed SMAPI configuration) records for the report: no secrets. */
export function carriedConfigFrom(config: AccountLinkingConfig, skillType?: SkillType): CarriedConfig {
  const out: CarriedConfig = { domains: config.domains };
  if (config.type) out.grantType = config.type;
  if (config.authorizationUrl) out.authorizationUrl = config.authorizationUrl;
  if (config.accessTokenUrl) out.accessTokenUrl = config.accessTokenUrl;
  if (config.clientId) out.clientId = config.clientId;
  if (config.accessTokenScheme) out.clientAuthScheme = config.accessTokenScheme;
  if (skillType) out.skillType = skillType;
  // Redirect URLs exist only for app-to-app linking; their absence does not prove it is off.
  if (config.redirectUrls.length > 0) out.appToApp = true;
  return out;
}
