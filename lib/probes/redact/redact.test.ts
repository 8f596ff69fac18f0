import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMatches, findCanaries, makeCanary } from '@/e2e/fixtures/canary-search';
import { ECHO_ENCODINGS } from '@/e2e/fixtures/echo-encodings';
import { sendJson, startServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { createRedactor, formEncode, shortenRandomRuns } from '@/lib/probes/redact';
import { runTokenProbe } from '@/lib/probes/token/run';
import { tokenProbeInputSchema, type TokenProbeInput } from '@/lib/probes/token/input';
import { harnessPolicy } from '@/lib/net/test-support';

const { ca } = fixtureTls();

/** Every encoding a secret may take in a probe's output; none of them may appear in a result. */
function encodingsOf(value: string, clientId?: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const out = new Set<string>([
    value,
    json,
    JSON.stringify(json).slice(1, -1), // as it appears inside JSON.stringify(result) when the raw value is in a string
    encodeURIComponent(value),
    encodeURIComponent(value).toLowerCase(),
    formEncode(value),
    formEncode(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    value.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
    Buffer.from(value).toString('base64'),
  ]);
  if (clientId !== undefined) {
    for (const c of [`${formEncode(clientId)}:${formEncode(value)}`, `${clientId}:${value}`]) {
      const b = Buffer.from(c).toString('base64');
      out.add(b);
      out.add(b.replace(/=+$/, ''));
      out.add(Buffer.from(c).toString('base64url'));
    }
  }
  return [...out];
}

function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), allStrings(x, out));
  return out;
}

function expectNowhere(result: unknown, canary: string, clientId?: string): void {
  const serialised = JSON.stringify(result);
  const strings = allStrings(result);
  for (const enc of encodingsOf(canary, clientId)) {
    expect(serialised.includes(enc), `found ${JSON.stringify(enc)} in the serialised result`).toBe(false);
    const hit = strings.find((s) => s.includes(enc));
    expect(hit, `found ${JSON.stringify(enc)} in a string of the result`).toBeUndefined();
  }
}

