/** Pages that show a report: no Referer leaves them, and nothing caches them (security.md items 13–15). */
const REPORT_PAGE_HEADERS = [
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'Cache-Control', value: 'no-store' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A bad <Link href> fails the build instead of shipping a broken step.
  typedRoutes: true,
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/triage', headers: REPORT_PAGE_HEADERS },
      { source: '/report', headers: REPORT_PAGE_HEADERS },
    ];
  },
};

module.exports = nextConfig;
