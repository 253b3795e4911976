/** @type {import('jest').Config} */
const transform = {
  // Type-checking is `npm run typecheck`'s job; tests only transpile, file by file.
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      // The benchmark's own helpers too (how it reads a profile).
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      // The services on a real store (the writer, the scheduler, the log service) — a SQLite file, or PostgreSQL under `npm run test:pg` — in process, without HTTP.
      displayName: 'medium',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // On PostgreSQL (CONVENTIO_TEST_DATABASE=postgres, `npm run test:pg`) only: fail fast when the
      // server is unreachable, and drop the databases a killed test left. Nothing on SQLite.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The web workspace in Chromium against the real server (needs `npm run web:build`).
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      testTimeout: 90_000,
    },
    {
      // Several API processes against one PostgreSQL database (npm run test:pg).
      displayName: 'cluster',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // End-to-end suites start real server processes and create tokens with the real CLI.
  testTimeout: 30_000,
};
