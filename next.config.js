const { SECURITY_HEADERS } = require('./lib/server/security-headers.cjs');
const { SERVER_ACTION_BODY_LIMIT } = require('./lib/server/body-limits.cjs');

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
  // Next stops reading a server action's body there. server.mjs refuses a larger Content-Length before Next sees it.
  experimental: { serverActions: { bodySizeLimit: `${SERVER_ACTION_BODY_LIMIT / 1024}kb` } },
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/triage', headers: REPORT_PAGE_HEADERS },
      { source: '/report', headers: REPORT_PAGE_HEADERS },
    ];
  },
};

module.exports = nextConfig;
