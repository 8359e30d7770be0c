import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server environment; tests run modules directly.
      'server-only': path.resolve(import.meta.dirname, 'scripts/server-only-noop.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'sim/**/*.test.ts', 'components/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The store tests run on SQLite and on a real PostgreSQL: one throw-away cluster per run.
    globalSetup: ['lib/store/__fixtures__/postgres-global-setup.ts'],
  },
});
