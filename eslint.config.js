// Lint (npm run lint, in .ci/run before the tests): typescript-eslint's flat config, type-aware,
// with the few rules this codebase asked for. The import walls are checked by tools/walls/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'db/**', 'assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // One import statement per module (a type-only import beside a value import is fine).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      // Unused code: variables, imports, parameters (a leading _ says "unused on purpose").
      '@typescript-eslint/no-unused-vars': ['error', { args: 'all', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A promise nobody awaits loses its errors and its ordering: await it, or say `void` on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise where a plain value or a void callback is expected (an async if-condition, an
      // async listener of an EventEmitter) is a bug waiting.
      '@typescript-eslint/no-misused-promises': 'error',
      // Slack payloads are loosely typed JSON; `any` is used where Bolt's own types give up.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript config files have no type information.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
