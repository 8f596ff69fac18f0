// The HTTP exchange of one hop: the request written to a socket that is already connected to a checked address, and
// the answer read under bounds. Complete headers must arrive within their deadline and fit in 16 KB; the body must
// arrive within the whole call's deadline and stay under the cap once DECODED (so a compression bomb stops at the
// cap, not at its tiny wire size), through at most three Content-Encodings. Anything else is a typed failure.

import 'server-only';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Connected } from './connect';
import { errorCode, errorMessage } from './errors';
import { HopFailure, round, type HopTiming } from './hop';
import type { FailureKind, FailurePhase, OutboundResponse } from './types';
import type { Target } from './url-policy';

export const MAX_HEADER_BYTES = 16 * 1024;
const MAX_CONTENT_ENCODINGS = 3;

/** One request's answer: a response before the redirect bookkeeping and timings are added. */
export type HopResult = Omit<OutboundResponse, 'url' | 'redirects' | 'redirect' | 'timing'>;

export interface HopRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

export interface ExchangeLimits {
  headersMs: number;
  /** When the whole safeFetch call must be over (performance.now() time). */
  deadline: number;
  totalMs: number;
  maxBodyBytes: number;
}

/** Ends the exchange with a failure (recording what had arrived by then). */
type Fail = (kind: FailureKind, phase: FailurePhase, message: string, code?: string) => void;

/** Send `req` over the connection and read the answer. Rejects with HopFailure; the socket is always destroyed. */
export function exchange(target: Target, conn: Connected, req: HopRequest, limits: ExchangeLimits, timing: HopTiming): Promise<HopResult> {
  return new Promise<HopResult>((resolve, reject) => {
    const { socket } = conn;
    let done = false;
    let status: number | undefined;
    let headers: Array<[string, string]> | undefined;
    let decodedBytes = 0;
    const timers: NodeJS.Timeout[] = [];
    const sentAt = performance.now();

    const finish = (err: HopFailure | null, result?: HopResult) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      if (err) {
        request.destroy();
        socket.destroy();
        reject(err);
      } else if (result) {
        socket.destroy();
        resolve(result);
      }
    };
    const failWith: Fail = (kind, phase, message, code) =>
      finish(
        new HopFailure(kind, phase, message, {
          address: conn.address,
          ...(code ? { code } : {}),
          ...(conn.tls ? { tls: conn.tls } : {}),
          ...(status !== undefined ? { status } : {}),
          ...(headers ? { headers } : {}),
          ...(status !== undefined ? { bodyBytes: decodedBytes } : {}),
        }),
      );

    const request = httpRequest({
      method: req.method,
      path: `${target.url.pathname}${target.url.search}`,
      headers: req.headers,
      setHost: false,
      createConnection: () => socket,
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: false,
    });

    // First byte: listen only once the HTTP parser owns the socket (its 'socket' event), so no data is taken from it.
    request.once('socket', (s: Socket) => {
      s.once('data', () => {
        timing.firstByte ??= round(performance.now() - sentAt);
      });
    });

    const remaining = () => Math.max(0, limits.deadline - performance.now());
    timers.push(
      setTimeout(() => {
        if (status === undefined) failWith('timeout', 'headers', `The server did not send complete response headers within ${limits.headersMs / 1000} s.`);
      }, Math.min(limits.headersMs, remaining())),
    );
    timers.push(
      setTimeout(() => {
        failWith(
          'timeout',
          status === undefined ? 'headers' : 'body',
          status === undefined
            ? `Nothing complete came back within the ${limits.totalMs / 1000} s limit.`
            : `The response body was still arriving when the ${limits.totalMs / 1000} s limit ran out.`,
        );
      }, remaining()),
    );

    request.on('error', (e) => failWith(...requestFailure(e, status !== undefined)));

    request.on('response', (res: IncomingMessage) => {
      status = res.statusCode ?? 0;
      headers = headerPairs(res);
      timing.firstByte ??= round(performance.now() - sentAt);
      readBody(res, limits.maxBodyBytes, {
        fail: failWith,
        isDone: () => done,
        countDecoded: (n) => (decodedBytes += n),
        succeed: (body, wireBytes, encodings) =>
          finish(null, {
            status: status ?? 0,
            statusText: res.statusMessage ?? '',
            httpVersion: res.httpVersion,
            headers: headers ?? [],
            body,
            wireBytes,
            decodedEncodings: encodings,
            address: conn.address,
            ...(conn.tls ? { tls: conn.tls } : {}),
          }),
      });
    });

    request.end(req.body);
  });
}

