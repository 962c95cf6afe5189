// typescript-eslint's recommended rules over the whole monorepo.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noForeignTables from './scripts/lint/no-foreign-tables.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.test-services/**', 'libs/sealing/browser/vendor/**'] },
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
    // Configuration in one place: the platform reads its environment only in libs/core/src/config (loadConfig,
    // validated at boot). The two other programs keep their own reader: the bundled provincial receiver
    // (provincial-sim.ts) and the bidder's bid-seal tool (libs/sealing/src/cli).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/core/src/config/**', 'libs/provincial-receiver/src/provincial-sim.ts', 'libs/sealing/src/cli/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from PlatformConfig (libs/core/src/config), not process.env.' },
      ],
    },
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
