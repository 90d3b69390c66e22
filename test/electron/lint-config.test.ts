/**
 * The lint config keeps the rooms: eslint.config.js's rules, applied to a small tree of rooms
 * written here (its own tsconfigs, so the type-aware rules run), fire on a deliberate violation of
 * each kind (a room importing a room it may not by relative path, the protocol and the vocabulary
 * importing the contract among them; Node built-ins in shared/, an import cycle, a floating
 * promise, a promise used as a condition; in tests only the floating promise) and stay silent on
 * a clean file, so a rule that stops working fails this test.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';

/** The import specifier from one file of the tree to another, both given from the tree's root. */
const specifier = (from: string, to: string): string => posix.relative(posix.dirname(from), to);

const tsconfig = (include: string[]) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2023',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2023'],
      types: [],
      strict: true,
      noEmit: true,
      verbatimModuleSyntax: true,
    },
    include,
  });

/** The tree: each file's text. The comments say which rule each line breaks. */
const TREE: Record<string, string> = {
  'tsconfig.eslint.json': tsconfig(['shared/**/*.ts', 'electron/**/*.ts', 'test/**/*.ts']),
  'renderer/tsconfig.json': tsconfig(['**/*.ts', '../shared/**/*.ts', '../electron/**/*.ts']),
  // Clean: nothing may fire here.
  'shared/clean.ts': 'export const clean = (value: number): number => value + 1;\n',
  'renderer/label.ts': "export const label = 'label';\n",
  'electron/main/services/thing.ts': [
    `import { clean } from '${specifier('electron/main/services/thing.ts', 'shared/clean')}';`,
    `import { label } from '${specifier('electron/main/services/thing.ts', 'renderer/label')}'; // services → renderer`,
    "import 'electron'; // Electron outside the shell",
    'export const thing = clean(label.length);',
    '',
  ].join('\n'),
  'shared/pure.ts': [
    "import { thing } from '../electron/main/services/thing'; // shared → electron",
    "import { label } from '../renderer/label'; // shared → renderer",
    "import { readFileSync } from 'node:fs'; // Node in shared",
    "import { join } from 'path'; // Node in shared, without the prefix",
    'export const pure = [thing, label, readFileSync, join];',
    '',
  ].join('\n'),
  'renderer/view.ts': [
    "import { thing } from '../electron/main/services/thing'; // renderer → electron",
    "import 'ws'; // a network package in the renderer",
    'export const view = thing;',
    '',
  ].join('\n'),
  // The contract builds on the vocabulary and the protocol, never the other way round.
  'shared/ipc/contract.ts': "export const method = 'status.get';\n",
  'shared/vocabulary/words.ts': [
    "import { method } from '../ipc/contract'; // vocabulary → contract",
    'export const words = method.length;',
    '',
  ].join('\n'),
  'shared/protocol/wire.ts': [
    "import { method } from '../ipc/contract'; // protocol → contract",
    "import { words } from '../vocabulary/words'; // protocol → vocabulary",
    'export const wire = method.length + words;',
    '',
  ].join('\n'),
  'shared/cycle-a.ts': [
    "import { b } from './cycle-b';",
    'export const a = (): number => b() + 1;',
    '',
  ].join('\n'),
  'shared/cycle-b.ts': [
    "import { a } from './cycle-a';",
    'export const b = (): number => (Math.abs(1) > 2 ? a() : 0);',
    '',
  ].join('\n'),
  'electron/main/services/promises.ts': [
    'async function save(): Promise<void> {}',
    'export function floating(): void {',
    '  save();',
    '}',
    'export function misused(): number {',
    '  const saving = save();',
    '  if (saving) return 1;',
    '  return 0;',
    '}',
    '',
  ].join('\n'),
  // Tests keep the floating-promise rule (an un-awaited check hides a failure); cycles and
  // misused promises are checked on the app's code only.
  'test/checks.ts': [
    "import { floating } from '../electron/main/services/promises';",
    'async function check(): Promise<void> {}',
    'export function run(): void {',
    '  check();',
    '  if (check()) floating();',
    '}',
    '',
  ].join('\n'),
};

let dir: string;
let results: Map<string, Linter.LintMessage[]>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-lint-rooms-'));
  for (const [path, text] of Object.entries(TREE)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const config = (await import(pathToFileURL(join(REPO_ROOT, 'eslint.config.js')).href)) as {
    roomsConfig: (root: string) => Linter.Config[];
  };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: config.roomsConfig(dir),
  });
  const linted = await eslint.lintFiles(['.']);
  results = new Map(linted.map((result) => [relative(dir, result.filePath), result.messages]));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The rules that fired in a file, with the lines they fired on: `rule@line`. */
function fired(path: string): string[] {
  const messages = results.get(path);
  if (!messages) throw new Error(`${path} was not linted`);
  return messages.map((message) => `${message.ruleId ?? 'parse error'}@${message.line}`).sort();
}

describe('the lint config', () => {
  it('lints every file of the tree and stays silent on clean ones', () => {
    expect([...results.keys()].sort()).toEqual(
      Object.keys(TREE)
        .filter((path) => path.endsWith('.ts'))
        .sort(),
    );
    expect(fired('shared/clean.ts')).toEqual([]);
    expect(fired('shared/ipc/contract.ts')).toEqual([]);
    expect(fired('renderer/label.ts')).toEqual([]);
  });

  it('refuses a room importing a room it may not (by relative path) or a package it may not use', () => {
    expect(fired('electron/main/services/thing.ts')).toEqual([
      'import-x/no-restricted-paths@2',
      'no-restricted-imports@3',
    ]);
    expect(fired('renderer/view.ts')).toEqual([
      'import-x/no-restricted-paths@1',
      'no-restricted-imports@2',
    ]);
    expect(fired('shared/vocabulary/words.ts')).toEqual(['import-x/no-restricted-paths@1']);
    expect(fired('shared/protocol/wire.ts')).toEqual([
      'import-x/no-restricted-paths@1',
      'import-x/no-restricted-paths@2',
    ]);
    expect(fired('shared/pure.ts')).toEqual([
      'import-x/no-restricted-paths@1',
      'import-x/no-restricted-paths@2',
      'no-restricted-imports@3',
      'no-restricted-imports@4',
    ]);
  });

  it('says why a room may not import another', () => {
    const message = results.get('renderer/view.ts')?.[0]?.message ?? '';
    expect(message).toContain('window.obyte');
  });

  it('refuses an import cycle', () => {
    expect(fired('shared/cycle-a.ts')).toEqual(['import-x/no-cycle@1']);
    expect(fired('shared/cycle-b.ts')).toEqual(['import-x/no-cycle@1']);
  });

  it('refuses a floating promise in tests too, where the costly app-only rules stay off', () => {
    expect(fired('test/checks.ts')).toEqual(['@typescript-eslint/no-floating-promises@4']);
  });

  it('refuses a floating promise and a promise used as a condition (type-aware)', () => {
    expect(fired('electron/main/services/promises.ts')).toEqual([
      '@typescript-eslint/no-floating-promises@3',
      '@typescript-eslint/no-misused-promises@7',
    ]);
  });
});
