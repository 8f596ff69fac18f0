import { expect, test } from '@playwright/test';
import { sendJson, startRawServer, startServer } from '@/e2e/fixtures/servers';
import { fixtureTls, makeBadCerts } from '@/e2e/fixtures/tls-certs';
import { MISBEHAVIOURS, startTokenServer, TEST_CLIENT, type TokenServerOptions } from '@/e2e/fixtures/token-servers';
import { TargetNotAllowed } from '@/lib/net';
import { TOKEN_FINDINGS } from './findings';
import { alexaRedirectUrls, isAlexaRedirectUrl, tokenProbeInputSchema, type TokenProbeInput } from './input';
import { buildTokenRequest } from './exchange';
import { runTokenProbe, type TokenProbeOptions } from './run';
import { runProbe } from '@/lib/probes/execute';
import type { FindingStatus } from '@/lib/probes/findings';
import type { TokenProbeResult } from './input';
import { harnessPolicy, tableLookup } from '@/lib/net/test-support';

const { ca } = fixtureTls();

function codeInput(tokenUri: string, scheme: TokenProbeInput['scheme'] = 'HTTP_BASIC', over: Partial<TokenProbeInput> = {}): TokenProbeInput {
  return {
    tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme,
    grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
    ...over,
  };
}
function refreshInput(tokenUri: string, checkRotation = false, scheme: TokenProbeInput['scheme'] = 'HTTP_BASIC'): TokenProbeInput {
  return {
    tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme,
    grant: { type: 'refresh_token', refreshToken: TEST_CLIENT.refreshToken },
    checkRotation,
  };
}
/** Runs the probe on input as a form or the API sends it: parsed with the schema first, as the registry does. */
const runParsed = async (raw: unknown, options?: TokenProbeOptions) => runTokenProbe(tokenProbeInputSchema.parse(raw), options);
const opts = (port: number, extra: TokenProbeOptions = {}): TokenProbeOptions => ({ policy: harnessPolicy(port), ca, ...extra });

function status(r: TokenProbeResult, id: string): FindingStatus | undefined {
  return r.findings.find((f) => f.id === id)?.status;
}
function finding(r: TokenProbeResult, id: string) {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
}
function fails(r: TokenProbeResult): string[] {
  return r.findings.filter((f) => f.status === 'fail').map((f) => `${f.id}: ${f.detail}`);
}

async function probeAgainst(server: TokenServerOptions, input: (uri: string) => TokenProbeInput = (u) => codeInput(u)) {
  const s = await startTokenServer(server);
  try {
    return { result: await runParsed(input(s.tokenUri), opts(s.port)), server: s };
  } finally {
    await s.close();
  }
}

