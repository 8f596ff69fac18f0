import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// The rule "one guarded module makes every outbound request", enforced on the source itself.
const ROOT = path.resolve(__dirname, '../..');
const SOURCE_DIRS = ['app', 'components', 'lib', 'content'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

const files = SOURCE_DIRS.flatMap(sourceFiles).map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
const NETWORK_IMPORT = /from ['"](node:)?(http|https|http2|net|tls|dgram|undici)['"]|require\(['"](node:)?(http|https|net|tls|undici)['"]\)/;

const isClientComponent = (text: string) => /^['"]use client['"]/m.test(text);

test('only lib/probe opens network connections from the server', () => {
  // A client component's fetch goes from the user's browser to Link Doctor's own API, not to a probed server.
  const offenders = files
    .filter(({ file }) => !file.startsWith(path.join('lib', 'probe') + path.sep))
    .filter(({ text }) => NETWORK_IMPORT.test(text) || (!isClientComponent(text) && /\bfetch\(/.test(text)))
    .map(({ file }) => file);
  expect(offenders).toEqual([]);
});

test('client components import no server-side probe code', () => {
  const clientSafe = new Set(['types', 'token-input', 'login-page-input', 'app-links-input']);
  const offenders = files
    .filter(({ text }) => isClientComponent(text))
    .flatMap(({ file, text }) =>
      [...text.matchAll(/from ['"]@\/lib\/probe\/([\w-]+)['"]/g)]
        .filter((m) => !clientSafe.has(m[1]!) && !/import \{ type|import type/.test(text.slice(text.lastIndexOf('\n', m.index), m.index)))
        .map((m) => `${file} imports lib/probe/${m[1]}`),
    );
  expect(offenders).toEqual([]);
});
