/** One jest run for every tier: unit specs beside the code, integration and e2e on real PostgreSQL. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const TIMING = process.env.PPS_TEST_TIER === 'timing';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Latency tests (`*.timing.spec.ts`: /health while heavy rule work runs) measure this process's
  // event loop, so they run in a pass of their own, one file at a time, after the others
  // (`PPS_TEST_TIER=timing`, the second half of `npm test`): another file's CPU is not their delay.
  testMatch: TIMING
    ? ['<rootDir>/test/**/*.timing.spec.ts']
    : ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: TIMING
    ? ['/node_modules/', '/dist/']
    : ['/node_modules/', '/dist/', '\\.timing\\.spec\\.ts$'],
  // ESM-only dependencies that jest's CommonJS runtime cannot require on Node 20: compiled by swc.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleNameMapper: {
    '^@pps/platform/core$': '<rootDir>/libs/platform/src/core',
    '^@pps/platform/sql$': '<rootDir>/libs/platform/src/sql',
    '^@pps/rules/files$': '<rootDir>/libs/rules/src/files',
    '^@pps/partners/contracts$': '<rootDir>/libs/partners/src/contracts',
    '^@pps/(platform|rules|ledger|partners|audit)$': '<rootDir>/libs/$1/src',
    '^@pps/policy-service$': '<rootDir>/apps/policy-service/src',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: TIMING ? 1 : 2,
};
