/**
 * The installed command line is the built bundle (package.json `bin` → out/cli/obyte-light.mjs,
 * which runs out/cli/obyte-light-main.cjs beside it), run by plain Node: no tsx, no TypeScript, a
 * `node` shebang. Built again here from the current sources (also built by `npm run build` and
 * by the unit project's global setup).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';
import { buildCli, CLI_BUNDLE, CLI_MAIN_BUNDLE } from '../../scripts/build-cli';

const run = promisify(execFile);

interface PackageJson {
  readonly version: string;
  readonly bin: Record<string, string>;
  readonly scripts: Record<string, string>;
}

let pkg: PackageJson;
let bundle: string;
let mainBundle: string;

beforeAll(async () => {
  await buildCli();
  pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
  bundle = await readFile(CLI_BUNDLE, 'utf8');
  mainBundle = await readFile(CLI_MAIN_BUNDLE, 'utf8');
}, 120_000);

describe('the built command line', () => {
  it('is the bin of package.json, and npm run build makes it', () => {
    expect(resolve(REPO_ROOT, pkg.bin['obyte-light'] ?? '')).toBe(CLI_BUNDLE);
    expect(pkg.scripts['build']).toContain('scripts/build-cli.ts');
  });

  it('starts with a node shebang and needs neither tsx nor TypeScript', () => {
    expect(bundle.split('\n')[0]).toBe('#!/usr/bin/env node');
    for (const text of [bundle, mainBundle]) {
      expect(text).not.toMatch(/from ['"]tsx|require\(['"]tsx|\.ts['"]\)/);
    }
    // The whole command line runs as a function's body: no shebang there, strict, ASCII.
    expect(mainBundle.startsWith('"use strict";')).toBe(true);
    expect(mainBundle).not.toMatch(/[\u0080-\uffff]/);
  });

  it('answers --help from a small first file: the rest is loaded only for a command', () => {
    expect(Buffer.byteLength(bundle)).toBeLessThan(Buffer.byteLength(mainBundle) / 20);
    expect(bundle).not.toContain('node_modules/zod');
  });

  it("carries zod's English messages and none of its other locales", () => {
    expect(mainBundle).toContain('node_modules/zod/v4/locales/en.js');
    expect(mainBundle).not.toContain('node_modules/zod/v4/locales/de.js');
    expect(mainBundle).not.toContain('node_modules/zod/v4/locales/index.js');
  });

  it('prints its version and its help under plain node', async () => {
    const version = await run(process.execPath, [CLI_BUNDLE, '--version'], { timeout: 60_000 });
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await run(process.execPath, [CLI_BUNDLE, '--help'], { timeout: 60_000 });
    expect(help.stdout).toMatch(/^Usage: obyte-light /);
    expect(help.stdout).toContain('OBYTE_LIGHT_PASSWORD');
  }, 120_000);

  it('refuses an unknown command in words, with a non-zero exit', async () => {
    const failed = await run(process.execPath, [CLI_BUNDLE, 'no-such-command'], {
      timeout: 60_000,
    }).then(
      () => null,
      (error: unknown) => error as { code?: number; stderr?: string },
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toMatch(/no-such-command/);
  }, 120_000);
});
