/**
 * Packaging without packaging (this machine cannot download Electron): electron-builder.yml
 * passes electron-builder's schema and our rules and broken ones fail; the fuse wire is exactly
 * the one we ship; the afterPack hook flips it on the right binary; the macOS entitlements are
 * minimal; the Electronegativity gate fails on unexplained findings.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hook, {
  afterPackWith,
  electronBinaryPath,
  fuseConfigFor,
  type FusesModule,
  type PackContext,
} from '../../build/after-pack.cjs';
import {
  ACCEPTED_FILE,
  judge,
  parseAccepted,
  passed,
  toFinding,
  type Finding,
} from '../../scripts/electronegativity';
import {
  BUILDER_CONFIG,
  checkBuilderConfig,
  loadBuilderConfig,
  PROJECT_ROOT,
} from '../../scripts/validate-builder-config';

const ARCH = { x64: 1, arm64: 3, universal: 4 } as const;
const REAL_FUSES = { FuseVersion, FuseV1Options };

let scratch: string;
let configText: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'obyte-builder-'));
  configText = await readFile(BUILDER_CONFIG, 'utf8');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** electron-builder.yml with one edit, checked from a scratch file (files resolve in the repo). */
async function checkEdited(edit: (text: string) => string): Promise<string[]> {
  const file = join(scratch, `electron-builder-${Math.random().toString(36).slice(2)}.yml`);
  const edited = edit(configText);
  expect(edited).not.toBe(configText);
  await writeFile(file, edited);
  return checkBuilderConfig(file, PROJECT_ROOT);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema and the project rules', async () => {
    await expect(checkBuilderConfig()).resolves.toEqual([]);
  });

  it('names what the issue asks for: ids, targets, links, native modules, the hook', async () => {
    const config = await loadBuilderConfig();
    expect(config.appId).toBe('org.obyte.light');
    expect(config.productName).toBe('Obyte Light');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(config.win).toMatchObject({ target: [{ target: 'nsis', arch: ['x64', 'arm64'] }] });
    expect(config.mac).toMatchObject({
      target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
    expect(config.linux).toMatchObject({
      target: [{ target: 'AppImage' }, { target: 'deb' }],
      category: 'Finance',
    });
    expect(config.protocols).toEqual([
      { name: 'Obyte link', schemes: ['obyte', 'byteball'] },
      { name: 'Obyte testnet link', schemes: ['obyte-tn', 'byteball-tn'] },
    ]);
    expect(config.publish).toMatchObject({ provider: 'github', releaseType: 'draft' });
    expect(config.nsis).toMatchObject({ deleteAppDataOnUninstall: false });
  });

  it('fails on a property electron-builder does not know', async () => {
    const problems = await checkEdited((text) => `${text}\nprotocol: []\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("unknown property 'protocol'");
  });

  it('fails on a value of the wrong type', async () => {
    const problems = await checkEdited((text) =>
      text.replace('hardenedRuntime: true', 'hardenedRuntime: [yes]'),
    );
    expect(problems[0]).toContain('does not match the API schema');
    expect(problems).toContain('mac.hardenedRuntime must be on.');
  });

  it('fails a schema-valid file that breaks what the app relies on', async () => {
    const problems = await checkEdited((text) =>
      text
        .replace('      - byteball-tn\n', '')
        .replace('asar: true', 'asar: false')
        .replace("  - '**/node_modules/keytar/**/*.node'\n", '')
        .replace('  - package.json', '  - package.json\n  - electron/**')
        .replace('deleteAppDataOnUninstall: false', 'deleteAppDataOnUninstall: true')
        .replace('afterPack: ./build/after-pack.cjs', 'afterPack: ./build/other.cjs'),
    );
    expect(problems).toEqual([
      'protocols must register exactly obyte, byteball, obyte-tn, byteball-tn.',
      'files may hold only out/**, package.json and exclusions, not "electron/**".',
      'asar must stay on: the integrity fuse checks app.asar.',
      "asarUnpack must leave keytar's .node files outside the archive.",
      'afterPack must be ./build/after-pack.cjs (it flips the Electron fuses).',
      'nsis.deleteAppDataOnUninstall must stay off: it would delete the wallet.',
    ]);
  });

  it('fails when a file it names is missing, or the YAML is broken', async () => {
    expect(
      await checkEdited((text) => text.replace('icon: build/icon.icns', 'icon: build/nope.icns')),
    ).toEqual(['mac.icon names build/nope.icns, which does not exist.']);
    const broken = await checkEdited((text) => `${text}\nwin: [\n`);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toContain('could not be read');
  });
});

describe('Electron fuses (build/after-pack.cjs)', () => {
  it('is exactly the required wire', () => {
    const wire = fuseConfigFor(REAL_FUSES, 'linux', ARCH.x64);
    expect(wire).toStrictEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
    // The same by position on the fuse wire, so a renumbered enum cannot hide a change.
    expect(wire).toStrictEqual({
      version: '1',
      resetAdHocDarwinSignature: false,
      0: false,
      1: true,
      2: false,
      3: false,
      4: true,
      5: true,
    });
  });

  it('re-signs ad hoc only on Apple silicon (and universal) macOS builds', () => {
    const reset = (platform: string, arch: number): boolean =>
      fuseConfigFor(REAL_FUSES, platform, arch).resetAdHocDarwinSignature;
    expect(reset('darwin', ARCH.arm64)).toBe(true);
    expect(reset('darwin', ARCH.universal)).toBe(true);
    expect(reset('darwin', ARCH.x64)).toBe(false);
    expect(reset('win32', ARCH.arm64)).toBe(false);
    expect(reset('linux', ARCH.arm64)).toBe(false);
  });

  function context(electronPlatformName: string, arch: number): PackContext {
    return {
      appOutDir: join('dist', 'unpacked'),
      electronPlatformName,
      arch,
      packager: { appInfo: { productFilename: 'Obyte Light' }, executableName: 'obyte-light' },
    };
  }

  it('flips them once, on the packaged Electron binary of each platform', async () => {
    const calls: Array<[string, FuseConfig]> = [];
    const fake: FusesModule = {
      ...REAL_FUSES,
      flipFuses: (path, config) => {
        calls.push([path, config]);
        return Promise.resolve(0);
      },
    };
    await afterPackWith(context('darwin', ARCH.arm64), fake);
    await afterPackWith(context('win32', ARCH.x64), fake);
    await afterPackWith(context('linux', ARCH.x64), fake);
    expect(calls.map(([path]) => path)).toEqual([
      join('dist', 'unpacked', 'Obyte Light.app'),
      join('dist', 'unpacked', 'Obyte Light.exe'),
      join('dist', 'unpacked', 'obyte-light'),
    ]);
    expect(calls[0]?.[1]).toStrictEqual(fuseConfigFor(REAL_FUSES, 'darwin', ARCH.arm64));
    expect(calls[1]?.[1]).toStrictEqual(fuseConfigFor(REAL_FUSES, 'win32', ARCH.x64));
    expect(calls[2]?.[1]).toStrictEqual(fuseConfigFor(REAL_FUSES, 'linux', ARCH.x64));
  });

  it('refuses a platform it does not know instead of flipping the wrong file', async () => {
    expect(() => electronBinaryPath(context('freebsd', ARCH.x64))).toThrow(/unknown platform/);
  });

  it('is the function electron-builder will load from the configured path', async () => {
    const loaded = (await import('../../build/after-pack.cjs')) as { afterPack: unknown };
    expect(typeof hook).toBe('function');
    expect(loaded.afterPack).toBe(hook);
  });
});

describe('macOS entitlements', () => {
  it('grant only JIT, the one exception V8 needs under the hardened runtime', async () => {
    const plist = await readFile(join(PROJECT_ROOT, 'build', 'entitlements.mac.plist'), 'utf8');
    const body = plist.replace(/<!--[\s\S]*?-->/g, '');
    expect([...body.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1])).toEqual([
      'com.apple.security.cs.allow-jit',
    ]);
    expect(body).not.toContain('<false/>');
  });
});

describe('the Electronegativity gate', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/index.ts',
    line: 10,
    sample: 'shell.openExternal(url);',
    severity: 'MEDIUM',
    confidence: 'TENTATIVE',
    description: 'Review the use of openExternal',
    ...over,
  });
  const reason = 'Only explorer URLs reach this call; checked in isExplorerUrl.';

  it('passes explained findings and notes low ones', () => {
    const verdict = judge([finding({}), finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW' })], {
      excludedChecks: [],
      accepted: [
        {
          id: 'OPEN_EXTERNAL_JS_CHECK',
          file: 'electron/main/index.ts',
          sample: 'shell.openExternal(url);',
          reason,
        },
      ],
    });
    expect(passed(verdict)).toBe(true);
    expect(verdict.notes).toHaveLength(1);
  });

  it('fails an unexplained high or medium finding, a stale explanation, an unparsed file', () => {
    const explained = {
      excludedChecks: [],
      accepted: [
        {
          id: 'OPEN_EXTERNAL_JS_CHECK',
          file: 'electron/main/index.ts',
          sample: 'shell.openExternal(url);',
          reason,
        },
      ],
    };
    expect(passed(judge([finding({ severity: 'HIGH', id: 'SANDBOX_JS_CHECK' })], explained))).toBe(
      false,
    );
    const changed = judge([finding({ sample: 'shell.openExternal(other);' })], explained);
    expect(changed.blocking).toHaveLength(1);
    expect(changed.stale).toHaveLength(1);
    expect(passed(judge([finding({})], explained, [{ file: 'x.ts', message: 'bad' }]))).toBe(false);
  });

  it('needs a reason for every accepted finding; the project file has them', async () => {
    expect(() =>
      parseAccepted({ excludedChecks: [], accepted: [{ id: 'X', file: 'f', sample: 's' }] }),
    ).toThrow(/reason/);
    const config = parseAccepted(JSON.parse(await readFile(ACCEPTED_FILE, 'utf8')));
    expect(config.accepted.length).toBeGreaterThan(0);
  });

  it('reads Electronegativity’s issues with paths relative to the scanned copy', () => {
    expect(
      toFinding(
        {
          id: 'X_CHECK',
          file: join('/tmp/scan', 'electron', 'main', 'index.ts'),
          location: { line: 3, column: 1 },
          sample: '  app.foo();  ',
          severity: { name: 'HIGH' },
          confidence: { name: 'FIRM' },
          description: 'd',
        },
        '/tmp/scan',
      ),
    ).toEqual({
      id: 'X_CHECK',
      file: 'electron/main/index.ts',
      line: 3,
      sample: 'app.foo();',
      severity: 'HIGH',
      confidence: 'FIRM',
      description: 'd',
    });
  });
});
