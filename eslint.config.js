// Flat config: TypeScript everywhere (type-aware: one program for shared/, electron/, test/,
// scripts/ and bench/, the renderer's own for renderer/), Svelte in renderer/, and the rooms of
// ../shared/ARCHITECTURE.md as lint rules: which room may import which (by the resolved path, so
// `../../electron/x` counts as much as a package name), which packages each room may use, no import
// cycles, and no promise left floating. test/electron/lint-config.test.ts lints a small tree that
// breaks each rule and checks that each one fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const ioPackages = ['electron', 'ws', 'better-sqlite3', 'keytar'];

/** A no-restricted-imports pattern for packages by name (a plain `group` would also match `../electron/x`). */
function packages(names, message) {
  return { regex: `^(${names.join('|')})(/|$)`, message };
}

/** no-restricted-imports options refusing Node's built-ins (by exact name: `./constants` is ours). */
function noNode(message, patterns = []) {
  return {
    paths: builtinModules.map((name) => ({ name, message })),
    patterns: [{ group: ['node:*'], message }, ...patterns],
  };
}

/**
 * Files that must run under plain Node (the CLI and the tests run them without Electron): only
 * the shell (index.ts and the other files beside it in electron/main, ipc/register.ts, the
 * preload) imports `electron`.
 */
const plainNode = [
  'electron/main/services/**/*.ts',
  'electron/main/ipc/**/*.ts',
  'electron/main/compose*.ts',
  'electron/cli*.ts',
];

/** The composition root and the IPC edge: they build and call services, never the reverse. */
const mainEdge = [
  './electron/main/*.ts',
  './electron/main/ipc/**',
  './electron/cli*.ts',
  './electron/preload/**',
];

/** Which room may import which, by the resolved path of the import (relative to `root`). */
const roomZones = [
  {
    target: './shared',
    from: ['./electron', './renderer', './test', './scripts', './bench'],
    message: 'shared/ is pure and used by every side: it imports nothing of theirs.',
  },
  {
    target: './shared/protocol',
    from: ['./shared/ipc', './shared/vocabulary'],
    message:
      'The protocol knows nothing of the IPC contract or the app vocabulary (both build on it).',
  },
  {
    target: './shared/vocabulary',
    from: './shared/ipc',
    message:
      'The vocabulary (words and rules main and the page share) knows nothing of the IPC contract: services use it without the contract, and shared/ipc builds on it.',
  },
  {
    target: './renderer',
    from: ['./electron', './scripts', './bench', './test'],
    message: 'The renderer reaches main only through window.obyte and the contract in shared/ipc.',
  },
  {
    target: './electron/main/services',
    from: mainEdge,
    message:
      'Services are built by the composition root and called by the IPC edge; they import neither.',
  },
  {
    target: './electron/preload',
    from: './electron/main',
    message: 'The preload is generated from the contract in shared/ipc alone.',
  },
  {
    target: './electron',
    from: ['./renderer', './test', './bench'],
    message: 'The main process does not import the renderer or the tests.',
  },
  {
    target: './scripts',
    from: ['./renderer', './test', './bench'],
    message: 'Scripts use the app, not the renderer or the tests.',
  },
];

/** The whole config for the tree at `root` (the test of this config lints a small tree of its own). */
export function roomsConfig(root) {
  return tseslint.config(
    { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'build/'] },
    js.configs.recommended,
    ...tseslint.configs.strict,
    ...svelte.configs['flat/recommended'],
    {
      languageOptions: {
        globals: { ...globals.node },
        // One TypeScript program for every .ts file outside renderer/ (building shared/ once,
        // not once per room as a project service would: lint's CPU time is 20 % lower).
        parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: root },
      },
      plugins: { 'import-x': importX },
      settings: {
        // Without these, import-x reads only .js files and no-cycle sees no cycle in TypeScript.
        // .svelte files are left out (read without their script's TypeScript parser, each one
        // printed a parse error): a cycle that passes through a component goes unseen, but only
        // renderer/main.ts imports a component from TypeScript.
        'import-x/extensions': ['.ts', '.js'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
        'import-x/resolver-next': [
          createNodeResolver({ extensions: ['.ts', '.js', '.svelte', '.json'] }),
        ],
      },
      rules: {
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        // A relative import that resolves to nothing would slip past the room zones.
        'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'import-x/no-restricted-paths': ['error', { zones: roomZones, basePath: root }],
        'no-console': 'off',
      },
    },
    {
      files: ['renderer/**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
      languageOptions: {
        globals: { ...globals.browser },
        parserOptions: {
          parser: tseslint.parser,
          extraFileExtensions: ['.svelte'],
          svelteConfig,
          project: ['./renderer/tsconfig.json'],
          tsconfigRootDir: root,
        },
      },
    },
    {
      // Runes modules are plain TypeScript to the type checker: parsed as such, the renderer's
      // program is built once, where svelte-eslint-parser rebuilt it for each one (8 s each).
      files: ['**/*.svelte.ts'],
      languageOptions: { parser: tseslint.parser },
    },
    { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
    {
      // Tests, benchmarks and scripts keep no-floating-promises (there a floating promise hides a
      // failure) but not the two rules that cost most of lint's CPU in those trees (TIMING=1 on
      // test/: no-cycle 29 %, no-misused-promises 21 %): a cycle through a test file or a promise
      // passed where a void callback is expected cannot reach the app, whose code (shared/,
      // electron/, renderer/) still runs both.
      files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
      rules: {
        '@typescript-eslint/no-misused-promises': 'off',
        'import-x/no-cycle': 'off',
      },
    },
    {
      // shared/ is pure: no Node, no Electron, no I/O, no UI framework, no clock, no randomness.
      files: ['shared/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          noNode('shared/ is pure: no Node built-ins.', [
            packages([...ioPackages, 'svelte'], 'shared/ is pure: no I/O or UI.'),
          ]),
        ],
        'no-restricted-globals': ['error', 'Date', 'setTimeout', 'setInterval', 'fetch', 'crypto'],
        'no-restricted-properties': [
          'error',
          {
            object: 'Math',
            property: 'random',
            message: 'shared/ takes randomness as an argument.',
          },
        ],
      },
    },
    {
      // Services, the CLI, the composition root and the IPC handlers run under plain Node.
      files: plainNode,
      ignores: ['electron/main/ipc/register.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [
              {
                name: 'electron',
                message:
                  'Services, IPC handlers, the composition root and the CLI run under plain Node: only the shell (electron/main/*.ts, ipc/register.ts, the preload) imports electron.',
              },
            ],
            patterns: [packages(['svelte'], 'No UI framework in main.')],
          },
        ],
      },
    },
    {
      files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
      languageOptions: { globals: { ...globals.browser } },
      rules: {
        'no-restricted-imports': [
          'error',
          noNode('The renderer has no Node and no network.', [
            packages(ioPackages, 'The renderer has no Node and no network.'),
          ]),
        ],
      },
    },
  );
}

export default roomsConfig(import.meta.dirname);
