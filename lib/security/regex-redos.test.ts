// Every regular expression written in the modules that read pasted or received text runs in linear time, as the
// static ReDoS checker recheck proves it (offline: its analysis ships in the npm package). A new regex with nested or
// overlapping quantifiers fails here before it ships, whatever inputs the timing tests happen to try.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { check } from 'recheck';

/**
 * Every module of the app, not a hand-kept list of the ones that read pasted or received text today: a regex written
 * anywhere can end up applied to what a user pastes or a probed server sends. Components (.tsx) are left out: the
 * tokenizer below does not read JSX, and they only display what lib/ has already read.
 */
function sourceModules(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(rel);
    return /\.(ts|mjs|cjs)$/.test(entry.name) && !/\.test\.ts$|test-support\.ts$/.test(entry.name) ? [rel] : [];
  });
}

const ROOT = join(__dirname, '..', '..');
const MODULES = [...['app', 'components', 'lib'].flatMap(sourceModules), 'server.mjs'];

interface RegexLiteral {
  source: string;
  flags: string;
  line: number;
}

/**
 * The regular expression literals of a TypeScript file. A small tokenizer: it skips comments, strings and template
 * text, and reads a `/` as the start of a regex where an expression may start (after an operator, an opening bracket
 * or a keyword such as `return`), as a division elsewhere.
 */
function regexLiterals(code: string): RegexLiteral[] {
  const found: RegexLiteral[] = [];
  const braces: Array<'block' | 'template'> = [];
  let previous = '';
  let i = 0;
  const lineAt = (at: number) => code.slice(0, at).split('\n').length;
  const startsExpression = () =>
    previous === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(previous) || /^(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(previous);
  // Reads template text up to its end or the next `${`; returns true when an expression follows.
  const templateText = (): boolean => {
    while (i < code.length) {
      const c = code.charAt(i);
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        return false;
      } else if (c === '$' && code.charAt(i + 1) === '{') {
        i += 2;
        braces.push('template');
        return true;
      } else i++;
    }
    return false;
  };
  while (i < code.length) {
    const c = code.charAt(i);
    if (/\s/.test(c)) i++;
    else if (code.startsWith('//', i)) i = code.indexOf('\n', i) === -1 ? code.length : code.indexOf('\n', i);
    else if (code.startsWith('/*', i)) i = code.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      i++;
      while (i < code.length && code.charAt(i) !== c) i += code.charAt(i) === '\\' ? 2 : 1;
      i++;
      previous = 'string';
    } else if (c === '`' || (c === '}' && braces[braces.length - 1] === 'template')) {
      if (c === '}') braces.pop();
      i++;
      previous = templateText() ? '{' : 'string';
    } else if (c === '{') {
      braces.push('block');
      previous = c;
      i++;
    } else if (c === '}') {
      braces.pop();
      previous = c;
      i++;
    } else if (c === '/' && startsExpression()) {
      const start = i;
      let inClass = false;
      i++;
      while (i < code.length && (inClass || code.charAt(i) !== '/')) {
        const d = code.charAt(i);
        if (d === '\n') throw new Error(`line ${lineAt(start)}: a regex literal that does not end on its line`);
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        i += d === '\\' ? 2 : 1;
      }
      const source = code.slice(start + 1, i);
      i++;
      const flagsStart = i;
      while (/[a-z]/.test(code.charAt(i))) i++;
      found.push({ source, flags: code.slice(flagsStart, i), line: lineAt(start) });
      previous = 'regex';
    } else if (/[\w$]/.test(c)) {
      const start = i;
      while (i < code.length && /[\w$]/.test(code.charAt(i))) i++;
      previous = code.slice(start, i);
    } else if (code.startsWith('=>', i)) {
      previous = '=>';
      i += 2;
    } else {
      previous = c;
      i++;
    }
  }
  return found;
}

test('the tokenizer finds regex literals and only those', () => {
  const code = [
    'const a = /x+/g; // not /a comment/',
    "const b = 'not /a string/' + `also ${'not'} /this/ ${f(/in(side)/)}`;",
    'const c = d / e / f;',
    'if (ok) return /^[/]\\/$/i.test(s);',
  ].join('\n');
  expect(regexLiterals(code)).toEqual([
    { source: 'x+', flags: 'g', line: 1 },
    { source: 'in(side)', flags: '', line: 2 },
    { source: '^[/]\\/$', flags: 'i', line: 4 },
  ]);
});

// No time limits inside the analysis, only its step limits: the verdict is then the same on a busy machine, only later.
const ANALYSIS = { timeout: null, attackTimeout: null, incubationTimeout: null, seedingTimeout: null } as const;

for (const path of MODULES) {
  test(`${path}: every regular expression runs in linear time`, async () => {
    test.setTimeout(5 * 60_000);
    const literals = regexLiterals(readFileSync(join(ROOT, path), 'utf8'));
    const unsafe: string[] = [];
    for (const { source, flags, line } of literals) {
      expect(() => new RegExp(source, flags), `line ${line}: /${source}/${flags} is not a regex`).not.toThrow();
      const verdict = await check(source, flags, ANALYSIS);
      if (verdict.status === 'vulnerable') unsafe.push(`line ${line}: /${source}/${flags}: ${verdict.complexity.type}, e.g. ${verdict.attack.pattern}`);
      if (verdict.status === 'unknown') unsafe.push(`line ${line}: /${source}/${flags}: not analysed (${verdict.error.kind})`);
    }
    expect(unsafe).toEqual([]);
  });
}
