import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendJson, startServer } from '@/e2e/fixtures/servers';
import { fixtureTls } from '@/e2e/fixtures/tls-certs';
import { createRedactor, formEncode } from './redact';
import { runTokenProbe } from './token-probe';
import type { TokenProbeInput } from './token-input';
import { harnessPolicy } from './test-support';

const { ca } = fixtureTls();

/** Every encoding a canary may take in output (security.md §3, requirement 14). */
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
    expect(r.redact('xabcdefx abc')).toBe('x[redacted long]x [redacted short]');
    expect(r.redactDeep({ abc: ['abcdef', { k: 'abc' }], n: 1, b: Buffer.from('abc') })).toEqual({
      abc: ['[redacted long]', { k: '[redacted short]' }],
      n: 1,
      b: '[binary]',
    });
  });

  test('a secret that spells a field name or a finding id leaves the result\'s shape and its guide links alone', () => {
    const r = createRedactor([{ value: 'token', label: 'client secret' }]);
    const result = { probe: 'token', findings: [{ id: 'token.json', status: 'fail', node: 'token-exchange', detail: 'echoed token' }], token: 'token' };
    expect(r.redactDeep(result)).toEqual({
      probe: 'token',
      findings: [{ id: 'token.json', status: 'fail', node: 'token-exchange', detail: 'echoed [redacted client secret]' }],
      token: '[redacted client secret]',
    });
  });

  test('no console.* call in the probe modules (secrets are never logged)', () => {
    const dir = __dirname;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\bconsole\s*\.\s*(log|error|warn|info|debug|trace|dir|table)\b/);
    }
  });
});

test.describe('canary secret against an echo server (H45)', () => {
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
              { tokenUri: `${server.url}/token?x=1`, clientId, clientSecret: secret, scheme, grant, checkRotation: true },
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