/** What a request error means, in the words of a failure: before the status line it is about the headers. */
function requestFailure(e: unknown, statusKnown: boolean): Parameters<Fail> {
  const code = errorCode(e);
  const phase = statusKnown ? 'body' : 'headers';
  if (code === 'HPE_HEADER_OVERFLOW') return ['protocol', 'headers', `The response headers are larger than ${MAX_HEADER_BYTES / 1024} KB.`, code];
  if (code?.startsWith('HPE_')) return ['protocol', phase, `The server sent a malformed HTTP response (${code}).`, code];
  if (code === 'ECONNRESET' && !statusKnown) return ['protocol', 'headers', 'The server closed the connection without sending a response.', code];
  return ['protocol', phase, `The connection failed: ${errorMessage(e)}`, code];
}

interface BodySink {
  fail: Fail;
  isDone(): boolean;
  /** Adds decoded bytes; returns the total so far. */
  countDecoded(bytes: number): number;
  succeed(body: Buffer, wireBytes: number, encodings: string[]): void;
}

/** Read the body, undoing its Content-Encodings, and stop as soon as the decoded bytes pass `maxBodyBytes`. */
function readBody(res: IncomingMessage, maxBodyBytes: number, sink: BodySink): void {
  const cl = res.headers['content-length'];
  const encodings = String(res.headers['content-encoding'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '' && s !== 'identity');
  if (encodings.length === 0 && cl !== undefined && Number(cl) > maxBodyBytes) {
    sink.fail('too-large', 'body', `The response body is ${cl} bytes (Content-Length), over the ${maxBodyBytes}-byte limit.`);
    return;
  }
  if (encodings.length > MAX_CONTENT_ENCODINGS) {
    sink.fail('protocol', 'body', `The response is compressed ${encodings.length} times over (Content-Encoding: ${encodings.join(', ')}).`);
    return;
  }
  // Undo encodings in reverse order of application.
  const decoders: Transform[] = [];
  for (const enc of [...encodings].reverse()) {
    const d = decoderFor(enc);
    if (!d) {
      sink.fail('protocol', 'body', `The response uses an unsupported Content-Encoding: ${enc.slice(0, 40)}.`);
      return;
    }
    decoders.push(d);
  }
  let wireBytes = 0;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => {
    wireBytes += c.length;
  });
  // Chain: res → d1 → d2 → … → sink
  let stream: NodeJS.ReadableStream = res;
  for (const d of decoders) {
    d.on('error', (e: Error) => sink.fail('protocol', 'body', `The body could not be decompressed (${encodings.join(', ')}): ${errorMessage(e)}`, errorCode(e)));
    stream = stream.pipe(d);
  }
  stream.on('data', (c: Buffer) => {
    if (sink.isDone()) return;
    if (sink.countDecoded(c.length) > maxBodyBytes) {
      for (const d of decoders) d.destroy();
      sink.fail(
        'too-large',
        'body',
        encodings.length
          ? `The decompressed body is over the ${maxBodyBytes}-byte limit (Content-Encoding: ${encodings.join(', ')}; ${wireBytes} bytes on the wire so far).`
          : `The response body is over the ${maxBodyBytes}-byte limit.`,
      );
      return;
    }
    chunks.push(c);
  });
  const truncated = () => `The server closed the connection before sending the whole body (Content-Length said ${cl} bytes, ${wireBytes} arrived).`;
  res.on('aborted', () => {
    sink.fail('protocol', 'body', cl !== undefined ? truncated() : 'The server closed the connection in the middle of the body.', 'ECONNRESET');
  });
  res.on('error', (e) => {
    const code = errorCode(e);
    sink.fail('protocol', 'body', cl !== undefined && code === 'ECONNRESET' ? truncated() : `The response body could not be read: ${errorMessage(e)}`, code);
  });
  stream.on('end', () => sink.succeed(Buffer.concat(chunks), wireBytes, encodings));
}

function headerPairs(res: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]).toLowerCase(), String(raw[i + 1])]);
  return out;
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}
