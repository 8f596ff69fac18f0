// Headers on every response: no framing, no MIME sniffing, and a Referer that never carries a path to other sites.
// next.config.js applies them to what Next serves; server.mjs to the static files it serves itself. The
// Content-Security-Policy differs per page (hashes or a nonce), so server.mjs sets it (lib/server/csp.mjs).
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

module.exports = { SECURITY_HEADERS };
