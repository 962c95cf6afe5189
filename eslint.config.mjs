// typescript-eslint's recommended rules over the whole monorepo.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noForeignTables from './scripts/lint/no-foreign-tables.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.test-services/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The boundaries between modules: imports are checked by dependency-cruiser (.dependency-cruiser.cjs),
    // SQL on another module's tables by this rule.
    files: ['libs/**/*.ts'],
    plugins: { platform: { rules: { 'no-foreign-tables': noForeignTables } } },
    rules: { 'platform/no-foreign-tables': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  // Code that runs in the bidder's browser (the portal serves it as ES modules).
  { files: ['libs/sealing/browser/**/*.js'], languageOptions: { sourceType: 'module', globals: globals.browser } },
);
