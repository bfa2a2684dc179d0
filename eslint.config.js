// ESLint over the whole tree (`npm run lint`): ESLint's and typescript-eslint's recommended rules.
// Not the type-checked set: it would build a TypeScript program for every file on each run;
// `npm run typecheck` already runs the compiler. Layout is Prettier's job (`npm run format:check`).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Generated code and local data.
  { ignores: ['**/node_modules/', '.data/', 'coverage/', '**/src/generated/', 'operations/generated/', 'gateway/explorer/dist/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The few plain JavaScript files (scripts/*.mjs, this file) run on Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
  {
    // The explorer's page runs in a browser.
    files: ['gateway/explorer/**/*.ts', 'gateway/explorer/**/*.tsx'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', crypto: 'readonly' } },
  },
  {
    // The web service's own script runs in the browser, as a module.
    files: ['web/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { window: 'readonly', document: 'readonly' } },
  },
  {
    // A test reads the graph's answers as the JSON they are: the typed documents of operations/
    // type what front ends send, and a test's `any` is the answer it is about to check.
    files: ['**/*.test.ts', 'tests/**/*.ts', 'subgraphs/*/src/testApp.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // A leading underscore marks a value kept on purpose (a destructured part left out, a parameter a signature needs).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
