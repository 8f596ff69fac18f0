// The relay's API (see README): POST /api/relays makes one; GET /api/relays/<id>/captures and /events (live, as
// server-sent events) and DELETE /api/relays/<id> need its watch key as `Authorization: Bearer <key>`. A wrong or
// missing key answers 404, exactly as an unknown relay does, so the API tells nobody which relays exist.

import 'server-only';
import { checkTarget, isTargetNotAllowed, resolvePolicy } from '@/lib/net';
import { inputIssues, type ProbeCaller } from '@/lib/probes/execute';
import { errorResponse, limitedResponse, NO_STORE } from '@/lib/probes/respond';
import { isSharedStateUnavailable, sharedState } from '@/lib/shared-state';
import { relayInputSchema, type RelayCreated, type RelayEvent } from './input';
import { createRelay, deleteRelay, listCaptures, loadWatchedRelay, remainingMs, watchRelay, type StoredRelay } from './store';

/** Relays one client may make per hour, on all instances together (RELAY_CLIENT_PER_HOUR; 0 turns it off). */
function relaysPerClientPerHour(): number {
  const configured = process.env.RELAY_CLIENT_PER_HOUR?.trim();
  return configured && /^\d+$/.test(configured) ? Number(configured) : 20;
}
const HOUR_MS = 3600_000;

/**
 * This Link Doctor's public address, which the relay URLs are on: PUBLIC_URL when set (behind a proxy that terminates
 * TLS, or where the Host header is not the public name), else the origin the request was sent to (its Host header;
 * Next's own request URL names the host the server listens on instead).
 */
export function publicOrigin(host: string | null, protocol: 'http:' | 'https:'): string {
  for (const candidate of [process.env.PUBLIC_URL?.trim(), host && `${protocol}//${host}`]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.host) return url.origin;
    } catch {
      // unreadable: the next one
    }
  }
  return `${protocol}//localhost`;
}

/** The public origin for a request to the API. */
export function requestOrigin(request: Request): string {
  return publicOrigin(request.headers.get('host'), new URL(request.url).protocol === 'https:' ? 'https:' : 'http:');
}

/**
 * Answers a relay API request, or 503 with the reason when the shared state (Redis, with REDIS_URL) cannot be reached:
 * a plain refusal the caller can retry, never a 500.
 */
export async function whenStateAnswers(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (e) {
    if (!isSharedStateUnavailable(e)) throw e;
    const response = errorResponse(503, 'unavailable', e.message);
    response.headers.set('Retry-After', '5');
    return response;
  }
}

export type CreateOutcome = { ok: true; created: RelayCreated } | { ok: false; response: Response };

/** Makes a relay from untrusted input: 400 for bad fields, 422 for a refused URI, 429 past the client's budget. */
export async function createRelayFor(raw: unknown, caller: ProbeCaller, origin: string): Promise<CreateOutcome> {
  const parsed = relayInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: errorResponse(400, 'invalid_input', 'Some fields need attention.', { issues: inputIssues(parsed.error) }) };
  const input = parsed.data;
  const policy = resolvePolicy(undefined);
  try {
    // The same address rules as every probe, checked now; the token URI's DNS answers are checked again on each call.
    for (const url of [input.authorizationUri, input.accessTokenUri]) checkTarget(url, { policy });
  } catch (e) {
    if (isTargetNotAllowed(e)) return { ok: false, response: errorResponse(422, 'target_not_allowed', e.message) };
    throw e;
  }
  const perHour = relaysPerClientPerHour();
  if (perHour > 0 && (await sharedState().increment(`relay-made:${caller.client}`, HOUR_MS)) > perHour) {
    return { ok: false, response: limitedResponse(`You have made ${perHour} relays this hour, the most one client may. Reuse one, or wait.`, 3600) };
  }
  const { relay, key } = await createRelay(input);
  const base = `${origin}/relay/${relay.id}`;
  return {
    ok: true,
    created: {
      id: relay.id,
      authorizeUrl: `${base}/authorize`,
      tokenUrl: `${base}/token`,
      watchUrl: `${base}#key=${key}`,
      key,
      expiresAt: new Date(relay.expiresAt).toISOString(),
      mode: relay.mode,
    },
  };
}

/** The watch key of `Authorization: Bearer <key>`, or null. */
function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,100})\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

const notFound = () => errorResponse(404, 'not_found', 'No relay with this id and key: it was never made, has expired or was deleted, or the key is wrong.');

async function watched(request: Request, id: string): Promise<StoredRelay | null> {
  return loadWatchedRelay(id, bearerKey(request));
}

/** GET /api/relays/<id>/captures. */
export async function capturesResponse(request: Request, id: string): Promise<Response> {
  const relay = await watched(request, id);
  if (!relay) return notFound();
  return Response.json({ captures: await listCaptures(relay), expiresAt: new Date(relay.expiresAt).toISOString(), mode: relay.mode }, { headers: NO_STORE });
}

/** DELETE /api/relays/<id>: 204, and nothing of the relay is left. */
export async function deleteResponse(request: Request, id: string): Promise<Response> {
  const relay = await watched(request, id);
  if (!relay) return notFound();
  await deleteRelay(relay);
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** Seconds between comments that keep an idle stream open through proxies. */
const KEEP_ALIVE_MS = 15_000;

/**
 * GET /api/relays/<id>/events: the captures kept so far, then each new one as it is made (event `capture`), and last
 * event `end` with the reason (`deleted`, `expired`).
 */
export async function eventsResponse(request: Request, id: string): Promise<Response> {
  const relay = await watched(request, id);
  if (!relay) return notFound();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const seen = new Set<string>();
      const send = (event: RelayEvent) => {
        if (event.type === 'capture') {
          if (seen.has(event.capture.captureId)) return;
          seen.add(event.capture.captureId);
          write(`event: capture\ndata: ${JSON.stringify(event.capture)}\n\n`);
        } else {
          write(`event: end\ndata: ${JSON.stringify({ reason: event.reason })}\n\n`);
          cleanup();
        }
      };
      // Live events that arrive while the kept captures are read wait for them, so the order stays.
      let early: RelayEvent[] | null = [];
      const unsubscribe = await watchRelay(relay, (event) => (early ? early.push(event) : send(event)));
      const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const expiry = setTimeout(() => send({ type: 'end', reason: 'expired' }), Math.max(0, remainingMs(relay)));
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(keepAlive);
        clearTimeout(expiry);
        void unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      write(': relay events\n\n');
      for (const capture of await listCaptures(relay)) send({ type: 'capture', capture });
      const waiting = early;
      early = null;
      for (const event of waiting) send(event);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { ...NO_STORE, 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no', 'X-Content-Type-Options': 'nosniff' },
  });
}