test.describe('token probe: a compliant server', () => {
  for (const scheme of ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'] as const) {
    test(`authorization code with ${scheme}: no fail, every finding reported with its node`, async () => {
      const { result, server } = await probeAgainst({}, (u) => codeInput(u, scheme));
      expect(fails(result)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.probe).toBe('token');
      expect(result.findings.map((f) => f.id)).toEqual([...TOKEN_FINDINGS.ids]);
      for (const f of result.findings) {
        expect(f.node).toBe(TOKEN_FINDINGS.nodes[f.id as keyof typeof TOKEN_FINDINGS.nodes]);
        expect(f.title.length).toBeGreaterThan(5);
        expect(f.detail.length).toBeGreaterThan(5);
      }
      for (const id of ['token.https', 'token.tls', 'token.reachable', 'token.response-time', 'token.redirect', 'token.status', 'token.client-auth',
        'token.oauth-error', 'token.content-type', 'token.json', 'token.access-token', 'token.token-type', 'token.expires-in', 'token.refresh-token',
        'token.cache-control']) {
        expect(status(result, id), id).toBe('pass');
      }
      expect(status(result, 'token.port')).toBe('warn'); // test servers cannot use 443
      // The code exchange, then a refresh with the refresh token it returned, then that refresh token once more.
      expect(status(result, 'token.refresh-works')).toBe('pass');
      expect(status(result, 'token.rotation')).toBe('pass');
      expect(result.followUps.map((f) => f.purpose)).toEqual(['own-refresh', 'rotation-second-refresh']);
      expect(server.tokenRequests.slice(1).map((r) => r.form.get('grant_type'))).toEqual(['refresh_token', 'refresh_token']);
      // The first request, shaped as Alexa sends it.
      expect(server.tokenRequests).toHaveLength(3);
      const req = server.tokenRequests[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req.headers.accept).toBeUndefined();
      expect(req.form.get('grant_type')).toBe('authorization_code');
      expect(req.form.get('code')).toBe(TEST_CLIENT.code);
      expect(req.form.get('redirect_uri')).toBe(TEST_CLIENT.redirectUri);
      if (scheme === 'HTTP_BASIC') {
        expect(req.basic).toEqual({ id: TEST_CLIENT.clientId, secret: TEST_CLIENT.clientSecret });
        expect(req.form.has('client_secret')).toBe(false);
      } else {
        expect(req.headers.authorization).toBeUndefined();
        expect(req.form.get('client_id')).toBe(TEST_CLIENT.clientId);
        expect(req.form.get('client_secret')).toBe(TEST_CLIENT.clientSecret);
      }
      // Timings and the exchange record.
      for (const k of ['dns', 'connect', 'tls', 'firstByte', 'total'] as const) expect(typeof result.timing[k], k).toBe('number');
      expect(result.exchange?.response?.status).toBe(200);
      expect(result.exchange?.request.body).toContain('grant_type=authorization_code');
      expect(result.exchange?.request.body).toContain('[redacted authorization code]');
      expect(JSON.stringify(result)).not.toContain(TEST_CLIENT.clientSecret);
      expect(JSON.stringify(result)).not.toContain(TEST_CLIENT.code);
      expect(JSON.stringify(result)).not.toMatch(/access-\d+-x{40}/);
    });
  }

  test('refresh grant with the rotation check: a server that allows reuse passes', async () => {
    const { result, server } = await probeAgainst({}, (u) => refreshInput(u, true));
    expect(fails(result)).toEqual([]);
    expect(status(result, 'token.rotation')).toBe('pass');
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.tokenRequests.map((r) => r.form.get('refresh_token'))).toEqual([TEST_CLIENT.refreshToken, TEST_CLIENT.refreshToken]);
    expect(result.followUps.map((f) => f.purpose)).toEqual(['rotation-second-refresh']);
    expect(JSON.stringify(result)).not.toContain(TEST_CLIENT.refreshToken);
  });

  test('HTTP Basic form-encodes the credentials before base64 (RFC 6749 §2.3.1)', () => {
    const { headers } = buildTokenRequest({ clientId: 'id with space', clientSecret: 'a+b/c=d:e%', grant: { type: 'refresh_token', refreshToken: 'r' } }, 'HTTP_BASIC');
    const decoded = Buffer.from(headers.Authorization!.slice('Basic '.length), 'base64').toString();
    expect(decoded).toBe('id+with+space:a%2Bb%2Fc%3Dd%3Ae%25');
  });

  test('a secret with special characters still works with a spec-following server, with a warning for HTTP Basic', async () => {
    const secret = 'p+a/s=s:w o%rd&"\\';
    const s = await startTokenServer({ clientSecret: secret });
    try {
      const basic = await runParsed(codeInput(s.tokenUri, 'HTTP_BASIC', { clientSecret: secret }), opts(s.port));
      expect(fails(basic)).toEqual([]);
      expect(status(basic, 'token.client-auth')).toBe('warn');
      const body = await runParsed(codeInput(s.tokenUri, 'REQUEST_BODY_CREDENTIALS', { clientSecret: secret }), opts(s.port));
      expect(fails(body)).toEqual([]);
      expect(status(body, 'token.client-auth')).toBe('pass');
    } finally {
      await s.close();
    }
  });
});

