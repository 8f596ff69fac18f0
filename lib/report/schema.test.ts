import { expect, test } from '@playwright/test';
import { configFromWalk, formDefaults } from './form';
import { renderJson } from './render';
import { parseReport, reportSchema, type WalkStep } from './schema';
import { EVIDENCE, filledForm, NOW, PATH, sampleReport } from './test-support';
import { attentionForAmazon, failingFindings, missingForAmazon } from './triage';

function problems(value: unknown): string[] {
  const result = parseReport(value);
  if (result.ok) throw new Error('expected the report to be refused');
  return result.problems;
}

function exported(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(renderJson(sampleReport())) as Record<string, unknown>), ...overrides };
}

test('accepts what the form produces and turns input strings into the JSON’s types', () => {
  const parsed = reportSchema.safeParse(filledForm());
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  const report = parsed.data!;
  expect(report.schemaVersion).toBe(1);
  expect(report.failedAt).toBe('2026-11-24T13:58:00.000Z');
  expect(report.configuration.domains).toEqual(['cdn.example.com', 'fonts.example.net']);
  expect(report.configuration.appToApp).toBe(false);
  expect(report.path).toEqual(PATH);
  expect(report.evidence).toHaveLength(EVIDENCE.length);
  expect(missingForAmazon(report)).toEqual([]);
});

test('an untouched form is a valid, incomplete report that says what Amazon still needs', () => {
  const values = formDefaults({ draft: null, config: null, path: [], evidence: [], now: NOW });
  expect(values.failedAt).toBe('2026-11-24T14:05');
  const report = reportSchema.parse(values);
  const json = renderJson(report);
  // Empty fields are left out of the JSON, not exported as "".
  expect(json).not.toContain('""');
  expect(report.platform).toBeUndefined();
  expect(missingForAmazon(report).map((m) => m.field)).toEqual([
    'skillId',
    'testAccount.username',
    'customerId',
    'regions',
    'platform',
    'alexaAppVersion',
    'description',
    'configuration.authorizationUrl',
    'configuration.grantType',
  ]);
});

test('the JSON export reads back as the same report', () => {
  const report = sampleReport();
  const again = parseReport(JSON.parse(renderJson(report)));
  expect(again).toEqual({ ok: true, report });
});

test('the configuration carried from /check fills what the draft leaves empty', () => {
  const values = formDefaults({
    draft: { configuration: { authorizationUrl: 'https://typed.example.com/auth' } },
    config: { authorizationUrl: 'https://carried.example.com/auth', domains: ['a.example.com'], grantType: 'AUTH_CODE', appToApp: true },
    path: [],
    evidence: [],
    now: NOW,
  });
  expect(values.configuration).toMatchObject({ authorizationUrl: 'https://typed.example.com/auth', domains: 'a.example.com', grantType: 'AUTH_CODE', appToApp: 'yes' });
});

test('field formats: skill ID, customer ID, date and time, links', () => {
  const bad = (overrides: Parameters<typeof filledForm>[0]) => {
    const parsed = reportSchema.safeParse(filledForm(overrides));
    expect(parsed.success).toBe(false);
    return parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  };
  expect(bad({ skillId: 'amzn1.ask.skill.1234' })).toMatch(/^skillId: The skill ID looks like amzn1\.ask\.skill\.<uuid>/);
  expect(bad({ skillId: 'amzn1.echo-sdk-ams.app.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1' })).toContain('skillId');
  expect(bad({ customerId: 'A1 B2' })).toContain('customerId: The customer ID is one word');
  expect(bad({ failedAt: 'yesterday' })).toContain('failedAt: Enter the date and time in UTC');
  expect(bad({ failedAt: '2026-02-30T10:00' })).toContain('failedAt');
  expect(bad({ screenshotUrl: 'javascript:alert(1)' })).toContain('screenshotUrl: The screenshot link must be a full web address');
  expect(bad({ configuration: { ...filledForm().configuration, authorizationUrl: 'auth.example.com/authorize' } })).toContain('configuration.authorizationUrl');
  expect(bad({ alexaAppVersion: '2.2\n3' })).toContain('alexaAppVersion: The Alexa app version must be on one line.');
  // Lower-case UUIDs and a "UTC" suffix are fine.
  expect(reportSchema.parse(filledForm({ failedAt: '2026-11-24 13:58 UTC' })).failedAt).toBe('2026-11-24T13:58:00.000Z');
});

test('refuses malformed and tampered reports, one clear sentence per problem', () => {
  expect(problems('hello')[0]).toMatch(/not a Link Doctor report/);
  expect(problems([])[0]).toMatch(/not a Link Doctor report/);
  expect(problems({ skillId: 'x' })[0]).toMatch(/no schemaVersion/);
  expect(problems(exported({ schemaVersion: 2 }))[0]).toMatch(/schema version 2, but this Link Doctor reads version 1/);
  expect(problems(exported({ testAccount: { username: 'a', password: 'hunter2' } }))[0]).toMatch(
    /^Test account has a field named “password”\. A Link Doctor report never carries a password/,
  );
  expect(problems(exported({ isAdmin: true }))[0]).toMatch(/a field that schema version 1 does not have: “isAdmin”/);
  expect(problems(exported({ skillId: 'amzn1.ask.skill.not-a-uuid' }))[0]).toMatch(/^Skill ID: The skill ID looks like/);

  const report = exported();
  const evidence = structuredClone(report.evidence) as Array<{ findings: Array<Record<string, unknown>> }>;
  evidence[1]!.findings[0]!.status = 'maybe';
  evidence[2]!.findings[0]!.node = '../../admin';
  const messages = problems({ ...report, evidence });
  expect(messages).toContain('Probe results 2, finding 1, status: A finding’s status must be pass, warn, fail or skip.');
  expect(messages).toContain('Probe results 3, finding 1, node: A finding links to a guide step whose id is not a valid step id.');

  expect(problems(exported({ createdAt: 'last Tuesday' }))[0]).toMatch(/^Prepared at: The time the report was prepared must be an ISO 8601 time/);
  expect(problems(exported({ regions: ['NA', 'MARS'] }))[0]).toMatch(/^Regions 2: Regions are NA, EU or FE/);
  expect(problems(exported({ evidence: Array.from({ length: 51 }, () => EVIDENCE[0]) }))[0]).toMatch(/more than 50 probe results/);
  expect(problems(exported({ description: 'x'.repeat(4001) }))[0]).toMatch(/^Description: The description is too long/);
});

