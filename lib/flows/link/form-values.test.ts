import { expect, test } from '@playwright/test';
import { parseReport, REPORT_SCHEMA_VERSION } from '@/lib/report/schema';
import { renderText } from '@/lib/report/render';
import { failingFindings } from '@/lib/report/triage';
import { linkEvidence } from './evidence';
import { linkFieldsFromFormData, linkFormSchema, type LinkFormFields } from './form-values';
import { type LinkFinding, type LinkResult } from './input';

const TYPED: LinkFormFields = {
  authorizationUri: 'https://auth.example.com/authorize',
  accessTokenUri: 'https://auth.example.com/token',
  clientId: 'alexa-skill',
  clientSecret: 'client-secret-value',
  scheme: 'HTTP_BASIC',
  scopes: 'profile email',
  domains: 'cdn.example.com\nfonts.example.net',
  vendorId: 'M2AAAAAAAAAAAA',
  regions: ['NA', 'FE'],
  testAccount: { username: 'tester@example.com', password: 'test-password' },
  pkce: true,
  checkRotation: false,
};

const issuesOf = (fields: LinkFormFields) => {
  const parsed = linkFormSchema.safeParse(fields);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

test.describe('the Link as Alexa form values', () => {
  test('typed fields become the flow input, with one Alexa redirect URL per checked region', () => {
    const parsed = linkFormSchema.parse(TYPED);
    expect(parsed.redirectUri).toEqual(['https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA', 'https://alexa.amazon.co.jp/api/skill/link/M2AAAAAAAAAAAA']);
    expect(parsed.scopes).toEqual(['profile', 'email']);
    expect(parsed.domains).toEqual(['cdn.example.com', 'fonts.example.net']);
    expect(parsed).toMatchObject({ pkce: true, checkRotation: false, liveView: false, testAccount: { username: 'tester@example.com', password: 'test-password' } });
  });

  test('a pasted SMAPI configuration (the full response) fills what it holds, and wins over the typed fields', () => {
    const config = JSON.stringify({
      statusCode: 200,
      headers: [],
      body: {
        accountLinkingResponse: {
          type: 'AUTH_CODE',
          authorizationUrl: 'https://login.example.org/oauth2/authorize',
          accessTokenUrl: 'https://login.example.org/oauth2/token',
          clientId: 'from-smapi',
          accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
          scopes: ['openid'],
          domains: ['static.example.org'],
        },
      },
    });
    const parsed = linkFormSchema.parse({ ...TYPED, config });
    expect(parsed).toMatchObject({
      authorizationUri: 'https://login.example.org/oauth2/authorize',
      accessTokenUri: 'https://login.example.org/oauth2/token',
      clientId: 'from-smapi',
      scheme: 'REQUEST_BODY_CREDENTIALS',
      scopes: ['openid'],
      domains: ['static.example.org'],
      // Never in a configuration: always typed.
      clientSecret: 'client-secret-value',
    });
  });

  test('what cannot be rehearsed is said beside the field it comes from', () => {
    expect(issuesOf({ ...TYPED, config: '{ not json' })).toContainEqual(expect.objectContaining({ path: 'config' }));
    expect(issuesOf({ ...TYPED, config: JSON.stringify({ type: 'IMPLICIT', authorizationUrl: 'https://a.example.com/' }) })).toContainEqual({
      path: 'config',
      message: expect.stringContaining('implicit grant'),
    });
    expect(issuesOf({ ...TYPED, regions: false })).toContainEqual({ path: 'redirectUri', message: 'Choose at least one region to rehearse.' });
    expect(issuesOf({ ...TYPED, vendorId: 'not a vendor/id' })).toContainEqual(expect.objectContaining({ path: 'vendorId' }));
    expect(issuesOf({ ...TYPED, testAccount: { username: 'tester', password: '' } })).toContainEqual({ path: 'testAccount.password', message: 'Enter the test account’s password.' });
    expect(issuesOf({ ...TYPED, authorizationUri: 'auth.example.com/authorize' })).toContainEqual(expect.objectContaining({ path: 'authorizationUri' }));
  });

  test('a posted form (no JavaScript) reads the same: checkboxes are on when sent, regions as a list', () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...TYPED, regions: undefined, testAccount: undefined, pkce: undefined, checkRotation: undefined })) {
      if (typeof value === 'string') form.set(name, value);
    }
    form.append('regions', 'EU');
    form.append('regions', 'NOWHERE');
    form.set('testAccount.username', 'tester@example.com');
    form.set('testAccount.password', 'test-password');
    form.set('checkRotation', 'on');
    const fields = linkFieldsFromFormData(form);
    expect(fields).toMatchObject({ regions: ['EU'], pkce: false, checkRotation: true, liveView: false });
    expect(linkFormSchema.parse(fields).redirectUri).toEqual(['https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA']);
  });
});

