// The app under test: `node server.mjs` spawned directly (not through npm), so the pid is the server itself and
// /proc/<pid>/status is its memory.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS_OFF } from '../../lib/server/limits-config.mjs';
import { freePort } from './ports.mjs';
import { PROJECT_DIR, TLS_DIR } from './project.mjs';

const BENCH_ENV = {
  NODE_ENV: 'production',
  HOSTNAME: '127.0.0.1',
  // The bench's own token, login and well-known servers run on loopback with the e2e fixtures' certificate.
  PROBE_ALLOW_PRIVATE: '1',
  NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.pem'),
  // …and the app's headless Chromium, which keeps its own trust store, ignores certificate errors for that one key
  // (honoured only in private mode), as in the end-to-end tests.
  PROBE_TEST_CHROMIUM_SPKI: createHash('sha256')
    .update(createPublicKey(readFileSync(join(TLS_DIR, 'localhost.pem'))).export({ type: 'spki', format: 'der' }))
    .digest('base64'),
  // 0 = no limit: the load figure needs its 50 probes really running at once.
  ...LIMITS_OFF,
};

/** A memory figure of the process in KiB, from /proc (Linux); NaN where there is no /proc. */
function statusField(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : NaN;
  } catch {
    return NaN;
  }
}

function residentKiB(pid) {
  const fromProc = statusField(pid, 'VmRSS');
  return Number.isNaN(fromProc) ? Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) : fromProc;
}

/** `env` adds to (or overrides) the bench's settings. */
export async function startAppServer(env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...BENCH_ENV, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server.mjs did not start within 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes('is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server.mjs exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    /** Resident memory now, KiB. */
    rssKiB: () => residentKiB(child.pid),
    /** Highest resident memory since the last resetPeak(), KiB. */
    peakKiB: () => statusField(child.pid, 'VmHWM'),
    /** Starts a new VmHWM window (clear_refs 5); false where the kernel does not allow it. */
    resetPeak() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
