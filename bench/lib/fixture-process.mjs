// Figures measured against the tests' own servers (e2e/fixtures, TypeScript) run in a child Node that loads
// TypeScript (--experimental-transform-types and ./ts-hooks.mjs), so the bench itself stays plain JavaScript. The child
// prints its rows as the last line of its output, JSON; its other output goes to the bench's log.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_DIR } from './project.mjs';

const REGISTER = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));

/** Runs `script` (a path under bench/) with `args`; resolves with what its last line of output says. */
export function runWithFixtures(script, args, log) {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', REGISTER, script, ...args], {
    cwd: PROJECT_DIR,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    for (const line of chunk.split('\n').filter(Boolean)) log(`  ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${last.slice(0, 300)}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${script} printed no result: ${last.slice(0, 300)}`));
      }
    });
  });
}
