import { expect, test } from '@playwright/test';
import { describeMatches, findCanaries, makeCanary } from '@/e2e/fixtures/canary-search';
import { ECHO_ENCODINGS } from '@/e2e/fixtures/echo-encodings';
import { formEncode } from '@/lib/probes/redact';
import { createReportRedactor, redactDraft, redactReport } from './redact';
import { renderJson, renderMarkdown, renderText } from './render';
import { decodeShareLink, shareUrl } from './share';
import { sampleReport } from './test-support';

// A canary secret with every character that encodings change (`+/=&%"\` and a space): redaction must find it however
// it was escaped.
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
    ['id=x-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig.next', 'id=x-[redacted JWT].next'],
    ['not one: eyJshort.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig', 'not one: eyJshort.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig'],
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

test('the password is caught cut short, as Go and PHP write JSON, and in base64 inside a longer blob', () => {
  const redact = createReportRedactor({ password: CANARY, username: USER });
  const json = JSON.stringify(CANARY).slice(1, -1);
  const cases: Record<string, string> = {
    'cut before an ellipsis': `the server said “${CANARY.slice(0, 10)}…”`,
    'cut where the text ends': `the body ends with ${CANARY.slice(0, 12)}`,
    'Go-style JSON (\\u0026)': json.replace(/&/g, '\\u0026'),
    'PHP-style JSON (\\/, \\u0022, \\u0026)': json.replace(/\\"/g, '\\u0022').replace(/&/g, '\\u0026').replace(/\//g, '\\/'),
    'JSON written into HTML': json.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
    'base64 of a JSON body': b64(JSON.stringify({ user: USER, pass: CANARY })),
    'base64url of text around it': Buffer.from(`x${CANARY}yz`).toString('base64url'),
  };
  for (const [what, text] of Object.entries(cases)) {
    const out = redact(text);
    expect(out, what).toContain('[redacted test account password]');
    expect(out, what).not.toContain('Canary');
  }
  // Too short a start to tell, and ordinary text, stay as they are.
  expect(redact('It says Canar…')).toBe('It says Canar…');
  expect(redact('Nothing secret here… and nothing at the end')).toBe('Nothing secret here… and nothing at the end');
});

test.describe('the password in another encoding, reversed or in pieces, in every output and the share link', () => {
  const PASSWORD = makeCanary('test account password', 'Pw9PWD', USER);
  const hex = Buffer.from(`${USER}:${PASSWORD.value}`).toString('hex');
  for (const [encoding, encode] of Object.entries(ECHO_ENCODINGS)) {
    test(encoding, async () => {
      const report = redactReport(
        sampleReport({
          testAccount: { username: USER },
          description: `The login page answered ${encode(PASSWORD.value)} after sign-in.`,
        }),
        { password: PASSWORD.value, username: USER },
      );
      expect(report.description).toMatch(/^The login page answered .*\[redacted test account password\].* after sign-in\.$/);
      const link = await shareUrl('https://x.example', report);
      const outputs = {
        json: renderJson(report),
        markdown: renderMarkdown(report, { origin: 'https://x.example' }),
        text: renderText(report, { origin: 'https://x.example' }),
        link,
        'the report in the link': renderJson(await decodeShareLink(link)),
      };
      for (const [output, text] of Object.entries(outputs)) expect(describeMatches(findCanaries(output, text, [PASSWORD])), output).toBe('');
    });
  }

  test('user:password in hex', () => {
    const redact = createReportRedactor({ password: PASSWORD.value, username: USER });
    expect(describeMatches(findCanaries('hex', redact(`basic ${hex}`), [PASSWORD]))).toBe('');
  });
});

test('token-shaped text is found in linear time, however many near-tokens a paste holds', () => {
  const redact = createReportRedactor();
  const hostile = 'eyJ0000000-'.repeat(20_000) + '.eyJ';
  const start = performance.now();
  expect(redact(hostile)).toBe(hostile);
  expect(performance.now() - start).toBeLessThan(100);
});

test('a short test password never garbles the text for Amazon, and is still redacted where it is a value', () => {
  // "ce" sits inside "certificate", "port 443" and "redirect" must stay whole whatever the password spells.
  const evidence = 'The certificate is trusted; the token URI uses port 443; the redirect came back.';
  const report = redactReport(sampleReport({ description: `Login fails. password="ce" and ${evidence}` }), { password: 'ce', username: USER });
  expect(report.description).toBe(`Login fails. password="[redacted test account password]" and ${evidence}`);
  const text = renderText(report, { origin: 'https://x.example' });
  expect(text).not.toMatch(/\w\[redacted|\[redacted[^\]]*\]\w/);
  expect(redactReport(sampleReport({ description: '443' }), { password: '443' }).description).toBe('[redacted test account password]');
  expect(redactReport(sampleReport({ description: 'port 443' }), { password: '443' }).description).toBe('port 443');
});
