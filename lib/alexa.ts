// What Alexa itself fixes, in one place: the values every probe, check and the report compare against. Client-safe.

/** Alexa's redirect URL hosts, per region. The path is /api/skill/link/<vendorId>. */
export const ALEXA_REDIRECT_REGIONS = [
  { region: 'NA', label: 'North America', host: 'pitangui.amazon.com' },
  { region: 'EU', label: 'Europe', host: 'layla.amazon.com' },
  { region: 'FE', label: 'Far East (Japan)', host: 'alexa.amazon.co.jp' },
  { region: 'ALEXA', label: 'alexa.amazon.com (shown by newer consoles)', host: 'alexa.amazon.com' },
] as const;
export type AlexaRegion = (typeof ALEXA_REDIRECT_REGIONS)[number]['region'];

export const ALEXA_REDIRECT_HOSTS: readonly string[] = ALEXA_REDIRECT_REGIONS.map((r) => r.host);

/** How Alexa can send the client ID and secret to the access token URI, as the console and SMAPI name them. */
export const CLIENT_AUTH_SCHEMES = ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const;
export type ClientAuthScheme = (typeof CLIENT_AUTH_SCHEMES)[number];

export const CLIENT_AUTH_SCHEME_LABELS: Record<ClientAuthScheme, string> = {
  HTTP_BASIC: 'HTTP Basic',
  REQUEST_BODY_CREDENTIALS: 'Credentials in request body',
};

/** The kinds of skill, as SMAPI names them: which grant types and scopes a skill may use depends on its kind. */
export const SKILL_TYPES = ['custom', 'smartHome', 'video', 'music', 'other'] as const;
export type SkillType = (typeof SKILL_TYPES)[number];

export const SKILL_TYPE_LABELS: Record<SkillType, string> = {
  custom: 'Custom',
  smartHome: 'Smart home',
  video: 'Video',
  music: 'Music',
  other: 'Other',
};

/** A skill's ID: `amzn1.ask.skill.<uuid>`. */
export const SKILL_ID_PATTERN = /^amzn1\.ask\.skill\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long Alexa waits for the access token URI's answer. */
export const ALEXA_TOKEN_DEADLINE_MS = 4500;
/** The shortest access-token lifetime Alexa accepts, in seconds. */
export const ALEXA_MIN_EXPIRES_IN = 360;
/** The most entries Amazon accepts in an account linking configuration's Domain List, and the most scopes. */
export const ALEXA_MAX_DOMAINS = 15;
export const ALEXA_MAX_SCOPES = 15;

/**
 * The parts of a linking setup, most often at fault first: /check lists what Alexa would reject in this order, and
 * triage ranks findings by it.
 */
export const LIKELIHOOD = ['token', 'config', 'login-page', 'provider', 'app-links'] as const;
export type LikelihoodStep = (typeof LIKELIHOOD)[number];
