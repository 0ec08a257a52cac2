// ESLint: typescript-eslint's type-aware recommended rules for the service, tests, benchmarks and the web app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Rows from raw SQL, JSON bodies in tests and third-party payloads are `any` by nature: the no-unsafe-* family is a
// warning in src (visible, to be ratcheted down) and off in tests and benchmarks, where responses are read untyped.
const unsafeFamily = [
  '@typescript-eslint/no-unsafe-member-access',
  '@typescript-eslint/no-unsafe-assignment',
  '@typescript-eslint/no-unsafe-return',
  '@typescript-eslint/no-unsafe-call',
  '@typescript-eslint/no-unsafe-argument',
  '@typescript-eslint/no-explicit-any',
];
const level = (value) => Object.fromEntries(unsafeFamily.map((rule) => [rule, value]));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'web/dist/**',
      'web/src/gql/**',
      '**/*.cjs',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...level('warn'),
      // Apollo plugin hooks, Nest interfaces and test doubles are async by contract, with or without an await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/__tests__/**/*.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    rules: level('off'),
  },
);
