// Request bodies are refused past their route's limit (lib/server/body-limits.cjs) before the server reads them:
// by Content-Length before a byte of the body is read, and a chunked body once the limit is passed. The server's
// memory stays where it was while a client streams 200 MB at it.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { LARGEST_API_INPUTS } from '@/lib/server/largest-inputs';
import { API_BODY_LIMITS, SERVER_ACTION_BODY_LIMIT } from '@/lib/server/body-limits.cjs';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { startAppServer, type AppServer } from './fixtures/app-server';

const MB = 1024 * 1024;
const HUGE = 200 * MB;
/** What a client may have handed its kernel before the server's answer reaches it (socket buffers on loopback). */
const IN_FLIGHT = 24 * MB;
/** Growth of the server's peak memory while it refuses a huge body: its buffers, never the body. */
const MEMORY_SLACK = 64 * MB;

let app: AppServer;

test.beforeAll(async () => {
  app = await startAppServer(LIMITS_OFF);
  // Load every route once, so that loading code is not counted as memory the bodies took.
  for (const route of Object.keys(API_BODY_LIMITS)) await post(app.url, route, '{}');
});

test.afterAll(async () => {
  await app?.stop();
});

/** Peak and current resident memory of a process, in bytes (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

function post(base: string, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

interface Sent {
  /** The answer's status, or null when the connection closed (or `wait` passed) without one. */
  status: number | null;
  headers: string;
  body: string;
  /** Body bytes handed to the socket before the answer came or the connection closed. */
  sent: number;
}

interface SendOptions {
  /** Body bytes to send, made lazily 64 KB at a time (never all in memory). */
  send: number;
  /** The Content-Length to announce; none means the body goes chunked. */
  contentLength?: number;
  headers?: Record<string, string>;
  /** How long to wait for an answer once everything is sent. */
  wait?: number;
}

/**
 * POSTs a JSON-looking body over a raw socket and stops sending as soon as the server answers or closes the
 * connection. A server that closes while the client is still sending may reset the connection before the client
 * reads the answer: then `status` is null.
 */
