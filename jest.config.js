/** @type {import('jest').Config} */
const common = {
  testEnvironment: "node",
  // Type-checking is `npm run build` (tsc); ts-jest only transpiles, which keeps the suite fast.
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
    // hyparquet (the independent Parquet reader the tests check both writers with) ships ES modules only.
    "^.+/node_modules/hyparquet/.+\\.js$": ["ts-jest", { diagnostics: false, tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!hyparquet/)"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The run's own temporary directory, removed at the end: cdktf's Testing leaves its synths there.
  globalSetup: "<rootDir>/test/jest/global-setup.ts",
  globalTeardown: "<rootDir>/test/jest/global-teardown.ts",
  // The local services' data, synth output and the runtime's own packages are not test sources.
  modulePathIgnorePatterns: ["<rootDir>/.services/", "<rootDir>/cdktf.out/"],
};

// Jest runs the unit tests; the integration tests (real Kafka and MinIO) run under Node's own
// test runner (scripts/test-integration.sh): under Jest, kafkajs and HTTP calls to the
// spawned services stalled intermittently with no error.
module.exports = { ...common, testTimeout: 60000, testMatch: ["<rootDir>/test/{infra,runtime}/**/*.test.ts"] };
