// The bench's targets: HTTPS servers on loopback with the committed e2e certificate (the app server trusts its CA
// through NODE_EXTRA_CA_CERTS), so no figure depends on the internet. Each answers after a fixed, stated delay that
// stands for the work a real server does.
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { join } from 'node:path';
import { freePort } from './ports.mjs';
import { TLS_DIR } from './project.mjs';
import { sleep } from './stats.mjs';

const TLS = { key: readFileSync(join(TLS_DIR, 'localhost-key.pem')), cert: readFileSync(join(TLS_DIR, 'localhost.pem')) };
const CA = readFileSync(join(TLS_DIR, 'ca.pem'));

export const CLIENT = {
  clientId: 'bench-client',
  clientSecret: 'bench-secret',
  code: 'bench-code',
  redirectUri: 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
};

/** `routes`: "METHOD /path" → async (req, res, body) => void. Unknown routes answer 404 at once. */
export async function startHttpsServer(routes) {
  const port = await freePort();
  const sockets = new Set();
  let open = 0;
  const server = createServer(TLS, (req, res) => {
    open++;
    res.once('close', () => open--);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const route = routes[`${req.method} ${req.url.split('?')[0]}`];
      if (!route) return void res.writeHead(404).end();
      Promise.resolve(route(req, res, Buffer.concat(chunks).toString())).catch(() => res.destroy());
    });
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${port}`,
    /** Requests that have not been answered completely yet. */
    get open() {
      return open;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An OAuth token endpoint that does `delayMs` of "work", then issues tokens as Alexa needs them. */
export function tokenEndpoint(delayMs) {
  return async (req, res) => {
    await sleep(delayMs);
    const body = JSON.stringify({ access_token: `access-${'x'.repeat(40)}`, token_type: 'bearer', expires_in: 3600, refresh_token: 'refresh-bench' });
    res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** A login page that takes `delayMs` to render. */
export function loginPage(delayMs) {
  return async (req, res) => {
    await sleep(delayMs);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"><button>Sign in</button></form></body></html>');
  };
}

/** One of the App Links / Universal Links files, served after `delayMs`. */
export function wellKnownFile(delayMs, json) {
  return async (req, res) => {
    await sleep(delayMs);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(json));
  };
}

/** A target that stalls: it answers 200 at once, then drips one byte a second and never finishes. */
export function drip() {
  return (req, res) =>
    new Promise((resolve) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 1000);
      res.once('close', () => {
        clearInterval(timer);
        resolve();
      });
    });
}

/** One HTTPS POST on a fresh connection (no agent), as bare as a token request gets; resolves when the body is in. */
export function barePost(url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, ca: CA, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
