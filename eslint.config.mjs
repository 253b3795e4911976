import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'web/dist/',
      'web/public/',
      'web/src/gql/',
      'native/*/build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'off',
    },
  },
  {
    // Short functions and files in the server's source (the tests are free to be long).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Exempt: the migrations' `up` methods are lists of SQL statements, and the convention
    // machine's file is one configuration object (its states and transitions) read as a whole.
    files: ['src/database/migrations/**/*.ts', 'src/machines/convention.machine.ts'],
    rules: {
      'max-lines-per-function': 'off',
      'max-lines': 'off',
    },
  },
  {
    // The composition root (src/app) and the CLI wire the API and the services: nothing imports them back.
    files: ['src/api/**/*.ts', 'src/operations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/*', '**/cli/*'],
              message: 'src/app and src/cli import the API, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/operations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/*', '**/cli/*', '**/api/*'],
              message: 'src/operations serves the API and the app; it imports neither.',
            },
          ],
        },
      ],
    },
  },
  {
    // The web workspace runs in the browser.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        addEventListener: 'readonly',
        removeEventListener: 'readonly',
        dispatchEvent: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // A native addon's loader is CommonJS: what node-gyp built is required, not imported.
    files: ['native/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
