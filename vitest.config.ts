import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql for everyone: Node gives Apollo (and our code, outside tests) graphql's CommonJS
// build, but Vite would give our code its ESM build — a second graphql that rejects Apollo's
// schema ("Cannot use GraphQLSchema from another module or realm") in tests that build the gateway.
const oneGraphql = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] };

// Unit tests sit beside the code (`*.test.ts`); end-to-end tests start real processes
// (`tests/**/*.e2e.test.ts`) and run one file at a time: the machine has 2 cores.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: oneGraphql,
        test: {
          name: 'unit',
          include: ['common/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'web/src/**/*.test.ts', 'tests/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: oneGraphql,
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
