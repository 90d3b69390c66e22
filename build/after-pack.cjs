/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before it is
 * signed (electron-builder signs after this hook). Fuses are compile-time switches in the
 * Electron executable; flipping them removes ways to run other code with the app's identity:
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE can no longer turn the app into a plain Node.js runtime;
 * - EnableNodeOptionsEnvironmentVariable off: NODE_OPTIONS cannot preload code;
 * - EnableNodeCliInspectArguments off: --inspect and friends cannot attach a debugger to main
 *   (this also blunts Chromium switches injected through a protocol link on Windows);
 * - EnableEmbeddedAsarIntegrityValidation on: app.asar must match the hash embedded at packaging
 *   (macOS and Windows);
 * - OnlyLoadAppFromAsar on: the app is loaded from app.asar only, never from a loose app folder
 *   placed beside it;
 * - EnableCookieEncryption on: the cookie store is encrypted with an OS-keychain key.
 *
 * On Apple silicon an unsigned build must be re-signed ad hoc after its bytes change, or macOS
 * refuses to start it; a real signature replaces the ad-hoc one right after this hook.
 *
 * CommonJS because electron-builder loads hooks with require/import from its own process;
 * @electron/fuses is ESM-only, hence the dynamic import. Tests pass a fake `fuses` module.
 */
'use strict';

const path = require('node:path');

/** electron-builder's Arch enum: ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/**
 * The fuse wire for one platform and architecture.
 * @param {{ FuseVersion: { V1: string }, FuseV1Options: Record<string, number> }} fuses
 * @param {string} electronPlatformName darwin | mas | win32 | linux
 * @param {number} arch
 */
function fuseConfigFor(fuses, electronPlatformName, arch) {
  const { FuseVersion, FuseV1Options } = fuses;
  const isMac = electronPlatformName === 'darwin' || electronPlatformName === 'mas';
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: isMac && (arch === ARCH_ARM64 || arch === ARCH_UNIVERSAL),
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  };
}

/**
 * The Electron executable inside the packaged app (the same rule electron-builder uses).
 * @param {{ appOutDir: string, electronPlatformName: string,
 *   packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    default:
      throw new Error(`after-pack: unknown platform ${electronPlatformName}`);
  }
}

/**
 * The hook with its fuses module passed in.
 * @param {Parameters<typeof electronBinaryPath>[0] & { arch: number }} context
 * @param {Parameters<typeof fuseConfigFor>[0] & { flipFuses: (path: string, config: object) => Promise<unknown> }} fuses
 */
async function afterPackWith(context, fuses) {
  const target = electronBinaryPath(context);
  const config = fuseConfigFor(fuses, context.electronPlatformName, context.arch);
  await fuses.flipFuses(target, config);
  return { target, config };
}

/** @param {Parameters<typeof afterPackWith>[0]} context */
async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  await afterPackWith(context, fuses);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.afterPack = afterPack;
module.exports.afterPackWith = afterPackWith;
module.exports.fuseConfigFor = fuseConfigFor;
module.exports.electronBinaryPath = electronBinaryPath;
