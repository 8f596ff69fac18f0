// A throwaway redis-server on loopback (a port from BENCH_PORTS), keeping nothing on disk, for the limits figure.
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './ports.mjs';
import { sleep } from './stats.mjs';

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.on('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
    socket.on('error', () => resolve(false));
  });
}

export async function startRedisServer() {
  const port = await freePort();
  const child = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise((_, reject) => child.once('error', (e) => reject(new Error(`redis-server could not start (is it installed?): ${e.message}`))));
  const up = (async () => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) if (await answersPing(port)) return;
    throw new Error('redis-server did not answer within 10 s');
  })();
  try {
    await Promise.race([up, failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
