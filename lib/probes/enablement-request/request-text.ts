// Reads a pasted HTTP request: a curl command (bash or cmd quoting, line continuations) or a raw HTTP/1.1 request
// (request line, headers, blank line, body). Linear-time, never throws; errors come back as data.

import { parseUrl } from '@/lib/probes/urls';
import { MAX_TEXT_INPUT } from '@/lib/probes/input-fields';

export interface PastedRequest {
  format: 'curl' | 'http';
  method: string;
  /** Absolute URL when scheme and host are known, else null (see `target`). */
  url: string | null;
  /** The request target as written (URL or path). */
  target: string;
  /** Header name/value pairs in order, names as written. */
  headers: Array<[string, string]>;
  /** The body as sent, or null when there is none. */
  body: string | null;
  /** Content-Type curl adds on its own when none is given (e.g. for -d). */
  impliedContentType: string | null;
  /** Things the parser noticed that a check should mention (e.g. a body read from a file). */
  notes: string[];
}

export type PastedRequestResult = { ok: true; request: PastedRequest } | { ok: false; error: { code: PastedRequestErrorCode; message: string } };
export type PastedRequestErrorCode = 'empty' | 'too-large' | 'unbalanced-quote' | 'no-url' | 'not-a-request' | 'bad-request-line' | 'bad-header';

const fail = (code: PastedRequestErrorCode, message: string): PastedRequestResult => ({ ok: false, error: { code, message } });

export function parsePastedRequest(text: string): PastedRequestResult {
  if (text.length > MAX_TEXT_INPUT) return fail('too-large', `The request is too long: ${text.length} characters, the limit is ${MAX_TEXT_INPUT}.`);
  const trimmed = text.replace(/^\s+/, '');
  if (trimmed === '') return fail('empty', 'Paste the request: a curl command or the raw HTTP request.');
  if (/^(?:\$\s*|>\s*)?(?:curl(?:\.exe)?)(?:\s|$)/i.test(trimmed)) return parseCurl(trimmed);
  return parseRawHttp(trimmed);
}

// ---- curl ---------------------------------------------------------------------------------------------------------

/**
 * Windows cmd quoting ("Copy as cURL (cmd)"): `^x` is a literal x and `^` at a line end continues the line. What is
 * left is quoted like bash (`"…\"…"`), so it goes through `shellWords` next.
 */
function unescapeCmd(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== '^') {
      out += c;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === '\r' && text.charAt(i + 2) === '\n') i += 2;
    else if (next === '\n') i += 1;
    else {
      out += next;
      i += 1;
    }
  }
  return out;
}

/** Split a command line into words like bash would: quotes, escapes, `\` line continuations. */
export function shellWords(text: string): { ok: true; words: string[] } | { ok: false; message: string } {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const push = (s: string) => {
    word = (word ?? '') + s;
  };
  const end = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '\\') {
      // Line continuation, else `\x` is a literal x.
      const next = text.charAt(i + 1);
      if (next === '\n') i += 2;
      else if (next === '\r' && text.charAt(i + 2) === '\n') i += 3;
      else {
        push(next);
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return { ok: false, message: 'A single quote (\') is never closed.' };
      push(text.slice(i + 1, close));
      i = close + 1;
    } else if (c === '$' && text.charAt(i + 1) === "'") {
      const r = ansiCString(text, i + 2);
      if (!r) return { ok: false, message: "A $'…' string is never closed." };
      push(r.value);
      i = r.end;
    } else if (c === '"') {
      i++;
      let closed = false;
      let s = '';
      while (i < text.length) {
        const d = text.charAt(i);
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && '"\\$`\n'.includes(text.charAt(i + 1)) && text.charAt(i + 1) !== '') {
          if (text.charAt(i + 1) !== '\n') s += text.charAt(i + 1);
          i += 2;
          continue;
        }
        s += d;
        i++;
      }
      if (!closed) return { ok: false, message: 'A double quote (") is never closed.' };
      push(s);
    } else if ((c === '|' || c === ';' || c === '>') && word === null) {
      // The command ends at a pipe, a separator or a redirection.
      break;
    } else {
      push(c);
      i++;
    }
  }
  end();
  return { ok: true, words };
}

function ansiCString(text: string, start: number): { value: string; end: number } | null {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
  let s = '';
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'") return { value: s, end: i + 1 };
    if (c === '\\') {
      const n = text.charAt(i + 1);
      if (n === 'x' || n === 'u') {
        const len = n === 'x' ? 2 : 4;
        const hex = text.slice(i + 2, i + 2 + len);
        if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
          s += String.fromCharCode(parseInt(hex, 16));
          i += 2 + len;
          continue;
        }
      }
      s += escapes[n] ?? `\\${n}`;
      i += 2;
      continue;
    }
    s += c;
    i++;
  }
  return null;
}

