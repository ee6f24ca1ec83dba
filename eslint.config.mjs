// ESLint: typescript-eslint strict type-checked rules plus the process boundaries.
// A boundary violation fails `npm test` (the lint step runs there).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const ipcOnlyInAdapters = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'ipcRenderer'],
      message: 'Raw ipcMain/ipcRenderer belong only in the IPC adapters (src/main/electron/ipc-main-adapter.ts, src/preload/index.ts).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      '.tsbuild/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      'coverage/**',
      'test/fixtures/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      // Without these, import-x reads no TypeScript file's imports and no-cycle sees nothing.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'error',
      curly: ['error', 'all'],
      // Layers import downwards only; a cycle means a module is in the wrong layer.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': ['error', ipcOnlyInAdapters],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: ['./src/main', './src/renderer', './src/preload', './src/simulated-tenant', './src/cli', './src/demo'],
              message: 'The engine core stands on its own: no shell, no UI, no CLI, no simulated tenant (see docs/architecture.md).',
            },
            {
              target: ['./src/main', './src/cli'],
              from: './src/simulated-tenant',
              message: 'Only the demo wiring (src/demo) starts the simulated tenant.',
            },
            {
              target: './src/renderer',
              from: ['./src/main', './src/core', './src/demo', './src/cli'],
              message: 'The renderer never imports main-process code; go through the IPC contract.',
            },
            { target: './src/renderer', from: './src/simulated-tenant', message: 'The renderer never imports the simulated tenant.' },
            {
              target: ['./src/main', './src/core', './src/demo', './src/cli'],
              from: './src/renderer',
              message: 'Only the renderer runs renderer code; other processes share through src/shared or src/core.',
            },
            {
              target: ['./src/main', './src/core', './src/demo', './src/cli'],
              from: './src/preload',
              message: 'The preload runs only in the sandboxed renderer; share its types through src/shared.',
            },
            {
              target: ['./src/core', './src/demo', './src/main'],
              from: './src/cli',
              message: 'The CLI is an entry point on the engine core: nothing imports it (share through src/core).',
            },
            {
              target: ['./src/cli', './src/demo'],
              from: './src/main',
              message: 'The CLI and the demo wiring run without the Electron shell: share code through src/core instead.',
            },
            {
              target: './src/shared',
              from: ['./src/main', './src/core', './src/demo', './src/renderer', './src/preload', './src/simulated-tenant', './src/cli'],
              message: 'Shared code imports nothing outside src/shared.',
            },
            {
              target: './src/simulated-tenant',
              from: ['./src/main', './src/core', './src/demo', './src/renderer', './src/preload', './src/cli'],
              message: 'The simulated tenant stands alone: it must behave like Entra and Graph, not like our client.',
            },
            {
              target: './src/preload',
              from: ['./src/main', './src/core', './src/demo', './src/renderer', './src/simulated-tenant', './src/cli'],
              message: 'The preload sees only the shared contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Electron itself only in the composition root, the shell and the preload.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/index.ts, src/main/electron/ and src/preload/index.ts may import Electron; the engine runs under plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/ipc-main-adapter.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The CLI writes to the terminal on purpose, through its own output module.
    files: ['src/cli/output.ts', 'src/simulated-tenant/run-tenant.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', '*.config.ts', '*.config.mts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, parserOptions: { projectService: false, project: null } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
  },
  prettier,
);
