import { expect, test } from '@playwright/test';
import { formEncode } from '@/lib/probe/redact';
import { createReportRedactor, redactDraft, redactReport } from './redact';
import { renderJson, renderMarkdown, renderText } from './render';
import { decodeShareLink, shareUrl } from './share';
import { sampleReport } from './test-support';

// The canary of security.md item 14: `+/=&%"\` and a space.
const CANARY = 'Canary+/=&% "\\ pw-7Q';
const USER = 'tester+1@example.com';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const ENCODINGS: Record<string, string> = {
  raw: CANARY,
  'URL-encoded': encodeURIComponent(CANARY),
  'form-encoded': formEncode(CANARY),
  'JSON-escaped': JSON.stringify(CANARY).slice(1, -1),
  'base64 of user:password': b64(`${USER}:${CANARY}`),
  'base64 of urlenc(user):urlenc(password)': b64(`${formEncode(USER)}:${formEncode(CANARY)}`),
  'base64url of user:password': Buffer.from(`${USER}:${CANARY}`).toString('base64url'),
  'base64 of the password': b64(CANARY),
};

test('the test password is caught in every encoding, in every output and the share link', async () => {
  const leaks = Object.entries(ENCODINGS).map(([name, value]) => `${name}: ${value}`).join('\n');
  const report = redactReport(
    sampleReport({
      testAccount: { username: USER },
      description: `Debug output:\n${leaks}\nAuthorization: Basic ${ENCODINGS['base64 of user:password']}`,
      otherRegions: `IN ${CANARY}`,
    }),
    { password: CANARY, username: USER },
  );
  expect(report.testAccount.username).toBe(USER);
  expect(report.description).toContain('raw: [redacted test account password]');
  const outputs = {
    json: renderJson(report),
    markdown: renderMarkdown(report, { origin: 'https://x.example' }),
    text: renderText(report, { origin: 'https://x.example' }),
    link: await shareUrl('https://x.example', report),
  };
  const decoded = renderJson(await decodeShareLink(outputs.link));
  for (const [output, text] of Object.entries({ ...outputs, decoded })) {
    for (const [encoding, value] of Object.entries(ENCODINGS)) expect(text, `${encoding} in ${output}`).not.toContain(value);
  }
  // Only the text the user copies with the password included has it.
  expect(renderText(report, { origin: 'https://x.example', password: CANARY })).toContain(CANARY);
});

test('secrets Link Doctor never saw are caught by their shape', () => {
  const redact = createReportRedactor();
  const cases: Array<[string, string]> = [
    ['curl -d "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&client_secret=s3cr3t%2Bx"', 'curl -d "grant_type=authorization_code&code=[redacted]&client_secret=[redacted]"'],
    ['{"access_token": "2YotnFZFEjr1zCsicMWpAA", "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}', '{"access_token": "[redacted]", "refresh_token":"[redacted]"}'],
    ['"clientSecret": "abc\\"def"', '"clientSecret": "[redacted]"'],
    ['Authorization: Bearer Atza|IwEBIA-secret', 'Authorization: Bearer [redacted]'],
    ['Authorization: Basic YWxleGE6c2VjcmV0', 'Authorization: Basic [redacted]'],
    ['token Atzr|IwEBIKb9x-1 expired', 'token [redacted Amazon token] expired'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt [redacted JWT]'],
    ['#access_token=abc123&state=xyz&token_type=Bearer', '#access_token=[redacted]&state=xyz&token_type=Bearer'],
    ['client_secret: hunter2', 'client_secret: [redacted]'],
  ];
  for (const [input, expected] of cases) expect(redact(input)).toBe(expected);
  // Prose that names secrets without holding one stays readable.
  for (const prose of ['Use title case for Bearer in the authorization header.', 'response_type=code&state=abc', 'HTTP Basic authentication']) {
    expect(redact(prose)).toBe(prose);
  }
});

test('probe evidence keeps its prose; what the user typed gets the pattern layer', () => {
  const report = redactReport(sampleReport({ description: 'I pasted access_token=abc123def here' }));
  expect(report.description).toBe('I pasted access_token=[redacted] here');
  expect(report.evidence[2]!.findings[0]!.detail).toBe('The response has "expires_in": 120 and no refresh_token: Alexa needs one.');
});

test('the session draft is redacted too, user name aside', () => {
  const draft = redactDraft({ description: `pw ${CANARY}`, testAccount: { username: USER } }, { password: CANARY, username: USER });
  expect(draft).toEqual({ description: 'pw [redacted test account password]', testAccount: { username: USER } });
});
