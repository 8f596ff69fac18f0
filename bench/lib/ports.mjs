// Every server the bench starts listens on loopback, on a port from BENCH_PORTS (default 3400-3499), so a run never
// collides with a developer's `npm start` on 3000 or the e2e server on 3100.
import { createServer } from 'node:net';

const [FIRST, LAST] = (process.env.BENCH_PORTS ?? '3400-3499').split('-').map(Number);
let next = FIRST;

function canListen(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function freePort() {
  while (next <= LAST) {
    const port = next++;
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port left in BENCH_PORTS ${FIRST}-${LAST}.`);
}
