// TEST ONLY: a filled-in form and the evidence /check carries, for the report's unit tests.
import { type Evidence, type WalkStep } from './schema';
import { formDefaults, type ReportFormValues } from './form';
import { reportSchema, type SupportReport } from './schema';

export const NOW = new Date('2026-11-24T14:05:30.000Z');

export const PATH: WalkStep[] = [
  { id: 'start', title: 'Where does linking fail?' },
  { id: 'contact-amazon', title: 'Contact Amazon: open a case with everything they need', answer: 'Both are fine' },
];

export const EVIDENCE: Evidence[] = [
  {
    title: 'Configuration check: Known OAuth provider rules',
    at: '2026-11-24T14:00:00.000Z',
    findings: [{ id: 'provider.detected', status: 'warn', title: 'Provider detected', detail: 'Looks like Cognito.', fix: 'Read its quirks.', node: 'tip-client-auth' }],
  },
  {
    title: 'Configuration check: The configuration itself',
    at: '2026-11-24T14:00:00.000Z',
    findings: [
      { id: 'config.token-expiration', status: 'fail', title: 'Tokens expire too soon', detail: 'defaultTokenExpirationInSeconds is 300.', fix: 'Set at least 360.', node: 'token-lifetime-too-short' },
      { id: 'config.type', status: 'pass', title: 'Grant type set', detail: 'AUTH_CODE.', fix: '', node: 'grant-type' },
    ],
  },
  {
    title: 'Configuration check: Access token URI',
    at: '2026-11-24T14:00:00.000Z',
    elapsedMs: 120,
    findings: [
      { id: 'token.expires-in', status: 'fail', title: 'expires_in is below 360 seconds', detail: 'The response has "expires_in": 120 and no refresh_token: Alexa needs one.', fix: 'Issue tokens valid for at least 6 minutes.', node: 'token-lifetime-too-short' },
    ],
  },
];

/** What a user typing every field of the form gives. */
export function filledForm(overrides: Partial<ReportFormValues> = {}): ReportFormValues {
  const base = formDefaults({ draft: null, config: null, path: PATH, evidence: EVIDENCE, now: NOW });
  return {
    ...base,
    skillId: 'amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1',
    testAccount: { username: 'tester@example.com' },
    customerId: 'A1B2C3D4E5F6G7',
    failedAt: '2026-11-24T13:58',
    regions: ['NA', 'EU'],
    otherRegions: '',
    platform: 'android',
    alexaAppVersion: '2.2.612345.0',
    description: "After sign-in the page says 'unable to link'.",
    screenshotUrl: 'https://example.com/shot.png',
    configuration: {
      authorizationUrl: 'https://auth.example.com/authorize',
      domains: 'cdn.example.com\nfonts.example.net',
      grantType: 'AUTH_CODE',
      accessTokenUrl: 'https://auth.example.com/oauth/token',
      clientId: 'alexa-skill',
      clientAuthScheme: 'HTTP_BASIC',
      skillType: 'custom',
      appToApp: 'no',
    },
    ...overrides,
  };
}

export function sampleReport(overrides: Partial<ReportFormValues> = {}): SupportReport {
  return reportSchema.parse(filledForm(overrides));
}
