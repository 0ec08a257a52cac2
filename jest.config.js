/**
 * Jest, two projects: `unit` (src/**\/*.spec.ts: a unit's own logic, no database) and `e2e` (test/**\/*.e2e-spec.ts:
 * the real service on a real PostgreSQL, the embedded one started once in globalSetup, or TEST_DATABASE_URL when
 * set). `jest` runs both once; `jest --selectProjects unit` (npm run test:unit) starts no database.
 */
const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
};

module.exports = {
  // Per test and hook; read from the top level when projects are used.
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/src'],
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