// Options that take a value (the next word, or the rest of a short-option cluster).
const SHORT_WITH_VALUE = new Set(['X', 'H', 'd', 'u', 'A', 'e', 'b', 'c', 'o', 'm', 'w', 'x', 'E', 'T', 'F', 'r', 'K', 'Y', 'y', 'z', 'U', 'C', 'D', 'P', 'Q', 't']);
const LONG_WITH_VALUE = new Set([
  '--request', '--header', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json', '--url', '--user',
  '--user-agent', '--referer', '--cookie', '--cookie-jar', '--output', '--max-time', '--connect-timeout', '--write-out', '--retry',
  '--retry-delay', '--retry-max-time', '--proxy', '--proxy-user', '--cert', '--key', '--cacert', '--capath', '--cert-type', '--key-type',
  '--upload-file', '--form', '--form-string', '--resolve', '--connect-to', '--range', '--config', '--oauth2-bearer', '--aws-sigv4',
  '--proto', '--proto-redir', '--max-redirs', '--limit-rate', '--interface', '--local-port', '--dns-servers', '--noproxy', '--time-cond',
  '--continue-at', '--dump-header', '--trace', '--trace-ascii', '--stderr', '--variable', '--expand-url', '--expand-header', '--expand-data',
  '--ciphers', '--pinnedpubkey', '--preproxy', '--request-target', '--unix-socket', '--abstract-unix-socket', '--max-filesize', '--speed-limit',
  '--speed-time', '--header-file', '--url-query', '--happy-eyeballs-timeout-ms', '--keepalive-time', '--pass', '--hostpubmd5', '--login-options',
]);
const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json']);

