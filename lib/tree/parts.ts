import { type Part } from './schema';

export const PART_LABELS: Record<Part, string> = {
  general: 'Linking from the Alexa app',
  'from-your-app': 'App-to-app linking, starting from your app',
  'from-alexa-app': 'App-to-app linking, starting from the Alexa app',
  'child-directed': 'Child-directed skills',
};

export const PROBE_LABELS = {
  token: 'Access token URI probe',
  'login-page': 'Login page and Domain List probe',
  'implicit-redirect': 'Implicit grant redirect check',
  'app-links': 'App Links and Universal Links check',
  'enablement-request': 'Skill Enablement API request check',
  'accept-grant': 'AcceptGrant response check',
  'provider-quirks': 'OAuth provider rules check',
} as const;
