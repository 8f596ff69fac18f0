/**
 * Every response: no framing, no MIME sniffing, and a Referer that never carries a path to other sites. The
 * Content-Security-Policy differs per page (hashes or a nonce), so server.mjs sets it (lib/server/csp.mjs).
 */
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

/** Pages that show a report: no Referer leaves them, and nothing caches them (security.md items 13–15). */
const REPORT_PAGE_HEADERS = [
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'Cache-Control', value: 'no-store' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A bad <Link href> fails the build instead of shipping a broken step.
  typedRoutes: true,
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/triage', headers: REPORT_PAGE_HEADERS },
      { source: '/report', headers: REPORT_PAGE_HEADERS },
    ];
  },
};

module.exports = nextConfig;
