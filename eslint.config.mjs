// ESLint for every TypeScript file the project builds, type-aware (typescript-eslint), run by `npm test`.
// The rules that matter most here: no promise is left floating or handed where a void callback is expected
// (a lost rejection is a lost error message), and type-only imports say so (the HTTP stack is a lazily
// loaded bundle: a value import would pull it into the main bundle).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-host/**', '.bench/**', '.demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // notifications render Markdown links: every one goes through src/host/notify.ts, which makes the message inert
    files: ['src/**/*.ts'],
    ignores: ['src/host/notify.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]',
          message: 'Use notify.info/warn/error (src/host/notify.ts): a name or a server text in the message could become a live link.',
        },
      ],
    },
  },
  {
    // the hostile extension of the host tests: plain CommonJS, as an extension may be
    files: ['test/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { setImmediate: 'readonly' } },
    // a CommonJS extension loads the vscode module with require(): that is its module system, not a style choice
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the build, test and demo scripts: Node ES modules, linted like the rest (no unused code, no undefined names)
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    // functions these modules hand to Playwright run in the page, where the DOM is
    files: ['scripts/lib/domBridge.mjs', 'scripts/lib/dropEvent.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // the webview is a browser bundle with the DOM library
    files: ['src/webview/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.webview.json'], tsconfigRootDir: import.meta.dirname } },
  },
);