function parseCurl(text: string): PastedRequestResult {
  const cmdStyle = text.includes('^"') || /\^\r?\n/.test(text);
  const split = shellWords(cmdStyle ? unescapeCmd(text) : text);
  if (!split.ok) return fail('unbalanced-quote', `The curl command cannot be read: ${split.message}`);
  const words = split.words;
  const start = words.findIndex((w) => /^curl(?:\.exe)?$/i.test(w));
  const args = words.slice(start + 1);

  let method: string | null = null;
  let head = false;
  let getWithData = false;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  const notes: string[] = [];
  const positional: string[] = [];
  let explicitUrl: string | null = null;
  let json = false;
  let sawData = false;

  const apply = (option: string, value: string) => {
    if (option === '-X' || option === '--request') method = value;
    else if (option === '-H' || option === '--header') {
      const colon = value.indexOf(':');
      if (colon > 0) {
        const name = value.slice(0, colon).trim();
        const v = value.slice(colon + 1).trim();
        // `-H 'Name:'` removes a header in curl; it sends nothing.
        if (v !== '') headers.push([name, v]);
      } else if (value.endsWith(';')) headers.push([value.slice(0, -1).trim(), '']);
      else notes.push(`The header ${JSON.stringify(value.slice(0, 40))} has no colon; curl ignores it.`);
    } else if (DATA_OPTIONS.has(option)) {
      sawData = true;
      if (option === '--json') json = true;
      if (value.startsWith('@') && option !== '--data-raw') {
        notes.push(`The body is read from the file ${value.slice(1) || '(stdin)'}; paste the body itself to check it.`);
        data.push('');
      } else data.push(value);
    } else if (option === '--url') explicitUrl = value;
    else if (option === '-u' || option === '--user') headers.push(['Authorization', `Basic ${basic(value)}`]);
    else if (option === '--oauth2-bearer') headers.push(['Authorization', `Bearer ${value}`]);
    else if (option === '-A' || option === '--user-agent') headers.push(['User-Agent', value]);
    else if (option === '-b' || option === '--cookie') headers.push(['Cookie', value]);
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      if (LONG_WITH_VALUE.has(arg)) {
        apply(arg, args[i + 1] ?? '');
        i++;
      } else if (arg === '--get') getWithData = true;
      else if (arg === '--head') head = true;
      // Other long options are flags (--compressed, --location, --silent, …).
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg.charAt(k);
        if (SHORT_WITH_VALUE.has(letter)) {
          const rest = arg.slice(k + 1);
          if (rest !== '') apply(`-${letter}`, rest);
          else {
            apply(`-${letter}`, args[i + 1] ?? '');
            i++;
          }
          break;
        }
        if (letter === 'G') getWithData = true;
        if (letter === 'I') head = true;
      }
    } else positional.push(arg);
  }

  const urlText = explicitUrl ?? positional.find((p) => /^https?:\/\//i.test(p)) ?? positional.find((p) => p.includes('.') || p.includes('/')) ?? null;
  if (urlText === null) return fail('no-url', 'The curl command has no URL. Include the full https://api.amazonalexa.com/… address.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(urlText) ? urlText : `http://${urlText}`; // curl's default scheme
  const url = parseUrl(withScheme);

  let body: string | null = sawData ? data.join('&') : null;
  let target = urlText;
  if (getWithData && body !== null && url) {
    url.search = url.search ? `${url.search}&${body}` : body;
    body = null;
    target = url.href;
  }
  const finalMethod: string = method ?? (head ? 'HEAD' : body !== null ? 'POST' : 'GET');
  if (json) {
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    if (!headers.some(([n]) => n.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json']);
  }
  const impliedContentType = body !== null && !headers.some(([n]) => n.toLowerCase() === 'content-type') ? 'application/x-www-form-urlencoded' : null;
  return {
    ok: true,
    request: { format: 'curl', method: finalMethod, url: url ? url.href : null, target, headers, body, impliedContentType, notes },
  };
}

/** base64 of user:password, the way curl -u builds its Basic header. */
function basic(userPass: string): string {
  const bytes = new TextEncoder().encode(userPass);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// ---- raw HTTP -----------------------------------------------------------------------------------------------------

const REQUEST_LINE = /^([A-Za-z]{3,10})[ \t]+(\/\S*|https?:\/\/\S+)(?:[ \t]+(HTTP\/[0-9](?:\.[0-9])?))?[ \t]*$/;
// Anchored, and every quantifier is followed by something it cannot match (so a long run of blanks in a pasted line
// cannot make them backtrack into each other). A value may not hold CR or another line terminator.
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:([^\r\n\u2028\u2029]*)$/;
const PSEUDO_HEADER_LINE = /^:([a-z]+):([^\r\n\u2028\u2029]*)$/;

function parseRawHttp(text: string): PastedRequestResult {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const first = lines[0] ?? '';
  const pseudo = first.startsWith(':');
  const match = pseudo ? null : REQUEST_LINE.exec(first);
  if (!pseudo && !match) {
    if (/^(?:fetch|axios|await|const|let|var|import|requests\.|http\.)/.test(first)) {
      return fail('not-a-request', 'This looks like program code. Paste a curl command or the raw HTTP request (request line, headers, blank line, body).');
    }
    return fail(
      'bad-request-line',
      `The first line is not an HTTP request line. It should read like "POST /v1/users/~current/skills/{skillId}/enablement HTTP/1.1", or start with "curl".`,
    );
  }
  let method = match?.[1] ?? 'GET';
  let target = match?.[2] ?? '';
  let authority: string | null = null;
  let scheme = 'https';
  const headers: Array<[string, string]> = [];
  let i = pseudo ? 0 : 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      break;
    }
    if (pseudo && line.startsWith(':')) {
      // HTTP/2 pseudo-headers, as browsers' developer tools copy them.
      const m = PSEUDO_HEADER_LINE.exec(line);
      if (!m) return fail('bad-header', `Line ${i + 1} is not a header ("name: value").`);
      const name = m[1] ?? '';
      const value = (m[2] ?? '').replace(/^[ \t]+/, '');
      if (name === 'method') method = value.toUpperCase();
      else if (name === 'path') target = value;
      else if (name === 'authority') authority = value;
      else if (name === 'scheme') scheme = value;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
      const last = headers[headers.length - 1];
      if (last) last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const h = HEADER_LINE.exec(line);
    if (!h) {
      return fail('bad-header', `Line ${i + 1} is not a header ("name: value"). Put a blank line between the headers and the body.`);
    }
    headers.push([h[1] ?? '', (h[2] ?? '').trim()]);
  }
  const rest = lines.slice(i).join('\n');
  // trimEnd, not a regex: /\s+$/ retries from every blank of a long run that is not at the end (quadratic).
  const body = rest.trim() === '' ? null : rest.trimEnd();
  const host = authority ?? headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? null;
  let url: URL | null = null;
  if (/^https?:\/\//i.test(target)) url = parseUrl(target);
  else if (host && target.startsWith('/')) url = parseUrl(`${scheme}://${host}${target}`);
  const notes: string[] = [];
  if (!url && !host) notes.push('The request has no Host header, so the API host cannot be checked.');
  return { ok: true, request: { format: 'http', method, url: url ? url.href : null, target, headers, body, impliedContentType: null, notes } };
}
