// @ts-check
// The most a request body may be, per route, in one table: server.mjs refuses a larger Content-Length before Next sees
// the request, the API routes stop reading a body without one (chunked) at the limit, and next.config.js gives the
// server actions' limit to Next, which stops reading there too.
//
// Each API limit admits the largest input its route's schema accepts, every character of text counted at three bytes
// (UTF-8): a few tens of KB for a probe, a few hundred for /check. A body of valid fields spelled almost entirely in
// \u escapes could still be refused, with a 413 that says the limit. lib/server/body-limits.test.ts measures those inputs
// and fails when a schema outgrows its limit, or a limit its schema.

const { SECURITY_HEADERS } = require('./security-headers.cjs');

const KB = 1024;

/** @type {Readonly<Record<string, number>>} */
const API_BODY_LIMITS = {
  '/api/probes/token': 44 * KB,
  '/api/probes/app-links': 8 * KB,
  '/api/probes/login-page': 74 * KB,
  '/api/probes/implicit-redirect': 52 * KB,
  '/api/probes/final-url': 26 * KB,
  '/api/probes/provider-quirks': 104 * KB,
  '/api/probes/accept-grant': 54 * KB,
  '/api/probes/enablement-request': 66 * KB,
  // The rehearsal's configuration, four redirect URLs, the secrets and the test account.
  '/api/link': 102 * KB,
  // A pasted configuration of up to 64 K characters, the typed fields and the secrets.
  '/api/check': 400 * KB,
  // The live view: a session id (and a little whitespace) to watch or cancel; a batch of clicks and typed text.
  '/api/link/live/view': 40,
  '/api/link/live/cancel': 40,
  '/api/link/live/input': 26 * KB,
  // A recording relay's two URIs, its mode and lifetime.
  '/api/relays': 32 * KB,
};

/**
 * What Alexa POSTs to a recording relay's token URL (/relay/<id>/token): a token request's form, which is a few
 * hundred bytes. lib/flows/relay reads no more either (RELAY_TOKEN_BODY_LIMIT).
 */
const RELAY_TOKEN_PATH = /^\/relay\/[^/]+\/token$/;
const RELAY_TOKEN_BODY_LIMIT = 16 * KB;

/**
 * Every server action, in form-data. Next has one setting for all of them, and a form posts to whichever page shows
 * it (a probe's form also sits in the guide's steps). The largest is /triage's paste of up to 512 KB. Without
 * JavaScript a probe form also posts its previous result back (React keeps useActionState's state in the page), a
 * browser-mode login page result with its screenshot being the largest, at about 300 KB.
 */
const SERVER_ACTION_BODY_LIMIT = 640 * KB;

/**
 * The most a body sent to `pathname` may be. A path that is not an API route may be a server action's page.
 *
 * @param {string} pathname
 */
function bodyLimitFor(pathname) {
  if (RELAY_TOKEN_PATH.test(pathname)) return RELAY_TOKEN_BODY_LIMIT;
  return API_BODY_LIMITS[pathname] ?? SERVER_ACTION_BODY_LIMIT;
}

/**
 * The API's answer to a body over its limit, as JSON text (`{ error: { code, message } }`).
 *
 * @param {number} limit
 */
function payloadTooLargeJson(limit) {
  const message = `The request body is larger than ${Math.round(limit / KB)} KB, the most this address accepts. Send less: every field has a limit of its own, well below that.`;
  return JSON.stringify({ error: { code: 'payload_too_large', message } });
}

/**
 * For server.mjs: answers 413 when a request's Content-Length is over the limit of its path, before anything reads the
 * body, and closes the connection after the answer so that the rest is never read. The API gets its JSON error; a form
 * sent without JavaScript gets a page that says what to do. True when it answered.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function refuseOversizedBody(req, res) {
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  const limit = bodyLimitFor(pathname);
  if (!(Number(req.headers['content-length']) > limit)) return false;
  for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'close');
  if (pathname.startsWith('/api/')) {
    res.writeHead(413, { 'Content-Type': 'application/json' }).end(payloadTooLargeJson(limit));
  } else if (RELAY_TOKEN_PATH.test(pathname)) {
    // A token client reads OAuth's error shape.
    const description = `The form is larger than ${Math.round(limit / KB)} KB, the most a relay forwards.`;
    res.writeHead(413, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request', error_description: description }));
  } else {
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8' }).end(
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
        '<title>Too much to send - Link Doctor</title><h1>Too much to send</h1>' +
        `<p>What the form sent is larger than ${Math.round(limit / KB)} KB, the most Link Doctor accepts. ` +
        'Go back, shorten what you pasted, and send it again: each field says how much it takes.</p></html>',
    );
  }
  return true;
}

module.exports = { API_BODY_LIMITS, RELAY_TOKEN_BODY_LIMIT, SERVER_ACTION_BODY_LIMIT, bodyLimitFor, payloadTooLargeJson, refuseOversizedBody };
