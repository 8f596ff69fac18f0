// What Alexa calls: GET /relay/<id>/authorize and POST /relay/<id>/token. The answer goes back first; recording
// (redaction, the token probe's checks, storing and telling the watchers) runs after it, off Alexa's round trip.
//
// A relay is no open proxy: it answers only its two paths, authorize only to GET (a redirect to the authorization URI
// fixed when it was made, nothing fetched) and token only to a POST of a form body of at most 16 KB, which goes only
// to its fixed token URI, through lib/net (the address rules of every probe, DNS checked and pinned, redirects
// reported and never followed), at most RELAY_MAX_CALLS times.

import 'server-only';
import { after } from 'next/server';
import { isTargetNotAllowed, resolvePolicy, safeFetch } from '@/lib/net';
import { TOKEN_REPLY_MAX_BYTES } from '@/lib/probes/token/reply';
import { TOKEN_PROBE_TOTAL_MS } from '@/lib/probes/token/run';
import { readUpTo } from '@/lib/streams';
import { RAW_QUERY_HEADER } from '@/lib/server/raw-query.mjs';
import { authorizeCapture, forwardedHeaders, judgeTokenAnswer, returnedHeaders, tokenCapture, type TokenCall } from './capture';
import { RELAY_TOKEN_BODY_LIMIT } from './input';
import { countCall, keepCapture, loadRelay, type StoredRelay } from './store';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** An answer in OAuth's error shape (RFC 6749 §5.2), as a token client reads one. */
function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...headers } });
}

const unknownRelay = () => oauthError(404, 'invalid_request', 'No relay has this address: it was never made, has expired or was deleted.');
const tooManyCalls = () => oauthError(429, 'temporarily_unavailable', 'This relay has taken all the calls it takes. Make a new one at /relay.');

/** Any method but the one a relay path takes. */
export function wrongMethod(allowed: 'GET' | 'POST'): Response {
  return oauthError(405, 'invalid_request', `This address takes ${allowed} only.`, { Allow: allowed });
}

/** Records after the answer has gone; a failure to record never reaches Alexa. */
function recordAfter(task: () => Promise<void>): void {
  after(() => task().catch(() => undefined));
}

/**
 * The relay and one call counted against its cap; an answer instead when it is unknown, past its cap, or the shared
 * state cannot be reached (Redis down): Alexa then hears a plain OAuth error, not a crash.
 */
async function admitCall(id: string, before?: (relay: StoredRelay) => Promise<Response | null>): Promise<{ relay: StoredRelay } | { refusal: Response }> {
  try {
    const relay = await loadRelay(id);
    if (!relay) return { refusal: unknownRelay() };
    const refusal = before ? await before(relay) : null;
    if (refusal) return { refusal };
    return (await countCall(relay)) ? { relay } : { refusal: tooManyCalls() };
  } catch {
    return { refusal: oauthError(503, 'temporarily_unavailable', 'The relay cannot reach its stored state just now. Try again shortly.', { 'Retry-After': '5' }) };
  }
}

/** GET /relay/<id>/authorize: records the query, then 302 to the real authorization URI with the query as it came. */
export async function relayAuthorize(request: Request, id: string): Promise<Response> {
  const at = Date.now();
  const admitted = await admitCall(id);
  if ('refusal' in admitted) return admitted.refusal;
  const { relay } = admitted;
  const url = new URL(request.url);
  // As it came (server.mjs keeps it): Next's own URL has the query parsed and written again.
  const location = withQuery(relay.authorizationUri, request.headers.get(RAW_QUERY_HEADER) ?? url.search.slice(1));
  recordAfter(() => keepCapture(relay, authorizeCapture(at, request.headers, url.searchParams, location)));
  return new Response(null, { status: 302, headers: { ...NO_STORE, Location: location, 'Referrer-Policy': 'no-referrer' } });
}

/** The authorization URI with Alexa's query appended as it came (after the URI's own query, before any fragment). */
export function withQuery(uri: string, query: string): string {
  if (!query) return uri;
  const hash = uri.indexOf('#');
  const [base, fragment] = hash === -1 ? [uri, ''] : [uri.slice(0, hash), uri.slice(hash)];
  return `${base}${base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'}${query}${fragment}`;
}

