// /check runs every probe that applies at once, so it should take about as long as the slowest of them alone.
import { expectProbeRan, postJson, tokenProbeBody } from '../lib/app-api.mjs';
import { CLIENT, loginPage, startHttpsServer, tokenEndpoint, wellKnownFile } from '../lib/loopback-https.mjs';
import { median, ms } from '../lib/stats.mjs';

// Three targets with different, known delays, so the slowest probe is clear and parallel vs serial is obvious
// (serial would take about their sum).
const DELAYS = { token: 300, loginPage: 200, wellKnown: 150 };
const ROUNDS = 7;

const assetLinks = [{ relation: ['delegate_permission/common.handle_all_urls'], target: { namespace: 'android_app', package_name: 'com.example.bench', sha256_cert_fingerprints: [`${'AB:'.repeat(31)}AB`] } }];
const appleAssociation = { applinks: { details: [{ appIDs: ['ABCDE12345.com.example.bench'], components: [{ '/': '/link/*' }] }] } };

export async function measureCheckParallel(app) {
  const tokenSite = await startHttpsServer({ 'POST /oauth/token': tokenEndpoint(DELAYS.token) });
  const loginSite = await startHttpsServer({ 'GET /authorize': loginPage(DELAYS.loginPage) });
  const appSite = await startHttpsServer({
    'GET /.well-known/assetlinks.json': wellKnownFile(DELAYS.wellKnown, assetLinks),
    'GET /.well-known/apple-app-site-association': wellKnownFile(DELAYS.wellKnown, appleAssociation),
  });
  const single = {
    token: () => postJson(app, '/api/probes/token', tokenProbeBody(`${tokenSite.origin}/oauth/token`)),
    'login-page': () =>
      postJson(app, '/api/probes/login-page', {
        authorizationUri: `${loginSite.origin}/authorize`,
        domains: [],
        mode: 'static',
        clientId: CLIENT.clientId,
        scopes: 'profile',
        redirectUri: CLIENT.redirectUri,
      }),
    'app-links': () => postJson(app, '/api/probes/app-links', { url: `${appSite.origin}/` }),
  };
  const check = async () => {
    const result = await postJson(app, '/api/check', {
      fields: {
        type: 'AUTH_CODE',
        authorizationUrl: `${loginSite.origin}/authorize`,
        accessTokenUrl: `${tokenSite.origin}/oauth/token`,
        clientId: CLIENT.clientId,
        accessTokenScheme: 'HTTP_BASIC',
        scopes: 'profile',
        redirectUrls: `${appSite.origin}/link/done`,
      },
      clientSecret: CLIENT.clientSecret,
      code: CLIENT.code,
      codeRedirectUri: CLIENT.redirectUri,
    });
    if (result.status !== 200) throw new Error(`/api/check answered HTTP ${result.status}`);
    const ran = result.json.filter((e) => e.type === 'step' && e.step.status === 'done').map((e) => e.step.id);
    const missing = Object.keys(single).filter((id) => !ran.includes(id));
    if (missing.length > 0 || result.json.at(-1)?.type !== 'summary') {
      throw new Error(`/api/check did not run ${missing.join(', ') || 'to its summary'}: ${JSON.stringify(result.json).slice(0, 600)}`);
    }
    return result.ms;
  };
  try {
    for (const run of Object.values(single)) expectProbeRan(await run(), 'A probe');
    await check();
    // Each round: /check once, then each probe alone; the round's ratio is /check over the slowest of that round.
    const times = { check: [], token: [], 'login-page': [], 'app-links': [] };
    const ratios = [];
    for (let i = 0; i < ROUNDS; i++) {
      times.check.push(await check());
      for (const [id, run] of Object.entries(single)) times[id].push(expectProbeRan(await run(), id).ms);
      ratios.push(times.check[i] / Math.max(...Object.keys(single).map((id) => times[id][i])));
    }
    const alone = Object.keys(single).map((id) => ({ id, ms: median(times[id]) }));
    const slowest = alone.reduce((a, b) => (b.ms > a.ms ? b : a));
    return {
      figure: `/api/check running the token, login-page and app-links probes (their loopback targets take ${DELAYS.token}, ${DELAYS.loginPage} and ${DELAYS.wellKnown} ms) vs its slowest single probe`,
      measured: `${ms(median(times.check))} / slowest alone (${slowest.id}) ${ms(slowest.ms)}; alone: ${alone.map((a) => `${a.id} ${ms(a.ms)}`).join(', ')} (medians of ${ROUNDS} rounds; ratio: median of the rounds' ratios)`,
      ratio: median(ratios),
      goal: 1.2,
    };
  } finally {
    await Promise.all([tokenSite.close(), loginSite.close(), appSite.close()]);
  }
}
