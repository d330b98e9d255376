import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', 'web/dist/', 'dist/', 'data/', 'migrations/', 'coverage/', 'test-results/']),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every TypeScript file is in tsconfig.json, so every one is linted with type information.
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // An explicit `default` is a decision to cover the rest; without one, every union member needs its case.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Fastify plugins, hooks and handlers are async by contract even when their body awaits nothing.
      '@typescript-eslint/require-await': 'off',
      // `${count}` in a message is clear; objects and unions with undefined in templates stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // noUncheckedIndexedAccess already makes every index a decision; `!` is that decision made explicit
      // (e.g. the one row an `insert ... returning` gives back).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Typed accessors such as `cache.get<T>(key)` use a type parameter once on purpose.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },

  {
    files: ['server/**/*.ts', 'common/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.config.ts', 'web/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },

  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: globals.browser },
    rules: {
      // A missing dependency is a stale-closure bug, not a style nit: fail the build on it.
      'react-hooks/exhaustive-deps': 'error',
      // JSX event props take `() => void`; passing an async handler there is the usual React idiom.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },

  // Plain JavaScript is outside tsconfig.json: lint it without type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: {
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['web/public/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