/** POST /relay/<id>/token: forwarded byte for byte to the relay's token URI (or answered in dummy mode). */
export async function relayToken(request: Request, id: string): Promise<Response> {
  const at = Date.now();
  const started = performance.now();
  let body: Buffer | null = null;
  const admitted = await admitCall(id, async () => {
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
      return oauthError(415, 'invalid_request', 'A token request is a form: Content-Type: application/x-www-form-urlencoded.');
    }
    body = await readBody(request);
    return body ? null : oauthError(413, 'invalid_request', `The form is larger than ${RELAY_TOKEN_BODY_LIMIT / 1024} KB, the most a relay forwards.`, { Connection: 'close' });
  });
  if ('refusal' in admitted || !body) return 'refusal' in admitted ? admitted.refusal : unknownRelay();
  const { relay } = admitted;
  const form: Buffer = body;
  const call = relay.mode === 'dummy' ? dummyCall() : await forward(relay, request.headers, form);
  const durationMs = Math.round(performance.now() - started);
  const headers = new Headers();
  for (const [name, value] of call.answer.headers) headers.append(name, value);
  const response = new Response(new Uint8Array(call.answer.body), { status: call.answer.status, headers });
  recordAfter(async () => {
    const findings = call.judge ? call.judge() : [];
    await keepCapture(relay, tokenCapture({ ...call, at, headers: request.headers, body: form, durationMs, findings }));
  });
  return response;
}

async function readBody(request: Request): Promise<Buffer | null> {
  if (Number(request.headers.get('content-length')) > RELAY_TOKEN_BODY_LIMIT) return null;
  try {
    const bytes = request.body ? await readUpTo(request.body, RELAY_TOKEN_BODY_LIMIT) : new Uint8Array();
    return bytes ? Buffer.from(bytes) : null;
  } catch {
    return null;
  }
}

type Call = Pick<TokenCall, 'answer' | 'forwarded' | 'failure'> & { judge?: () => TokenCall['findings'] };

/** Sends Alexa's request to the token URI as it came, and takes the answer as it comes. */
async function forward(relay: StoredRelay, headers: Headers, body: Buffer): Promise<Call> {
  const url = new URL(relay.accessTokenUri);
  const policy = resolvePolicy(undefined);
  const grantType = new URLSearchParams(body.toString('utf8')).get('grant_type') ?? '';
  try {
    const result = await safeFetch(url, {
      method: 'POST',
      headers: forwardedHeaders(headers),
      body,
      // A redirect goes back to Alexa as it came; following it would resend the client secret elsewhere.
      followRedirects: 0,
      maxBodyBytes: TOKEN_REPLY_MAX_BYTES,
      timeouts: { total: TOKEN_PROBE_TOTAL_MS },
      policy,
    });
    if (result.ok) {
      const r = result.response;
      return {
        answer: { status: r.status, headers: returnedHeaders(r.headers), body: r.body },
        forwarded: true,
        judge: () => judgeTokenAnswer(url, grantType, { response: r }, policy),
      };
    }
    const failure = result.failure;
    return {
      answer: failedAnswer(`The relay could not get an answer from the token URI: ${failure.message}`),
      forwarded: true,
      failure: failure.message,
      judge: () => judgeTokenAnswer(url, grantType, { failure }, policy),
    };
  } catch (e) {
    if (!isTargetNotAllowed(e)) throw e;
    return { answer: failedAnswer(`The relay does not call this token URI: ${e.message}`), forwarded: false, failure: e.message };
  }
}

function failedAnswer(description: string): Call['answer'] {
  const body = JSON.stringify({ error: 'temporarily_unavailable', error_description: description });
  return { status: 502, headers: [['content-type', 'application/json'], ['cache-control', 'no-store']], body: Buffer.from(body) };
}

/**
 * Dummy mode (Amazon's "dummy token URL" test): a fixed, valid token answer, nothing forwarded. If linking then
 * succeeds, Alexa reaches and reads this relay, and the trouble is in the real token server's answer.
 */
function dummyCall(): Call {
  const answer = {
    access_token: `dummy-access-${crypto.randomUUID()}`,
    token_type: 'bearer',
    expires_in: 3600,
    refresh_token: `dummy-refresh-${crypto.randomUUID()}`,
  };
  return {
    answer: { status: 200, headers: [['content-type', 'application/json;charset=UTF-8'], ['cache-control', 'no-store'], ['pragma', 'no-cache']], body: Buffer.from(JSON.stringify(answer)) },
    forwarded: false,
  };
}
