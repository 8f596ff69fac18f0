// `npm start` (and `npm run dev`): Next.js behind a thin Node server. It exists for the one thing Next's own server
// cannot give the app: the client's address. Rate limits key on it (lib/limits), and Next passes any
// X-Forwarded-For a client makes up straight through. It also checks the limit settings before serving anything.
import { createServer } from 'node:http';
import { CLIENT_ADDRESS_HEADER, clientAddress, trustedHopsFrom } from './lib/server/client-address.mjs';
import { limitsFromEnv } from './lib/server/limits-config.mjs';

const dev = process.argv.includes('--dev');
process.env.NODE_ENV ??= dev ? 'development' : 'production';

const port = Number(process.env.PORT) || 3000;
const hostname = process.env.HOSTNAME || undefined;

let trustedHops;
try {
  trustedHops = trustedHopsFrom(process.env.TRUST_PROXY_HOPS);
  limitsFromEnv(); // read again where they are used; here only so that a bad value stops the start, by name
} catch (error) {
  console.error(`Link Doctor cannot start: ${error.message}`);
  process.exit(1);
}

const { default: next } = await import('next');
const app = next({ dev, hostname: hostname ?? 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedHops);
  handle(req, res);
}).listen(port, hostname, () => {
  console.log(`Link Doctor is ready on http://${hostname ?? 'localhost'}:${port}${dev ? ' (development)' : ''}`);
});