test('triage order: the most likely cause first, as /check orders it', () => {
  const order = failingFindings(sampleReport()).map((f) => f.finding.id);
  expect(order).toEqual(['token.expires-in', 'config.token-expiration']);
});

test('warns when the failed attempt is older than 14 days or in the future', () => {
  const report = sampleReport({ failedAt: '2026-11-01T10:00' });
  expect(attentionForAmazon(report, NOW)[0]).toMatch(/^The failed attempt was more than 14 days old when the report was prepared/);
  expect(attentionForAmazon(report, NOW, 'now')[0]).toMatch(/^The failed attempt is more than 14 days old: Amazon asks/);
  expect(attentionForAmazon(sampleReport(), NOW)).toEqual([]);
  expect(attentionForAmazon(sampleReport({ failedAt: '2026-11-24T18:00' }), NOW)[0]).toMatch(/later than/);
});

test('“Still missing” names each item as the form does: Skill ID, Alexa app version', () => {
  const report = reportSchema.parse(formDefaults({ draft: null, config: null, path: [], evidence: [], now: NOW }));
  const names = missingForAmazon(report).map((m) => m.name);
  expect(names).toContain('Skill ID');
  expect(names).toContain('Alexa app version');
  expect(names.every((name) => /^[A-Z]/.test(name))).toBe(true);
});

test('the grant type answered in the guide fills the report’s configuration; a check’s reading and the draft win over it', () => {
  const walk = (answer: string): WalkStep[] => [
    { id: 'start', title: 'Start' },
    { id: 'grant-type', title: 'Unable to link: which grant type does the skill use?', answer: 'Unable to link' },
    { id: answer.startsWith('Implicit') ? 'implicit-redirect-check' : 'token-exchange', title: 'Next', answer },
  ];
  expect(configFromWalk(walk('Auth Code Grant (authorization code)'))).toEqual({ grantType: 'AUTH_CODE' });
  expect(configFromWalk(walk('Implicit Grant'))).toEqual({ grantType: 'IMPLICIT' });
  expect(configFromWalk(PATH)).toEqual({});
  const defaults = (config: Parameters<typeof formDefaults>[0]['config'], draft: Parameters<typeof formDefaults>[0]['draft'] = null) =>
    formDefaults({ draft, config, path: walk('Implicit Grant'), evidence: [], now: NOW }).configuration.grantType;
  expect(defaults(null)).toBe('IMPLICIT');
  expect(defaults({ grantType: 'AUTH_CODE' })).toBe('AUTH_CODE');
  expect(defaults({ authorizationUrl: 'https://a.example/auth' })).toBe('IMPLICIT');
  expect(defaults(null, { configuration: { grantType: 'AUTH_CODE' } })).toBe('AUTH_CODE');
});

test('the authorization URI’s port, named by the configuration check and by the login page probe, is listed once', () => {
  const port = (id: string) => ({ id, status: 'fail' as const, title: `${id} port`, detail: 'Port 8443.', fix: 'Use 443.', node: 'tip-https-ca' });
  const report = reportSchema.parse({
    ...formDefaults({ draft: null, config: null, path: [], evidence: [], now: NOW }),
    evidence: [
      { title: 'Login page and Domain List probe', at: '2026-11-24T14:01:00.000Z', findings: [port('login.port')] },
      { title: 'Configuration check: The configuration itself', at: '2026-11-24T14:00:00.000Z', findings: [port('config.authorization-url-port')] },
    ],
  });
  expect(failingFindings(report).map((f) => f.finding.id)).toEqual(['login.port']);
});

test('one check run on two targets keeps what each found; a rerun on the same target is listed once', () => {
  const lifetime = (seconds: number) => ({ id: 'token.expires-in', status: 'fail' as const, title: `Access tokens last ${seconds} s; Alexa needs at least 360 s`, detail: `expires_in is ${seconds}.`, fix: 'Raise it.', node: 'token-lifetime-too-short' });
  const run = (target: string, at: string, seconds: number) => ({ title: `Access token URI probe: ${target}`, probe: 'token', target, at, findings: [lifetime(seconds)] });
  const report = reportSchema.parse({
    ...formDefaults({ draft: null, config: null, path: [], evidence: [], now: NOW }),
    evidence: [run('https://a.example/token', '2026-11-24T14:02:00.000Z', 120), run('https://b.example/token', '2026-11-24T14:01:00.000Z', 300), run('https://a.example/token', '2026-11-24T14:00:00.000Z', 100)],
  });
  expect(failingFindings(report).map((f) => f.finding.title)).toEqual(['Access tokens last 120 s; Alexa needs at least 360 s', 'Access tokens last 300 s; Alexa needs at least 360 s']);
});
