import type { NextConfig } from 'next';
import { COMMON_SECURITY_HEADERS } from './lib/security/common-headers';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: it must be required at run time, never bundled.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Lets several builds coexist (parallel e2e runs on one machine); default `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // Static files skip proxy.ts (see its matcher): they get the headers that need no nonce
  // here; pages and API answers get the full set, Content-Security-Policy included, there.
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(COMMON_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
