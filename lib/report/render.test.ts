import { expect, test } from '@playwright/test';
import { importReport } from './import';
import { downloadName, renderJson, renderMarkdown, renderText } from './render';
import { sampleReport } from './test-support';

const origin = 'https://linkdoctor.example';
const PASSWORD = 'Pa55-word!';

test('the plain text follows the order of Amazon’s Contact-us list', () => {
  const text = renderText(sampleReport(), { origin });
  const labels = [
    '1. Skill ID: amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1',
    '2. Test credentials for the account linking login page:',
    'User name: tester@example.com',
    '3. Customer ID of the account that failed: A1B2C3D4E5F6G7',
    '4. Date and time of the failed attempt: 2026-11-24 13:58 UTC',
    '5. Region(s): NA (North America), EU (Europe)',
    '6. Device platform: Android (Alexa app)',
    '7. Alexa app version: 2.2.612345.0',
    "8. Description or screenshot:",
    "After sign-in the page says 'unable to link'.",
    'Screenshot: https://example.com/shot.png',
    '9. Account linking configuration (Account Linking tab):',
    'Authorization URL: https://auth.example.com/authorize',
    'Domain List: cdn.example.com, fonts.example.net',
    'Account linking type: Auth code grant',
    'Access token URI: https://auth.example.com/oauth/token',
    'Client ID: alexa-skill',
    'Client authentication scheme: HTTP Basic',
    'App-to-app account linking: No',
    "My path through Amazon's troubleshooting guide:",
    '2. Both are fine -> Contact Amazon',
    'FAIL: expires_in is below 360 seconds',
    `(Configuration check: Access token URI, 2026-11-24 14:00 UTC, took 0.1 s; explained at ${origin}/guide/token-lifetime-too-short)`,
    'FAIL: Tokens expire too soon',
    'WARNING: Provider detected',
  ];
  let at = -1;
  for (const label of labels) {
    const next = text.indexOf(label, at + 1);
    expect(next, `"${label}" after position ${at}`).toBeGreaterThan(at);
    at = next;
  }
});

test('the password is only in the plain text, and only when the user includes it', () => {
  const report = sampleReport();
  const without = renderText(report, { origin });
  expect(without).not.toContain(PASSWORD);
  expect(without).toContain('Password: not included here; I will give it to you separately.');
  expect(renderText(report, { origin, password: PASSWORD })).toContain(`Password: ${PASSWORD}`);
  expect(renderMarkdown(report, { origin })).not.toContain(PASSWORD);
  expect(renderJson(report)).not.toContain(PASSWORD);
  expect(renderJson(report)).not.toMatch(/password/i);
});

test('missing items say so instead of leaving a blank', () => {
  const text = renderText(sampleReport({ customerId: '', platform: '' }), { origin });
  expect(text).toContain('3. Customer ID of the account that failed: (not given)');
  expect(text).toContain('6. Device platform: (not given)');
});

test('Markdown escapes what the user typed, and carries the JSON that /triage reads back', async () => {
  const report = sampleReport({ description: 'See [this](javascript:alert(1)) <script>x</script> | cell ```' });
  const md = renderMarkdown(report, { origin, nodeTitles: { 'token-lifetime-too-short': 'Tokens expire too soon' } });
  expect(md).toContain('| Skill ID | `amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1` |');
  expect(md).toContain('\\[this\\]\\(javascript:alert\\(1\\)\\) \\<script\\>x\\</script\\> \\| cell \\`\\`\\`');
  expect(md).toContain(`[Tokens expire too soon](${origin}/guide/token-lifetime-too-short)`);
  expect(md).toContain('````json');
  const back = await importReport(md);
  expect(back).toEqual({ ok: true, report, from: 'markdown' });
});

test('JSON and download names', () => {
  const report = sampleReport();
  expect(JSON.parse(renderJson(report))).toMatchObject({ schemaVersion: 1, skillId: report.skillId });
  expect(downloadName(report, 'md')).toMatch(/^link-doctor-report-\d{8}-\d{4}\.md$/);
});
