import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'functions/**/*.test.ts',
      'infra/**/*.test.ts',
      'cli/**/*.test.ts',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CHARTER_TEST_DYNAMODB=local or CHARTER_TEST_DYNAMODB_ENDPOINT: the integration tests' DynamoDB.
    globalSetup: ['test/fixtures/dynamodb-global-setup.ts'],
  },
});
