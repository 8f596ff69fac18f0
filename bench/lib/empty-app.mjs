// The baseline for first-load JavaScript: "what an empty page of the same framework ships". It is a real App Router
// app with one empty page (bench/empty-app), built by the very `next` in node_modules with its defaults, and served
// by `next start`, which compresses like server.mjs does. An old build is reused only when it was made by the same
// Next version, so the baseline always moves with the framework the app is on.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.mjs';
import { NEXT_BIN, PROJECT_DIR } from './project.mjs';

const DIR = join(PROJECT_DIR, 'bench/empty-app');
const STAMP = join(DIR, '.next/bench-next-version');

export function nextVersion() {
  return JSON.parse(readFileSync(join(PROJECT_DIR, 'node_modules/next/package.json'), 'utf8')).version;
}

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], {
      cwd: DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`next ${args[0]} failed:\n${output}`))));
  });
}

export async function buildEmptyAppIfNeeded() {
  const version = nextVersion();
  if (existsSync(join(DIR, '.next/BUILD_ID')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === version) return false;
  await run(['build'], { NODE_ENV: 'production' });
  writeFileSync(STAMP, version);
  return true;
}

export async function startEmptyApp() {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: DIR,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (i > 300 || child.exitCode !== null) throw new Error('The empty baseline app did not start.');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
