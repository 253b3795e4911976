/** @type {import('jest').Config} */
const transform = {
  // Type-checking is `npm run typecheck`'s job; tests only transpile, file by file.
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true, diagnostics: false }],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Each suite starts a real server process and creates tokens with the real CLI.
      testTimeout: 30_000,
    },
  ],
};