function sendBody(url: string, path: string, { send, contentLength, headers = {}, wait = 5_000 }: SendOptions): Promise<Sent> {
  const { hostname, port } = new URL(url);
  const chunked = contentLength === undefined;
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${contentLength}`,
    ...Object.entries({ 'Content-Type': 'application/json', ...headers }).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const opening = Buffer.from('{"response":"');
  const filler = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const parsed = parseAnswer(answer);
      resolve({ status: parsed?.status ?? null, headers: parsed?.headers ?? '', body: parsed?.body ?? '', sent });
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (parseAnswer(answer)?.complete) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    const write = (data: Buffer) => socket.write(chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data);
    const pump = () => {
      while (!done && sent < send) {
        const data = (sent === 0 ? opening : filler).subarray(0, send - sent);
        sent += data.length;
        if (!write(data)) return void socket.once('drain', pump);
      }
      if (done) return;
      if (chunked) socket.write('0\r\n\r\n');
      setTimeout(finish, wait);
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

/** The id of the server action a page's form posts to without JavaScript. */
async function actionIdOf(url: string): Promise<string> {
  const html = await (await fetch(url)).text();
  const id = /name="\$ACTION_1:0" value="\{&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(html)?.[1];
  if (!id) throw new Error(`no server action on ${url}`);
  return id;
}

/** An HTTP/1.1 answer as far as it has come: status, head, body (chunked encoding undone), and whether it is whole. */
function parseAnswer(text: string): { status: number; headers: string; body: string; complete: boolean } | null {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const headers = text.slice(0, end);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]);
  let rest = text.slice(end + 4);
  const length = /^content-length: *(\d+)$/im.exec(headers)?.[1];
  if (length !== undefined) return { status, headers, body: rest.slice(0, Number(length)), complete: rest.length >= Number(length) };
  if (!/^transfer-encoding: *chunked$/im.test(headers)) return { status, headers, body: rest, complete: false };
  let body = '';
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line < 0) return { status, headers, body, complete: false };
    const size = parseInt(rest.slice(0, line), 16);
    if (size === 0) return { status, headers, body, complete: true };
    if (rest.length < line + 2 + size + 2) return { status, headers, body, complete: false };
    body += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}

test('a body over its limit by Content-Length is refused before any of it is sent: 413, in the API’s shape or as a page for a form', async () => {
  const route = '/api/probes/token';
  const api = await sendBody(app.url, route, { contentLength: HUGE, send: 0 });
  expect(api.status).toBe(413);
  expect(api.headers).toMatch(/^cache-control: no-store$/im);
  expect(JSON.parse(api.body)).toEqual({ error: { code: 'payload_too_large', message: expect.stringContaining(`larger than ${API_BODY_LIMITS[route]! / 1024} KB`) } });

  const form = await sendBody(app.url, '/probe/token', { contentLength: HUGE, send: 0, headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
  expect(form.status).toBe(413);
  expect(form.headers).toMatch(/^content-type: text\/html/im);
  expect(form.body).toContain(`larger than ${SERVER_ACTION_BODY_LIMIT / 1024} KB`);
});

test('a client streaming 200 MB with a Content-Length is stopped at once, and the server’s memory stays put', async () => {
  test.setTimeout(60_000);
  for (const path of ['/api/probes/token', '/probe/token']) {
    const before = memoryOf(app.pid);
    const answer = await sendBody(app.url, path, { contentLength: HUGE, send: HUGE });
    expect([413, null], path).toContain(answer.status);
    expect(answer.sent, `${path}: body bytes sent before the server answered or hung up`).toBeLessThan(IN_FLIGHT);
    expect(memoryOf(app.pid).peak - before.peak, path).toBeLessThan(MEMORY_SLACK);
  }
});

test('a client streaming 200 MB chunked (no Content-Length) is stopped once past the limit, and the server’s memory stays put', async () => {
  test.setTimeout(60_000);
  const action = { 'Content-Type': 'multipart/form-data; boundary=x', 'Next-Action': await actionIdOf(`${app.url}/probe/token`), Origin: app.url };
  const cases: Array<[string, number, Record<string, string>]> = [
    ['/api/probes/accept-grant', API_BODY_LIMITS['/api/probes/accept-grant']!, {}],
    ['/api/check', API_BODY_LIMITS['/api/check']!, {}],
    // A server action: Next stops reading at the limit and hangs up (or answers 500).
    ['/probe/token', SERVER_ACTION_BODY_LIMIT, action],
  ];
  for (const [path, limit, headers] of cases) {
    const before = memoryOf(app.pid);
    const answer = await sendBody(app.url, path, { send: HUGE, headers });
    expect([413, 500, null], path).toContain(answer.status);
    expect(answer.sent, path).toBeGreaterThan(limit);
    expect(answer.sent, path).toBeLessThan(limit + IN_FLIGHT);
    expect(memoryOf(app.pid).peak - before.peak, path).toBeLessThan(MEMORY_SLACK);
  }
});

test('the limit is exact: one byte over is answered 413, by its Content-Length or chunked; a body at the limit is read', async () => {
  const route = '/api/probes/app-links';
  const limit = API_BODY_LIMITS[route]!;
  // Announced: refused before the body is sent. Chunked: refused once the byte past the limit has been read.
  for (const over of [await sendBody(app.url, route, { contentLength: limit + 1, send: 0 }), await sendBody(app.url, route, { send: limit + 1 })]) {
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body).error.code).toBe('payload_too_large');
  }
  // Read in full, and then it is not JSON (the string never ends).
  for (const atLimit of [await sendBody(app.url, route, { contentLength: limit, send: limit }), await sendBody(app.url, route, { send: limit })]) {
    expect(atLimit.status).toBe(400);
    expect(JSON.parse(atLimit.body).error.code).toBe('invalid_input');
  }
});

test('the largest input each API route accepts still gets through', async () => {
  test.setTimeout(60_000);
  for (const [route, largest] of Object.entries(LARGEST_API_INPUTS)) {
    const response = await post(app.url, route, JSON.stringify(largest()));
    // Read, parsed and checked: not refused for its size, and valid (what the probe then finds does not matter here).
    expect(response.status, route).not.toBe(413);
    expect(response.status, `${route}: ${response.status === 400 ? await response.text() : ''}`).not.toBe(400);
    await response.body?.cancel();
  }
});
