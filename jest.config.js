/**
 * One Jest run for every suite: unit (pure rules), integration (Strapi booted on SQLite
 * and on PostgreSQL, real SMTP) and e2e (the built admin in headless Chromium).
 * Two suites run at a time, as many as CI has cores: each boots its own Strapi on its own
 * database (a SQLite file, a PostgreSQL database of the one server) and listens on a free
 * port, so they share nothing but the machine.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The install test packs the plugin into a fresh app: its own run, `npm run test:install`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/install/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/helpers/global-setup.mjs',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/helpers/env.ts'],
  testTimeout: 180000,
  maxWorkers: 2,
  verbose: true,
};
