// The egress proxy's CONNECT tunnels (https and WebSockets): the tunnel target passes the gate like any request, then
// bytes are relayed both ways and counted. TLS stays end to end between Chromium and the server (Chromium verifies
// the certificate); the proxy never sees inside.

import 'server-only';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { REFUSED_HEADER, refusalText, type ProxyGate } from './proxy-gate';

/** Answer a CONNECT (or an Upgrade) with a refusal and close the client's connection. */
export function refuseTunnel(client: Duplex, status: number, reason: string): void {
  const { body, safety } = refusalText(status, reason);
  const statusText = status === 403 ? 'Forbidden' : status === 429 ? 'Too Many Requests' : status === 400 ? 'Bad Request' : 'Bad Gateway';
  client.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain; charset=utf-8\r\n${REFUSED_HEADER}: ${safety}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function handleConnect(gate: ProxyGate, req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
  gate.track(client);
  client.on('error', () => client.destroy());
  const authority = req.url ?? '';
  // host:port or [v6]:port, nothing else (no userinfo, path or spaces).
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s/?#@[\]:]+):\d{1,5}$/.test(authority)) {
    gate.record({ kind: 'other', host: '', port: 0, outcome: 'refused', reason: 'Malformed CONNECT target.' });
    refuseTunnel(client, 400, 'Malformed CONNECT target.');
    return;
  }
  const upstream = await gate.openUpstream('connect', `https://${authority}/`, (status, reason) => {
    if (!client.destroyed) refuseTunnel(client, status, reason);
  });
  if (!upstream) return;
  const { socket } = upstream;
  if (gate.closed || client.destroyed || gate.stats.capped === 'bytes') {
    socket.destroy();
    client.destroy();
    return;
  }
  gate.use('connect', upstream);
  socket.on('error', () => client.destroy());
  socket.on('close', () => client.destroy());
  client.on('close', () => socket.destroy());
  client.on('data', (c: Buffer) => gate.countBytes(c.length));
  client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  if (head.length > 0) {
    gate.countBytes(head.length);
    socket.write(head);
  }
  socket.pipe(client);
  client.pipe(socket);
}
