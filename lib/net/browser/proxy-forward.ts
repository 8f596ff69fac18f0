// The egress proxy's plain-http forwarding: a request in absolute form (`GET http://host/…`) passes the gate, then goes
// to the checked address with the hop-by-hop headers dropped, and the answer comes back the same way. Anything else
// (an origin-form request) is refused: this is a forward proxy, not a web server.

import 'server-only';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { REFUSED_HEADER, refusalText, type ProxyGate } from './proxy-gate';

/** Headers about one connection, not the message: never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function refuseRequest(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { body, safety } = refusalText(status, reason);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    [REFUSED_HEADER]: safety,
    Connection: 'close',
  });
  res.end(body);
}

export async function handleRequest(gate: ProxyGate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.on('error', () => res.destroy());
  const raw = req.url ?? '';
  if (!/^http:\/\//i.test(raw)) {
    gate.record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Not a proxy request.' });
    refuseRequest(res, 400, 'This is a forward proxy for plain-http URLs only.');
    return;
  }
  const upstream = await gate.openUpstream('http', raw, (status, reason) => refuseRequest(res, status, reason));
  if (!upstream) return;
  const { target, socket } = upstream;
  if (gate.closed) {
    socket.destroy();
    res.destroy();
    return;
  }
  gate.use('http', upstream);

  const headers = endToEndHeaders(req.rawHeaders, 'host');
  headers.Host = target.hostHeader;
  headers.Connection = 'close';
  const out = httpRequest({
    method: req.method ?? 'GET',
    path: `${target.url.pathname}${target.url.search}`,
    headers,
    setHost: false,
    createConnection: () => socket,
    maxHeaderSize: 16 * 1024,
  });
  out.on('error', () => {
    socket.destroy();
    refuseRequest(res, 502, `The connection to ${target.hostname} failed.`);
  });
  out.on('response', (up: IncomingMessage) => {
    res.writeHead(up.statusCode ?? 502, up.statusMessage ?? '', endToEndHeaders(up.rawHeaders));
    up.on('error', () => res.destroy());
    up.pipe(res);
  });
  req.on('data', (c: Buffer) => gate.countBytes(c.length));
  req.pipe(out);
}

/** The headers of a message to pass on, in order and with repeats kept: all but the hop-by-hop ones (and `also`). */
function endToEndHeaders(raw: readonly string[], also?: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = String(raw[i]);
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === also) continue;
    const prev = headers[name];
    headers[name] = prev === undefined ? String(raw[i + 1]) : [...(Array.isArray(prev) ? prev : [String(prev)]), String(raw[i + 1])];
  }
  return headers;
}
