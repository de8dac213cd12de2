// One linter for the whole repository: the plugin (server, admin, shared), the app's
// config and seed, the tests and the bench. Formatting is Prettier's (`npm run lint`
// runs both); eslint-config-prettier turns off the rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'build/',
      '.strapi/',
      '.tmp/',
      '.cache/',
      'types/generated/',
      'public/',
      'coverage/',
      'test/.artifacts/',
      'bench/.data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Input is cleaned of control characters on purpose (shared/contracts, the letter layout).
      'no-control-regex': 'off',
    },
  },
  {
    // CommonJS files, tests and the bench load some modules lazily or by a computed path;
    // the SMTP worker's program runs from its own source text and loads the email
    // provider's own nodemailer by path.
    files: [
      '**/*.js',
      '**/*.cjs',
      'test/**/*.ts',
      'bench/**/*.ts',
      'src/plugins/dunning/server/src/smtp-worker/index.ts',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/plugins/dunning/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The server keeps Strapi's typing gaps in one adapter (docs/development.md): an
    // `any` anywhere else says so with a comment beside a disable.
    files: ['src/plugins/dunning/server/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Tests and the bench drive Strapi from outside its types.
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'database/**/*.ts',
      'config/**/*.ts',
      'scripts/**/*.js',
      'src/plugins/dunning/admin/**/*.{ts,tsx}',
      'src/plugins/dunning/shared/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier
);