const finding = (id: string, status: LinkFinding['status'], step: LinkFinding['step'], region: LinkFinding['region']): LinkFinding => ({
  id,
  status,
  title: `${id} in ${region}`,
  detail: 'HTTP/1.1 400 Bad Request {"error":"invalid_grant"}',
  fix: 'Accept the redirect_uri Alexa sends.',
  node: 'token-server-error',
  step,
  region,
});

test.describe('a rehearsal as report evidence', () => {
  const result: LinkResult = {
    type: 'result',
    linked: false,
    steps: [],
    privateMode: false,
    regions: [
      { region: 'NA', redirectUri: 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA', linked: true },
      { region: 'EU', redirectUri: 'https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA', linked: false, firstFailure: { step: 'exchange', findingId: 'token.status' } },
    ],
    findings: [finding('token.status', 'pass', 'exchange', 'NA'), finding('token.status', 'fail', 'exchange', 'EU'), finding('link.redirect-error', 'fail', 'redirect', 'FE')],
  };

  test('says the verdict per region, and its findings keep their step and region through the report schema', () => {
    const evidence = linkEvidence(result, '2026-11-30T20:00:00.000Z');
    expect(evidence.title).toBe('Link as Alexa: linked in North America (pitangui.amazon.com); not linked in Europe (layla.amazon.com), fails at “Your token URI: code for tokens”');
    const parsed = parseReport({ schemaVersion: REPORT_SCHEMA_VERSION, createdAt: '2026-11-30T20:01:00.000Z', evidence: [evidence] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const fails = failingFindings(parsed.report);
    expect(fails.map((f) => [f.finding.id, f.finding.step, f.finding.region])).toEqual([
      ['token.status', 'exchange', 'EU'],
      ['link.redirect-error', 'redirect', 'FE'],
    ]);
    expect(renderText(parsed.report, { origin: 'https://linkdoctor.example' })).toContain('at “Your token URI: code for tokens”, Europe (layla.amazon.com)');
  });

  test('the same finding failing in two regions is reported for each', () => {
    const both = { ...result, findings: [finding('token.status', 'fail', 'exchange', 'NA'), finding('token.status', 'fail', 'exchange', 'EU')] };
    const parsed = parseReport({ schemaVersion: REPORT_SCHEMA_VERSION, createdAt: '2026-11-30T20:01:00.000Z', evidence: [linkEvidence(both, '2026-11-30T20:00:00.000Z')] });
    expect(parsed.ok && failingFindings(parsed.report).map((f) => f.finding.region)).toEqual(['NA', 'EU']);
  });
});

test('every problem of the form is reported at once, not only the first group', () => {
  const paths = issuesOf({}).map((i) => i.path);
  for (const path of ['vendorId', 'redirectUri', 'authorizationUri', 'accessTokenUri', 'clientId', 'clientSecret', 'testAccount.username', 'testAccount.password']) {
    expect(paths, path).toContain(path);
  }
});
