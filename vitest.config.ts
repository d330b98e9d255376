import { defineConfig } from 'vitest/config';

/**
 * Every suite runs twice: once on the embedded parts (PGlite, in-process bus and cache) and once on
 * the real services (PostgreSQL, Redis). `test/support/backend.ts` reads FLUXWORKS_TEST_BACKEND.
 */
const shared = {
  include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'test/integration/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'embedded', env: { FLUXWORKS_TEST_BACKEND: 'embedded' } } },
      { test: { ...shared, name: 'services', env: { FLUXWORKS_TEST_BACKEND: 'services' } } },
    ],
  },
});
