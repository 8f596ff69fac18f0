// The one list of probes: what the /probe index, the guide's steps, the tree's schema, the routes and the registry
// iterate over. Plain data, safe for client code and for the tree's schema to import.

export type ProbeKind =
  /** Calls the developer's servers: counted against the probe limits. */
  | 'network'
  /** Reads something pasted and sends nothing anywhere. */
  | 'pasted';

export interface ProbeEntry {
  id: string;
  kind: ProbeKind;
  /** Its name, as the guide's steps and the /probe index show it. */
  label: string;
  /** What it does, in one line. */
  summary: string;
}

/** In the order of the /probe index. Each one has a page at /probe/<id> and a JSON route at /api/probes/<id>. */
export const PROBES = [
  {
    id: 'token',
    kind: 'network',
    label: 'Access token URI probe',
    summary: 'Calls your access token URI exactly as Alexa does and reports what Alexa would reject.',
  },
  {
    id: 'login-page',
    kind: 'network',
    label: 'Login page and Domain List probe',
    summary: 'Loads your login page and finds every host it needs that your Domain List leaves out.',
  },
  {
    id: 'implicit-redirect',
    kind: 'pasted',
    label: 'Implicit grant redirect check',
    summary:
      'Reads the URL your login page redirects to and checks that state, access_token and token_type come back in the fragment as Alexa expects.',
  },
  {
    id: 'final-url',
    kind: 'pasted',
    label: 'Where linking ended',
    summary:
      'Reads the address of the page where linking ended (a skills-store link-result page with errorKey, or an Alexa redirect URL with error) and says what it means and which step fixes it.',
  },
  {
    id: 'app-links',
    kind: 'network',
    label: 'App Links and Universal Links check',
    summary: 'Fetches your assetlinks.json and apple-app-site-association files and checks that they open your app.',
  },
  {
    id: 'enablement-request',
    kind: 'pasted',
    label: 'Skill Enablement API request check',
    summary:
      'Reads the Skill Enablement API request your app sends, checks it against Amazon’s documentation and explains the error Amazon answered.',
  },
  {
    id: 'accept-grant',
    kind: 'pasted',
    label: 'AcceptGrant response check',
    summary: 'Checks your smart home skill’s response to the AcceptGrant directive against the documented shapes.',
  },
  {
    id: 'provider-quirks',
    kind: 'pasted',
    label: 'OAuth provider rules check',
    summary:
      'Recognises Google, GitHub, Auth0, Okta, Cognito, Facebook and Login with Amazon from your URIs and says what each needs for Alexa, such as access_type=offline for Google.',
  },
] as const satisfies readonly ProbeEntry[];

export type ProbeId = (typeof PROBES)[number]['id'];

export const PROBE_IDS = PROBES.map((probe) => probe.id) as [ProbeId, ...ProbeId[]];

/** The hidden field a probe form names its probe in, for the one server action all forms post to. */
export const PROBE_FIELD = '$probe';

export function isProbeId(id: string): id is ProbeId {
  return (PROBE_IDS as readonly string[]).includes(id);
}

export function probeEntry(id: ProbeId): (typeof PROBES)[number] {
  return PROBES.find((probe) => probe.id === id)!;
}