test.describe('token probe: one misbehaving server per row', () => {
  const expectations: Array<[keyof typeof MISBEHAVIOURS, string, FindingStatus, RegExp, TokenProbeInput['scheme']?]> = [
    ['token.status', 'token.status', 'fail', /HTTP\/1\.1 500 Internal Server Error/],
    ['token.content-type', 'token.content-type', 'fail', /Content-Type: “text\/plain”/],
    ['token.json (form-encoded, GitHub)', 'token.json', 'fail', /form-encoded.*GitHub/],
    ['token.json (HTML)', 'token.json', 'fail', /HTML page/],
    ['token.access-token', 'token.access-token', 'fail', /no access_token/],
    // What Alexa does with another token_type is not documented: a warning.
    ['token.token-type', 'token.token-type', 'warn', /token_type is “mac”, not "bearer"/],
    ['token.expires-in (300)', 'token.expires-in', 'fail', /expires_in is 300; Alexa needs at least 360 seconds \(six minutes\)/],
    ['token.expires-in (missing)', 'token.expires-in', 'warn', /no expires_in.*Default Access Token Expiration Time/],
    ['token.expires-in (string)', 'token.expires-in', 'warn', /string “3600”.*falls back/],
    ['token.refresh-token', 'token.refresh-token', 'warn', /no refresh_token.*link their account again/],
    ['token.cache-control', 'token.cache-control', 'warn', /no Cache-Control header/],
    ['token.oauth-error (invalid_grant)', 'token.oauth-error', 'fail', /“invalid_grant” \(error_description: “The authorization code is invalid or expired\.”\): the authorization code was refused: it has expired, was already used/],
  ];
  for (const [name, id, want, detail] of expectations) {
    test(`${name} → ${id} ${want}`, async () => {
      const { result } = await probeAgainst(MISBEHAVIOURS[name]);
      const f = finding(result, id);
      expect(f.status, f.detail).toBe(want);
      expect(f.detail).toMatch(detail);
      expect(f.fix.length).toBeGreaterThan(10);
      expect(f.node).toBe(TOKEN_FINDINGS.nodes[id as keyof typeof TOKEN_FINDINGS.nodes]);
      if (want === 'fail') expect(result.ok).toBe(false);
      // The misbehaviour shows up in its own row; the GitHub body's token is redacted even though it is not JSON.
      expect(JSON.stringify(result)).not.toContain('gho_16C7e42F292c6912E7710c838347Ae178B4a');
    });
  }

  test('the GitHub case also flags the content type, and the HTML case too', async () => {
    const gh = (await probeAgainst(MISBEHAVIOURS['token.json (form-encoded, GitHub)'])).result;
    expect(status(gh, 'token.content-type')).toBe('fail');
    expect(status(gh, 'token.access-token')).toBe('skip');
  });

  test('rejects HTTP Basic but accepts body credentials → client-auth fail naming the scheme that works', async () => {
    const { result, server } = await probeAgainst(MISBEHAVIOURS['token.client-auth (body only)'], (u) => codeInput(u, 'HTTP_BASIC'));
    const f = finding(result, 'token.client-auth');
    expect(f.status).toBe('fail');
    expect(f.detail).toMatch(/With HTTP Basic the server did not accept.*401.*Credentials in request body.*accepted/);
    expect(f.fix).toContain('“Credentials in request body”');
    expect(status(result, 'token.status')).toBe('fail'); // what Alexa would get
    expect(status(result, 'token.access-token')).toBe('pass'); // read from the retry
    // Exactly one retry; the refreshes that follow use the scheme that worked.
    expect(result.followUps.map((x) => x.purpose)).toEqual(['client-auth-retry', 'own-refresh', 'rotation-second-refresh']);
    expect(server.tokenRequests.map((r) => (r.basic ? 'basic' : 'post'))).toEqual(['basic', 'post', 'post', 'post']);
  });

  for (const refusal of [{ status: 400, error: 'invalid_request' }, { status: 400, error: 'unauthorized_client' }, { status: 403, error: 'unauthorized_client' }]) {
    test(`refuses HTTP Basic with ${refusal.status} ${refusal.error} → the other scheme is tried and named`, async () => {
      const { result, server } = await probeAgainst({ auth: 'post', schemeRefusal: refusal }, (u) => codeInput(u, 'HTTP_BASIC'));
      const f = finding(result, 'token.client-auth');
      expect(f.status).toBe('fail');
      expect(f.detail).toContain(`${refusal.status}`);
      expect(f.fix).toContain('“Credentials in request body”');
      expect(finding(result, 'token.oauth-error').fix).toContain('Client Authentication Scheme');
      expect(server.tokenRequests.slice(0, 2).map((r) => (r.basic ? 'basic' : 'post'))).toEqual(['basic', 'post']);
    });
  }

  test('the same unauthorized_client for both schemes is not blamed on the scheme', async () => {
    const s = await startServer((_req, res) => sendJson(res, 400, { error: 'unauthorized_client', error_description: 'grant not allowed' }));
    try {
      const result = await runParsed(codeInput(`${s.url}/token`), opts(s.port));
      expect(finding(result, 'token.client-auth')).toMatchObject({ status: 'warn' });
      expect(finding(result, 'token.client-auth').detail).toMatch(/^Not clear/);
      expect(finding(result, 'token.oauth-error').fix).toMatch(/Allow the authorization code and refresh token grants/);
      expect(s.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  test('rejects body credentials but accepts HTTP Basic → client-auth fail naming HTTP Basic', async () => {
    const { result, server } = await probeAgainst(MISBEHAVIOURS['token.client-auth (basic only)'], (u) => codeInput(u, 'REQUEST_BODY_CREDENTIALS'));
    const f = finding(result, 'token.client-auth');
    expect(f.status).toBe('fail');
    expect(f.fix).toContain('“HTTP Basic”');
    expect(server.tokenRequests.map((r) => (r.basic ? 'basic' : 'post'))).toEqual(['post', 'basic', 'basic', 'basic']);
  });

  test('wrong secret → both schemes refused', async () => {
    const { result, server } = await probeAgainst({}, (u) => codeInput(u, 'HTTP_BASIC', { clientSecret: 'wrong' }));
    const f = finding(result, 'token.client-auth');
    expect(f.status).toBe('fail');
    expect(f.detail).toMatch(/both schemes/);
    expect(status(result, 'token.oauth-error')).toBe('fail');
    expect(server.tokenRequests).toHaveLength(2);
  });

  test('an error that quotes a token Link Doctor was never told about shows its start and length, not the token', async () => {
    const session = 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiI3ZjNhOWMyZTQxYjg0ZDZlIiwiZXhwIjoxNzMxMzIzMzM0fQ.Kp3xQ9vN2mR7tY4wB8zL1cF6hJ5sD0gA';
    const s = await startServer((_req, res) =>
      sendJson(res, 400, { error: 'invalid_grant', error_description: `Session ${session} does not own code 7f3a9c2e41b84d6e9a05c1d2b3e4f5a697886950` }),
    );
    try {
      const result = await runParsed(codeInput(`${s.url}/token`), opts(s.port));
      const detail = finding(result, 'token.oauth-error').detail;
      expect(detail).toContain(`error_description: “Session eyJhbGci…[${session.length} characters] does not own code 7f3a9c2e…[40 characters]”`);
      // The exchange shows the answer as it was received.
      expect(result.exchange?.response?.body).toContain(session);
    } finally {
      await s.close();
    }
  });

  test('refresh twice: rotation with no grace period → token.rotation warn', async () => {
    const { result } = await probeAgainst(MISBEHAVIOURS['token.rotation'], (u) => refreshInput(u, true));
    const f = finding(result, 'token.rotation');
    expect(f.status).toBe('warn');
    expect(f.detail).toMatch(/refused.*invalid_grant.*no grace period/);
    // Rotated tokens from the replies are redacted too.
    expect(JSON.stringify(result)).not.toMatch(/rotated-refresh-\d+/);
  });

  test('rotation is not checked unless asked', async () => {
    const { result, server } = await probeAgainst(MISBEHAVIOURS['token.rotation'], (u) => refreshInput(u, false));
    expect(status(result, 'token.rotation')).toBe('skip');
    expect(server.tokenRequests).toHaveLength(1);
  });

  test('a 307 is reported, never followed: the capture server receives nothing', async () => {
    const capture = await startServer((_q, res) => res.end('{"access_token":"stolen"}'));
    try {
      const s = await startTokenServer({ redirectTo: `${capture.url}/steal` });
      try {
        const result = await runParsed(codeInput(s.tokenUri, 'REQUEST_BODY_CREDENTIALS'), { policy: harnessPolicy(s.port, capture.port), ca });
        const f = finding(result, 'token.redirect');
        expect(f.status).toBe('fail');
        expect(f.detail).toContain('307');
        expect(f.detail).toContain(`${capture.url}/steal`);
        expect(f.node).toBe('token-server-error');
        expect(status(result, 'token.status')).toBe('fail');
        expect(capture.hits).toBe(0);
        expect(capture.requests).toHaveLength(0);
      } finally {
        await s.close();
      }
    } finally {
      await capture.close();
    }
  });

  test('an http token URI is a finding, and nothing is sent', async () => {
    const s = await startTokenServer({}, { tls: false });
    try {
      const result = await runParsed(codeInput(s.tokenUri.replace(/^https:/, 'http:')), opts(s.port));
      expect(status(result, 'token.https')).toBe('fail');
      expect(result.ok).toBe(false);
      expect(result.exchange).toBeNull();
      expect(result.findings.filter((f) => f.id !== 'token.https').every((f) => f.status === 'skip')).toBe(true);
      expect(s.hits).toBe(0);
    } finally {
      await s.close();
    }
  });

  test('a refused target throws TargetNotAllowed and the server gets no hit', async () => {
    const s = await startTokenServer({}, { host: '127.0.0.2' });
    try {
      const uri = s.tokenUri;
      await expect(runParsed(codeInput(uri), opts(s.port))).rejects.toBeInstanceOf(TargetNotAllowed);
      const lookup = tableLookup({ 'auth.example.test': ['127.0.0.2'] });
      await expect(runParsed(codeInput(`https://auth.example.test:${s.port}/oauth/token`), opts(s.port, { lookup }))).rejects.toThrow(/resolves to 127\.0\.0\.2/);
      expect(s.hits).toBe(0);
    } finally {
      await s.close();
    }
  });

  test('TLS problems (self-signed, expired, wrong host, incomplete chain) → token.tls and token.reachable fail, nothing sent', async () => {
    const bad = makeBadCerts();
    try {
      const cases = [
        [bad.selfSigned, 'DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/],
        [bad.expired, 'CERT_HAS_EXPIRED', /Renew/],
        [bad.wrongHost, 'ERR_TLS_CERT_ALTNAME_INVALID', /names 127\.0\.0\.1/],
        [bad.leafWithoutIntermediate, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', /full chain/],
      ] as const;
      for (const [cert, code, fix] of cases) {
        const s = await startTokenServer({}, { tls: cert });
        try {
          const result = await runParsed(codeInput(s.tokenUri), opts(s.port, { ca: bad.ca }));
          const f = finding(result, 'token.tls');
          expect(f, code).toMatchObject({ status: 'fail', node: 'tip-https-ca' });
          expect(f.detail).toContain(code);
          expect(f.fix).toMatch(fix);
          expect(status(result, 'token.reachable')).toBe('fail');
          expect(result.exchange?.failure?.kind).toBe('tls');
          expect(s.tokenRequests).toHaveLength(0);
        } finally {
          await s.close();
        }
      }
    } finally {
      bad.cleanup();
    }
  });

  test('a certificate issued by Let’s Encrypt (by name) → token.tls warn', async () => {
    const bad = makeBadCerts();
    try {
      const s = await startTokenServer({}, { tls: bad.letsEncryptLike });
      try {
        const result = await runParsed(codeInput(s.tokenUri), opts(s.port, { ca: bad.letsEncryptLikeCa }));
        const f = finding(result, 'token.tls');
        expect(f.status).toBe('warn');
        expect(f.detail).toMatch(/Let’s Encrypt certificates are not accepted/);
        expect(fails(result)).toEqual([]);
      } finally {
        await s.close();
      }
    } finally {
      bad.cleanup();
    }
  });

  test('TLS: a server that also speaks TLS 1.2 passes with the version and cipher; a TLS 1.3-only one warns', async () => {
    const both = await startTokenServer();
    try {
      const result = await runParsed(codeInput(both.tokenUri), opts(both.port));
      const f = finding(result, 'token.tls-version');
      expect(f.status).toBe('pass');
      expect(f.detail).toMatch(/limited to TLS 1\.2 completed the handshake: TLSv1\.2, cipher ECDHE-.*negotiated TLSv1\.3/);
      // The capped handshake sent a HEAD without credentials; the token endpoint saw only the probe's own POSTs.
      expect(both.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'HEAD']);
      expect(both.requests.filter((r) => r.method === 'HEAD').every((r) => !r.headers.authorization && r.body === '')).toBe(true);
    } finally {
      await both.close();
    }
    const only13 = await startTokenServer({}, { tlsOptions: { minVersion: 'TLSv1.3' } });
    try {
      const result = await runParsed(codeInput(only13.tokenUri), opts(only13.port));
      const f = finding(result, 'token.tls-version');
      expect(f).toMatchObject({ status: 'warn', node: 'tip-https-ca' });
      expect(f.detail).toMatch(/negotiated TLSv1\.3, cipher TLS_.*could not complete a handshake.*accepts only TLS 1\.3/);
      expect(fails(result)).toEqual([]);
    } finally {
      await only13.close();
    }
  });

  test('nothing listening → token.reachable fail', async () => {
    const s = await startTokenServer();
    const port = s.port;
    await s.close();
    const result = await runParsed(codeInput(`https://127.0.0.1:${port}/oauth/token`), opts(port));
    expect(finding(result, 'token.reachable')).toMatchObject({ status: 'fail' });
    expect(finding(result, 'token.reachable').detail).toContain('refused the connection');
    expect(status(result, 'token.tls')).toBe('skip');
  });

  test('a reply over 64 KB → token.json fail (bounded)', async () => {
    const { result } = await probeAgainst({ successText: JSON.stringify({ access_token: 'a'.repeat(70 * 1024) }) });
    expect(finding(result, 'token.json').detail).toContain('64 KB');
    expect(status(result, 'token.json')).toBe('fail');
  });

  test('a reply nested too deep or with a BOM → token.json fail', async () => {
    const deep = (await probeAgainst({ successText: `${'['.repeat(40)}${']'.repeat(40)}` })).result;
    expect(finding(deep, 'token.json').detail).toMatch(/nested more than 32/);
    const bom = (await probeAgainst({ successText: '\ufeff{"access_token":"x","token_type":"bearer"}' })).result;
    expect(finding(bom, 'token.json').detail).toMatch(/byte-order mark/);
  });

  test('a server that stalls mid-TLS → token.tls fail (timeout), within the budget', async () => {
    const silent = await startRawServer(() => {});
    try {
      const result = await runParsed(codeInput(`https://127.0.0.1:${silent.port}/t`), opts(silent.port, { timeouts: { connect: 500 } }));
      expect(status(result, 'token.tls')).toBe('fail');
      expect(status(result, 'token.reachable')).toBe('fail');
    } finally {
      await silent.close();
    }
  });

  test('slower than 4.5 s (real threshold) → token.response-time fail', async () => {
    test.slow();
    const { result } = await probeAgainst(MISBEHAVIOURS['token.response-time']);
    const f = finding(result, 'token.response-time');
    expect(f.status).toBe('fail');
    expect(f.detail).toMatch(/took 4\.\d\d s; Alexa gives up after 4\.5 seconds/);
    expect(f.node).toBe('token-response-time');
    expect(status(result, 'token.access-token')).toBe('pass');
  });
});

test.describe('token probe input', () => {
  test('the schema accepts the API shape and rejects malformed input with clear messages', () => {
    const ok = tokenProbeInputSchema.safeParse(codeInput('https://auth.example.com/oauth/token'));
    expect(ok.success).toBe(true);
    const bad = tokenProbeInputSchema.safeParse({ tokenUri: 'ftp://x', clientId: '', clientSecret: '', scheme: 'DIGEST', grant: { type: 'password' } });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'tokenUri: Enter the full access token URI, starting with https://',
        expect.stringMatching(/^clientId: Enter the client ID/),
        'clientSecret: Enter the client secret.',
        'scheme: Choose HTTP Basic or Credentials in request body.',
        expect.stringMatching(/^grant/),
      ]),
    );
    expect(messages.filter((m) => m.startsWith('clientSecret'))).toHaveLength(1);
    const noRedirect = tokenProbeInputSchema.safeParse({ ...codeInput('https://a.example/t'), grant: { type: 'authorization_code', code: 'c0de', redirectUri: 'http://x' } });
    expect(noRedirect.error?.issues[0]?.message).toMatch(/https:\/\//);
    // A one-letter secret would match ordinary text in the results, so it cannot be hidden reliably.
    const tooShort = tokenProbeInputSchema.safeParse({ ...codeInput('https://a.example/t'), clientSecret: 'b' });
    expect(tooShort.error?.issues.map((i) => i.message)).toEqual([expect.stringMatching(/client secret is shorter than 4 characters/)]);
  });

  test('input the schema refuses never reaches the token probe', async () => {
    const outcome = await runProbe('token', { tokenUri: 'nope' });
    expect(outcome.kind).toBe('invalid');
  });

  test('Alexa redirect URLs per region', () => {
    const urls = alexaRedirectUrls('M3BVP74N95SP1F');
    expect(urls.map((u) => u.url)).toEqual([
      'https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F',
      'https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F',
      'https://alexa.amazon.co.jp/api/skill/link/M3BVP74N95SP1F',
      'https://alexa.amazon.com/api/skill/link/M3BVP74N95SP1F',
    ]);
    expect(urls.map((u) => u.region)).toEqual(['NA', 'EU', 'FE', 'ALEXA']);
    expect(isAlexaRedirectUrl(urls[1]!.url)).toBe(true);
    expect(isAlexaRedirectUrl('https://evil.example/api/skill/link/X')).toBe(false);
  });
});

test('a token URI on another port gets a finding, not a refusal, and nothing is sent', async () => {
  const server = await startTokenServer();
  try {
    // The harness treats 127.0.0.1 as public, but allows no extra port.
    const result = await runParsed(codeInput(server.tokenUri), { policy: harnessPolicy(), ca });
    expect(result.findings.find((f) => f.id === 'token.port')).toMatchObject({ status: 'fail' });
    expect(result.findings.find((f) => f.id === 'token.status')?.status).toBe('skip');
    expect(result.ok).toBe(false);
    expect(server.hits).toBe(0);
  } finally {
    await server.close();
  }
});
