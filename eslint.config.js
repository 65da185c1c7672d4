import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'dev-dist/', 'coverage/', '.bench-out/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  {
    // The domain core stays headless (as Actual's does): no UI, no transports, no storage engines.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['svelte', 'svelte/*'], message: 'src/core must not depend on Svelte.' },
          { group: ['y-webrtc', 'y-indexeddb', 'y-websocket'], message: 'src/core must not depend on transports or storage.' },
          { group: ['**/ui/**', '**/sync/**', '**/workers/**'], message: 'src/core must not import from the outer rings.' },
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'indexedDB', 'navigator'],
    },
  },
  {
    files: ['src/sync/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['svelte', 'svelte/*', '**/ui/**'], message: 'src/sync has no UI.' }] }],
    },
  },
);
