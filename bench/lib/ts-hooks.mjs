// Module hooks that let plain Node load the test fixtures' TypeScript as the tests' tsconfig does: `@/…` from the
// project root, imports without an extension (a .ts, .tsx or index.ts beside them), and `server-only` as the empty
// module Next's server layer gives it. Node strips (and with --experimental-transform-types, transforms) the types.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSIONS = ['.ts', '.tsx', '.mjs', '.js', '.cjs', '/index.ts', '/index.tsx', '/index.js'];

function existing(path) {
  if (existsSync(path) && statSync(path).isFile()) return path;
  for (const ext of EXTENSIONS) if (existsSync(path + ext)) return path + ext;
  return null;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: pathToFileURL(join(ROOT, 'node_modules/server-only/empty.js')).href, shortCircuit: true };
  let path = null;
  if (specifier.startsWith('@/')) path = existing(join(ROOT, specifier.slice(2)));
  else if ((specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL?.startsWith('file:')) {
    path = existing(fileURLToPath(new URL(specifier, context.parentURL)));
  }
  if (path) return { url: pathToFileURL(path).href, shortCircuit: true };
  return next(specifier, context);
}

// The fixtures are written for the tests' CommonJS transform and use __dirname / __filename.
export async function load(url, context, next) {
  const result = await next(url, context);
  if (!/\.tsx?$/.test(new URL(url).pathname) || result.source === undefined) return result;
  const source = String(result.source);
  if (!/\b__(dirname|filename)\b/.test(source)) return result;
  const file = fileURLToPath(url);
  const header = `const __filename = ${JSON.stringify(file)}; const __dirname = ${JSON.stringify(join(file, '..'))};`;
  return { ...result, source: `${header}${source}` };
}