test.describe('redactor', () => {
  test('redacts raw, form-encoded, percent-encoded, JSON-escaped, HTML-escaped and Basic forms', () => {
    const secret = 'c+a/n=a&r%y"\\ z';
    const id = 'client id';
    const r = createRedactor([{ value: secret, label: 'client secret' }], [{ id, secret }]);
    const texts = [
      secret,
      formEncode(secret),
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      JSON.stringify(secret),
      JSON.stringify(JSON.stringify(secret)),
      JSON.stringify(secret).replace(/\//g, '\\/'),
      'a &amp; b'.replace('a &amp; b', secret.replace(/&/g, '&amp;').replace(/"/g, '&quot;')),
      `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`,
      `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    ];
    for (const t of texts) {
      const out = r.redact(`before ${t} after`);
      expect(out, t).toMatch(/^before .*\[redacted (client secret|client credentials)\].* after$/);
      for (const enc of encodingsOf(secret, id)) expect(out.includes(enc), `${t} → ${out}`).toBe(false);
    }
  });

  test('longest secret wins, empty secrets are ignored, deep values are redacted and the shape is kept', () => {
    const r = createRedactor([
      { value: 'abc', label: 'short' },
      { value: 'abcdef', label: 'long' },
      { value: '', label: 'empty' },
    ]);
    expect(r.redact('x "abcdef" x "abc"')).toBe('x "[redacted long]" x "[redacted short]"');
    expect(r.redactDeep({ abc: ['abcdef', { k: 'abc' }], n: 1, b: Buffer.from('abc') })).toEqual({
      abc: ['[redacted long]', { k: '[redacted short]' }],
      n: 1,
      b: '[binary]',
    });
  });

  test('a secret that spells a field name or a finding id leaves the result\'s shape and its guide links alone', () => {
    const r = createRedactor([{ value: 'token', label: 'client secret' }]);
    const result = { probe: 'token', findings: [{ id: 'token.json', status: 'fail', node: 'token-exchange', detail: 'echoed "token"; the token URI' }], token: 'token' };
    expect(r.redactDeep(result)).toEqual({
      probe: 'token',
      findings: [{ id: 'token.json', status: 'fail', node: 'token-exchange', detail: 'echoed "[redacted client secret]"; the token URI' }],
      token: '[redacted client secret]',
    });
  });

  test('no console.* call in the probe modules (secrets are never logged)', () => {
    const dir = join(__dirname, '..');
    const modules = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n));
    expect(modules.length).toBeGreaterThan(20);
    for (const f of modules) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\bconsole\s*\.\s*(log|error|warn|info|debug|trace|dir|table)\b/);
    }
  });
});

test.describe('a secret echoed in another encoding, reversed or in pieces', () => {
  const SECRET = makeCanary('client secret', 'Ks5SEC');
  const CODE = makeCanary('authorization code', 'Kc6COD');
  const redactor = createRedactor([
    { value: SECRET.value, label: SECRET.name },
    { value: CODE.value, label: CODE.name },
  ]);

  for (const [encoding, encode] of Object.entries(ECHO_ENCODINGS)) {
    test(`${encoding}: found and redacted, the text around it kept`, () => {
      for (const canary of [SECRET, CODE]) {
        const out = redactor.redact(`The server said: ${encode(canary.value)} (end of answer)`);
        expect(describeMatches(findCanaries('the redacted text', out, [SECRET, CODE])), out).toBe('');
        expect(out).toContain(`[redacted ${canary.name}]`);
        expect(out).toMatch(/^The server said: .* \(end of answer\)$/);
      }
    });
  }

  test('HTTP Basic credentials are redacted whole, in hex too; the client ID alone is not', () => {
    const id = 'amzn1.application-oa2-client.3f9a2c81';
    const r = createRedactor([{ value: SECRET.value, label: 'client secret' }], [{ id, secret: SECRET.value }]);
    const basic = Buffer.from(`${formEncode(id)}:${formEncode(SECRET.value)}`).toString('base64');
    expect(r.redact(`Authorization: Basic ${basic}`)).toBe('Authorization: Basic [redacted client credentials]');
    const hex = Buffer.from(`${id}:${SECRET.value}`).toString('hex');
    expect(describeMatches(findCanaries('hex', r.redact(`got ${hex}`), [SECRET]))).toBe('');
    for (const text of [`client ${id}`, `client ${id}…`, Buffer.from(id).toString('base64')]) expect(r.redact(text)).toBe(text);
  });

  test('ordinary text, ids, field names and numbers are never taken for a secret’s piece or encoding', () => {
    // Secrets whose reversed copy, halves or start spell ordinary text.
    const r = createRedactor([
      { value: 'trop', label: 'refresh token' },
      { value: 'client_secret_placeholder', label: 'client secret' },
      { value: 'Certificate.authority', label: 'test account password' },
      { value: '12345678901234567890', label: 'authorization code' },
      { value: 'Loading_more_results', label: 'token' },
    ]);
    const text =
      'Use port 443 and a certificate from a trusted authority: pitangui.amazon.com answered invalid_grant… ' +
      'client_secret and client_id are field names; the finding token.oauth-error; the skill amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1; ' +
      'expires_in 3600, 1234567890 and 12345678901 are numbers; Loading... deadbeef cafe 20240506 Y2xpZW50 done. ' +
      'https://login.example.com/oauth2/v1/authorize?client_id=alexa&response_type=code&state=abc';
    expect(r.redact(text)).toBe(text);
    expect(r.redactDeep({ id: 'token.oauth-error', detail: text, client_secret_placeholder: 1 })).toEqual({ id: 'token.oauth-error', detail: text, client_secret_placeholder: 1 });
  });

  // Servers do hand out tokens this short ("rt", "ce", "443"): each spells part of ordinary words and numbers.
  const GARBLING: Array<{ secret: string; ordinary: string }> = [
    { secret: 'rt', ordinary: 'The token URI uses port 3620; Alexa calls port 443 only. Short tokens are easy to guess: rt-1 is no token.' },
    { secret: 'ce', ordinary: 'The certificate is trusted, valid and for this host; its issuer is a known certificate authority.' },
    { secret: '443', ordinary: 'https://auth.example.com:443/token answered on port 443 (14430 ms; 4430 bytes; expires_in 4432).' },
    { secret: 'token', ordinary: 'refresh_token and access_token are field names; the finding token.oauth-error; the token URI.' },
    { secret: 'certificate', ordinary: 'Certificates, certificate_chain and certificated are other words.' },
    { secret: 'abc123', ordinary: 'The ids abc1234, xabc123 and abc123_x are other ids.' },
  ];

  for (const { secret, ordinary } of GARBLING) {
    test(`a short secret ${JSON.stringify(secret)} never garbles the words, ids and numbers that contain it`, () => {
      const r = createRedactor([{ value: secret, label: 'refresh token' }]);
      expect(r.redact(ordinary)).toBe(ordinary);
      expect(r.redactDeep({ detail: ordinary })).toEqual({ detail: ordinary });
    });
  }

  test('a secret too short to tell from text is still redacted wherever it is a whole value, in every encoding', () => {
    const r = createRedactor([{ value: 'rt', label: 'refresh token' }]);
    const cases: Array<[string, string]> = [
      ['{"access_token":"a","refresh_token":"rt","expires_in":3600}', '{"access_token":"a","refresh_token":"[redacted refresh token]","expires_in":3600}'],
      ['{\\"refresh_token\\":\\"rt\\"}', '{\\"refresh_token\\":\\"[redacted refresh token]\\"}'],
      ['grant_type=refresh_token&refresh_token=rt&client_id=x', 'grant_type=refresh_token&refresh_token=[redacted refresh token]&client_id=x'],
      ['refresh_token=rt', 'refresh_token=[redacted refresh token]'],
      ['https://x.example/cb?code=rt#state', 'https://x.example/cb?code=[redacted refresh token]#state'],
      ['X-Refresh-Token: rt\r\nport 443', 'X-Refresh-Token: [redacted refresh token]\r\nport 443'],
      ['Authorization: Bearer rt', 'Authorization: Bearer [redacted refresh token]'],
      ['<input value="rt"><p>rt</p>', '<input value="[redacted refresh token]"><p>[redacted refresh token]</p>'],
      ['refresh_token%3Drt%26port', 'refresh_token%3D[redacted refresh token]%26port'],
      ['It returned the refresh token “rt” (2 characters).', 'It returned the refresh token “[redacted refresh token]” (2 characters).'],
      ['rt', '[redacted refresh token]'],
    ];
    for (const [text, redacted] of cases) expect(r.redact(text), text).toBe(redacted);
  });

  test('a secret of letters only or digits only is redacted where it stands as a token of its own, never inside another', () => {
    const r = createRedactor([{ value: 'Certificate.authority', label: 'client secret' }, { value: '73910428', label: 'authorization code' }]);
    expect(r.redact('got Certificate.authority, then (73910428).')).toBe('got [redacted client secret], then ([redacted authorization code]).');
    const ordinary = 'xCertificate.authority_y 739104281 1273910428';
    expect(r.redact(ordinary)).toBe(ordinary);
  });

  test('redaction takes time in proportion to the text, whatever the secrets and the text', () => {
    // Texts that are all but a secret's start everywhere, or cut before an ellipsis every 100 characters: a search that
    // retries at each position, or looks back at each cut, takes quadratic time.
    const r = createRedactor([
      { value: `${'a'.repeat(4095)}b`, label: 'client secret' },
      { value: `${'Ab1+'.repeat(1023)}Ab1/`, label: 'refresh token' },
    ]);
    const texts = [`${'a'.repeat(100)}…`.repeat(2500), 'a'.repeat(128 * 1024), 'Ab1+'.repeat(32 * 1024), Buffer.from('a'.repeat(96 * 1024)).toString('base64')];
    for (const text of texts) {
      const started = performance.now();
      r.redact(text);
      expect(performance.now() - started, text.slice(0, 12)).toBeLessThan(1500);
    }
  });
});

test.describe('random-looking runs in quoted server text', () => {
  test('a JWT, a hex id, a UUID and a base64 blob are shortened to their start and length', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const hexId = '3f9a2c81d4e5b6a7980f1e2d3c4b5a6978869504';
    const uuid = '0b8e2f5c-7d41-4c6a-9e3b-52a1f0c9d8e7';
    const blob = Buffer.from(JSON.stringify({ sub: 'someone@example.com', sid: 'a1b2c3', exp: 1731323334 })).toString('base64');
    expect(blob).toMatch(/\/|\+|=$/);
    const cases: Array<[string, string]> = [
      [`The token ${jwt} has expired.`, `The token eyJhbGci…[${jwt.length} characters] has expired.`],
      [`request id ${hexId}`, `request id 3f9a2c81…[40 characters]`],
      [`code=${uuid}&state=x`, `code=0b8e2f5c…[36 characters]&state=x`],
      [`session: "${blob}"`, `session: "${blob.slice(0, 8)}…[${blob.length} characters]"`],
      [`https://cdn.example.com/assets/${hexId}.js`, `https://cdn.example.com/assets/3f9a2c81…[40 characters].js`],
    ];
    for (const [text, shortened] of cases) expect(shortenRandomRuns(text)).toBe(shortened);
  });

  test('prose, URLs, error codes, field names, ids made of words and numbers are left alone', () => {
    const ordinary = [
      'The authorization code has expired or was already used; get a new one and try again.',
      'invalid_grant',
      'error_description: Client authentication failed (unknown client, no client authentication included, or unsupported authentication method).',
      'https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F',
      'https://login.example.com/oauth2/v1/authorize?client_id=alexa-skill&response_type=code&scope=profile%20email',
      'application/x-www-form-urlencoded;charset=UTF-8',
      'Content-Security-Policy-Report-Only',
      'getAccountLinkingInfo XMLHttpRequest HTTP2ServerPushV2 iPhone15ProMax',
      '1731323334 12345678901234567890123456 2026-11-24T14:05:30.000Z 3600 443',
      'com.example.alexa.companion ABCDE12345.com.example.app',
    ];
    for (const text of ordinary) expect(shortenRandomRuns(text)).toBe(text);
  });

  test('a known secret shortened in a quote is still redacted, however its start looks', () => {
    const secret = 'abcdEFGHk3Lm9Pq2Rs5Tu8Vw1Xy4Za7Bc0';
    const r = createRedactor([{ value: secret, label: 'client secret' }]);
    const quoted = shortenRandomRuns(`unknown client ${secret}`);
    expect(quoted).toBe(`unknown client ${secret.slice(0, 8)}…[${secret.length} characters]`);
    expect(r.redact(quoted)).toBe(`unknown client [redacted client secret]…[${secret.length} characters]`);
    // In hex, the 8 digits a shortened run keeps are 4 bytes of the secret: redacted too.
    const hex = Buffer.from(secret).toString('hex');
    expect(r.redact(shortenRandomRuns(`code ${hex}`))).toBe(`code [redacted client secret]…[${hex.length} characters]`);
  });
});

test.describe('canary secrets sent to a server that echoes them: none survives in the result', () => {
  const suffix = randomBytes(6).toString('hex');
  const secret = `c+a/n=a&r%y"\\ z${suffix}`;
  const code = `co+de/=&%"\\ ${suffix}`;
  const refresh = `re+fresh/=&%"\\ ${suffix}`;
  const clientId = `client+id ${suffix}`;
  const issuedAccess = `AT/+=&%"\\ issued ${suffix}`;
  const issuedRefresh = `RT/+=&%"\\ issued ${suffix}`;

  for (const format of ['json', 'html', 'form', 'error'] as const) {
    for (const scheme of ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const) {
      for (const grantType of ['authorization_code', 'refresh_token'] as const) {
        test(`${format} echo, ${scheme}, ${grantType}: the canaries appear nowhere in the result`, async () => {
          const server = await startServer((req, res) => {
            const form = Object.fromEntries(new URLSearchParams(req.body));
            const auth = req.headers.authorization ?? '';
            const basicDecoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
            const echo = {
              rawBody: req.body,
              headers: req.rawHeaders,
              form,
              basicDecoded,
              basicUrlDecoded: basicDecoded.split(':').map((p) => decodeURIComponent(p.replace(/\+/g, ' '))),
              html: req.body.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
              b64: Buffer.from(JSON.stringify(form)).toString('base64'),
            };
            if (format === 'json') {
              sendJson(res, 200, { access_token: issuedAccess, token_type: 'bearer', expires_in: 3600, refresh_token: issuedRefresh, echo }, { 'Cache-Control': 'no-store' });
            } else if (format === 'error') {
              sendJson(res, 400, { error: 'invalid_grant', error_description: `bad grant ${JSON.stringify(form)} ${req.body} ${basicDecoded}` });
            } else if (format === 'html') {
              res.writeHead(200, { 'content-type': 'text/html' });
              res.end(`<html><body><pre>${echo.html}</pre><p>${form.client_secret ?? ''}${echo.basicUrlDecoded.join(' ')}</p>${form.code ?? form.refresh_token ?? ''}</body></html>`);
            } else {
              res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
              res.end(`access_token=${formEncode(issuedAccess)}&refresh_token=${formEncode(issuedRefresh)}&echo=${formEncode(req.body)}&raw=${req.body}`);
            }
          });
          try {
            const grant: TokenProbeInput['grant'] =
              grantType === 'authorization_code'
                ? { type: 'authorization_code', code, redirectUri: 'https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F' }
                : { type: 'refresh_token', refreshToken: refresh };
            const result = await runTokenProbe(
              tokenProbeInputSchema.parse({ tokenUri: `${server.url}/token?x=1`, clientId, clientSecret: secret, scheme, grant, checkRotation: true }),
              { policy: harnessPolicy(server.port), ca },
            );
            // The server really received and echoed the secrets…
            expect(server.requests[0]?.body.length).toBeGreaterThan(10);
            expect(result.exchange?.response?.body.length).toBeGreaterThan(10);
            // …and none of them survives in the result, in any encoding.
            expectNowhere(result, secret, clientId);
            expectNowhere(result, grantType === 'authorization_code' ? code : refresh);
            if (format === 'json' || format === 'form') {
              expectNowhere(result, issuedAccess);
              expectNowhere(result, issuedRefresh);
            }
            expect(JSON.stringify(result)).toContain('[redacted');
          } finally {
            await server.close();
          }
        });
      }
    }
  }
});
