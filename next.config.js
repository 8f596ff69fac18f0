/** @type {import('next').NextConfig} */
const nextConfig = {
  // A bad <Link href> fails the build instead of shipping a broken step.
  typedRoutes: true,
  poweredByHeader: false,
};

module.exports = nextConfig;
