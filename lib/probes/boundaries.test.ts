import { expect, test } from '@playwright/test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// The code's two boundaries, as rules on the source rather than lists to keep: one guarded layer (lib/net) makes every
// outbound request, and what runs in the browser never reaches server code.
const ROOT = path.resolve(__dirname, '../..');
const SOURCE_DIRS = ['app', 'components', 'lib', 'content'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$|test-support\.ts$/.test(entry.name) ? [rel] : [];
  });
}

const files = new Map(SOURCE_DIRS.flatMap(sourceFiles).map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
const NETWORK_IMPORT = /from ['"](node:)?(http|https|http2|net|tls|dgram|undici)['"]|require\(['"](node:)?(http|https|net|tls|undici)['"]\)/;
const isClientComponent = (text: string) => /^['"]use client['"]/m.test(text);
const isServerAction = (text: string) => /^['"]use server['"]/m.test(text);
const inFolder = (file: string, folder: string) => file.startsWith(folder + path.sep);

/** The project's modules a file imports; with `runtimeOnly`, not those imported for types alone (they are erased). */
function imports(file: string, text: string, runtimeOnly: boolean): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+([^'";]*?)\s*from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)) {
    const clause = m[1] ?? '';
    const named = /^\{([^}]*)\}$/.exec(clause)?.[1];
    const typeOnly = clause.startsWith('type ') || (named !== undefined && named.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type ')));
    if (typeOnly && runtimeOnly) continue;
    const spec = m[2] ?? m[3]!;
    const base = spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? path.join(path.dirname(file), spec) : null;
    if (base === null) continue;
    const target = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((candidate) => files.has(candidate));
    if (target) found.push(target);
  }
  return found;
}

test('only lib/net opens network connections from the server', () => {
  // A client component's fetch goes from the user's browser to Link Doctor's own API, not to a probed server.
  const offenders = [...files]
    .filter(([file]) => !inFolder(file, path.join('lib', 'net')))
    .filter(([, text]) => NETWORK_IMPORT.test(text) || (!isClientComponent(text) && /\bfetch\(/.test(text)))
    .map(([file]) => file);
  expect(offenders).toEqual([]);
});

test('outside lib/net, code reaches the network layer only through its entry points', () => {
  // `@/lib/net`, and `@/lib/net/browser` for the headless browser; tests also use `@/lib/net/test-support`. What is
  // behind them may then move without touching their users. Tests and the e2e fixtures are read too.
  const allFiles = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return allFiles(rel);
      return /\.(ts|tsx)$/.test(entry.name) ? [rel] : [];
    });
  const entryPoints = new Set(['lib/net', 'lib/net/browser']);
  const offenders = [...SOURCE_DIRS, 'e2e']
    .flatMap(allFiles)
    .filter((file) => !inFolder(file, path.join('lib', 'net')))
    .flatMap((file) => {
      const isTest = /\.test\.tsx?$/.test(file) || inFolder(file, 'e2e');
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      return [...text.matchAll(/^(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)]
        .map((m) => m[1] ?? m[2]!)
        .map((spec) => (spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? path.join(path.dirname(file), spec) : null))
        .filter((target): target is string => target !== null && (target === path.join('lib', 'net') || inFolder(target, path.join('lib', 'net'))))
        .map((target) => target.replace(/\/index$|\.tsx?$/, ''))
        .filter((target) => !entryPoints.has(target) && !(isTest && target === 'lib/net/test-support'))
        .map((target) => `${file} imports ${target}`);
    });
  expect(offenders).toEqual([]);
});

test('what runs in the browser reaches no server code: no lib/net, no limits, no probe run, nothing marked server-only', () => {
  // Walk from every client component through the modules it imports at run time. A server action is a reference the
  // browser calls, not code it loads: the walk stops there.
  const reached = new Map<string, string>();
  const queue = [...files].filter(([, text]) => isClientComponent(text)).map(([file]) => [file, file] as const);
  while (queue.length > 0) {
    const [file, from] = queue.pop()!;
    if (reached.has(file)) continue;
    reached.set(file, from);
    const text = files.get(file)!;
    if (isServerAction(text)) continue;
    for (const target of imports(file, text, true)) queue.push([target, file]);
  }
  const serverOnly = [...reached]
    .filter(([file]) => !isServerAction(files.get(file)!))
    .filter(
      ([file]) =>
        /^import ['"]server-only['"]/m.test(files.get(file)!) ||
        inFolder(file, path.join('lib', 'net')) ||
        inFolder(file, path.join('lib', 'limits')) ||
        /^lib\/probes\/[\w-]+\/run\.ts$/.test(file),
    )
    .map(([file, from]) => `${file} (imported by ${from})`);
  expect(serverOnly).toEqual([]);
});

test('modules that need the server say so: lib/net, the probes’ runs, the registry and the executor import server-only', () => {
  const unmarked = [...files]
    .filter(([file]) => inFolder(file, path.join('lib', 'net')) || /^lib\/probes\/([\w-]+\/run|registry|definition|execute|respond)\.ts$/.test(file))
    .filter(([, text]) => !/^import ['"]server-only['"];/m.test(text))
    .map(([file]) => file);
  expect(unmarked).toEqual([]);
  expect(existsSync(path.join(ROOT, 'node_modules/server-only/package.json'))).toBe(true);
});

test('nothing imports in a circle', () => {
  // Depth-first over every import, types included: a circle means two modules that cannot be understood apart.
  const state = new Map<string, 'open' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of imports(file, files.get(file)!, false)) visit(target, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of files.keys()) visit(file, []);
  expect(circles).toEqual([]);
});
