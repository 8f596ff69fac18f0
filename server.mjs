// `npm start` (and `npm run dev`): Next.js behind a thin Node server, for three things Next's own server cannot do.
// The client's address: rate limits key on it (lib/limits), and Next passes any X-Forwarded-For a client makes up
// straight through. And a script policy per page (lib/server/csp.mjs): hashes for prerendered pages, which stay
// static, and a fresh nonce for the rest. And the build's JavaScript and CSS compressed once, not on every request
// (lib/server/static-assets.mjs), and the guide's prerendered node pages likewise, with the headers Next would send
// (lib/server/prerendered-pages.mjs). A body larger than its route takes is refused by its Content-Length before anyone
// reads it (lib/server/body-limits.cjs), and a form posted from a no-referrer page gets the origin the browser hid
// back (lib/server/form-origin.mjs). It also checks the limit settings before serving anything.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bodyLimits from './lib/server/body-limits.cjs';
import { CLIENT_ADDRESS_HEADER, clientAddress, trustedHopsFrom } from './lib/server/client-address.mjs';
import { loadPolicies } from './lib/server/csp.mjs';
import { restoreSameOriginFormOrigin } from './lib/server/form-origin.mjs';
import { RAW_QUERY_HEADER, rawQueryOf } from './lib/server/raw-query.mjs';
import { browserMemoryMbFromEnv, limitsFromEnv } from './lib/server/limits-config.mjs';
import { checkRedisUrl } from './lib/server/redis-check.mjs';
import { prerenderedPages } from './lib/server/prerendered-pages.mjs';
import { staticAssets } from './lib/server/static-assets.mjs';

const dev = process.argv.includes('--dev');
process.env.NODE_ENV ??= dev ? 'development' : 'production';

const port = Number(process.env.PORT) || 3000;
const hostname = process.env.HOSTNAME || undefined;

let trustedHops;
try {
  trustedHops = trustedHopsFrom(process.env.TRUST_PROXY_HOPS);
  limitsFromEnv(); // read again where they are used; here only so that a bad value stops the start, by name
  browserMemoryMbFromEnv();
  if (process.env.REDIS_URL?.trim()) await checkRedisUrl(process.env.REDIS_URL.trim());
} catch (error) {
  console.error(`Link Doctor cannot start: ${error.message}`);
  process.exit(1);
}

const { default: next } = await import('next');
const dir = dirname(fileURLToPath(import.meta.url));
const app = next({ dev, dir, hostname: hostname ?? 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();
const policies = loadPolicies(join(dir, '.next'), { dev });
const serveStaticAsset = dev ? async () => false : staticAssets(join(dir, '.next'));
const servePrerenderedPage = dev ? async () => false : prerenderedPages(join(dir, '.next'));

async function serve(req, res) {
  if (bodyLimits.refuseOversizedBody(req, res)) return;
  // A file that cannot be read goes to Next, which answers it as it would have.
  if (await serveStaticAsset(req, res).catch(() => false)) return;
  const pathname = (req.url ?? '/').split('?')[0];
  const pagePolicy = policies.staticPolicy(pathname);
  if (pagePolicy) {
    res.setHeader('Content-Security-Policy', pagePolicy);
    if (await servePrerenderedPage(req, res).catch(() => false)) return;
  }
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedHops);
  restoreSameOriginFormOrigin(req.headers);
  req.headers[RAW_QUERY_HEADER] = rawQueryOf(req.url);
  let csp = pagePolicy;
  if (!csp) {
    csp = policies.perRequestPolicy();
    // Next.js takes the nonce for its own scripts from the request's policy.
    req.headers['content-security-policy'] = csp;
  }
  res.setHeader('Content-Security-Policy', csp);
  handle(req, res);
}

createServer(serve)
  // A client that asks before sending its body (Expect: 100-continue) hears the refusal before it sends anything.
  .on('checkContinue', (req, res) => {
    if (bodyLimits.refuseOversizedBody(req, res)) return;
    res.writeContinue();
    void serve(req, res);
  })
  .listen(port, hostname, () => {
    console.log(`Link Doctor is ready on http://${hostname ?? 'localhost'}:${port}${dev ? ' (development)' : ''}`);
  });
