/**
 * Makes sure the Electron binary is there before `npm start`, `npm run dev` and `npm run dist*`,
 * then runs the command given after it: `tsx scripts/ensure-electron.ts electron-vite preview`.
 *
 * Electron 45 has no postinstall, so `npm ci` leaves `node_modules/electron` without its binary
 * (no `path.txt`), and electron-vite then stops with "Error: Electron uninstall". This runs
 * Electron's own installer (`node node_modules/electron/install.js`, which downloads into
 * @electron/get's cache and unpacks into `node_modules/electron/dist`) when the binary is
 * missing, and when that fails prints one sentence: which URL failed and what to set.
 *
 * ELECTRON_OVERRIDE_DIST_PATH (a folder holding an unpacked Electron) and ELECTRON_EXEC_PATH (the
 * executable itself) are honoured; the command runs with ELECTRON_EXEC_PATH set, which is what
 * electron-vite reads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the electron package sits and which version it wants. */
export interface ElectronPackage {
  readonly moduleDir: string;
  readonly version: string;
}

export type DownloadResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Fetches and unpacks the binary into the package's `dist/` (Electron's own install.js). */
export type Download = (pkg: ElectronPackage, env: Env) => Promise<DownloadResult>;

export type EnsureResult =
  | { readonly ok: true; readonly executable: string; readonly downloaded: boolean }
  | { readonly ok: false; readonly message: string };

export function electronPackage(): ElectronPackage {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { moduleDir: dirname(manifest), version };
}

/** The platform Electron's installer targets (its own variables first, as install.js reads them). */
export function targetPlatform(env: Env): string {
  return env['ELECTRON_INSTALL_PLATFORM'] ?? env['npm_config_platform'] ?? process.platform;
}

export function targetArch(env: Env): string {
  return env['ELECTRON_INSTALL_ARCH'] ?? env['npm_config_arch'] ?? process.arch;
}

/** The executable inside an unpacked Electron, as install.js names it. */
export function platformPath(platform: string): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** The URL @electron/get downloads from, with the same variables (ELECTRON_MIRROR, …). */
export function downloadUrl(pkg: ElectronPackage, env: Env): string {
  const mirrorVar = (name: string): string | undefined =>
    env[`npm_config_electron_${name}`] ??
    env[`NPM_CONFIG_ELECTRON_${name.toUpperCase()}`] ??
    env[`ELECTRON_${name.toUpperCase()}`];
  const version = `v${pkg.version}`;
  const base = mirrorVar('mirror') ?? DEFAULT_MIRROR;
  const dir = (mirrorVar('custom_dir') ?? version).replace('{{ version }}', pkg.version);
  const file =
    mirrorVar('custom_filename') ??
    `electron-${version}-${targetPlatform(env)}-${targetArch(env)}.zip`;
  return `${base}${dir}/${file}`;
}

/**
 * The binary that is already there, or a sentence saying why a variable that names one is wrong,
 * or null when none is installed yet.
 */
export function findElectron(
  pkg: ElectronPackage,
  env: Env,
): { readonly executable: string } | { readonly problem: string } | null {
  const execPath = env['ELECTRON_EXEC_PATH'];
  if (execPath !== undefined && execPath !== '') {
    return existsSync(execPath)
      ? { executable: execPath }
      : { problem: `ELECTRON_EXEC_PATH is set to ${execPath}, which does not exist.` };
  }
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const executable = join(override, platformPath(targetPlatform(env)));
    return existsSync(executable)
      ? { executable }
      : {
          problem:
            `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${executable} does not exist: ` +
            `point it at a folder that holds an unpacked Electron ${pkg.version}.`,
        };
  }
  const pathFile = join(pkg.moduleDir, 'path.txt');
  const versionFile = join(pkg.moduleDir, 'dist', 'version');
  if (!existsSync(pathFile) || !existsSync(versionFile)) return null;
  if (readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') !== pkg.version) return null;
  const executable = join(pkg.moduleDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { executable } : null;
}

/** The one sentence `npm start` prints when Electron is missing and cannot be fetched. */
export function missingElectronSentence(pkg: ElectronPackage, env: Env, reason: string): string {
  const why = reason.trim() === '' ? '' : ` (${reason.trim().replace(/\.$/, '')})`;
  return (
    `Electron ${pkg.version} is not installed and could not be downloaded from ` +
    `${downloadUrl(pkg, env)}${why}: set ELECTRON_MIRROR to a mirror that serves it, or ` +
    `ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an unpacked Electron ${pkg.version}.`
  );
}

/** Runs `node node_modules/electron/install.js`; its first error line is the reason. */
export const runElectronInstaller: Download = (pkg, env) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(pkg.moduleDir, 'install.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code) => {
      if (code === 0) resolve({ ok: true });
      else
        resolve({ ok: false, reason: firstErrorLine(stderr) ?? `install.js exited with ${code}` });
    });
  });

/** "TypeError: fetch failed" out of a stack trace; the `cause` line when there is one. */
export function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !line.startsWith('Node.js v'));
  const cause = lines.find((line) => /^\[cause\]|^cause:/i.test(line));
  return cause ?? lines[0];
}

export async function ensureElectron(options: {
  readonly pkg: ElectronPackage;
  readonly env: Env;
  readonly download: Download;
}): Promise<EnsureResult> {
  const { pkg, env, download } = options;
  const found = findElectron(pkg, env);
  if (found !== null && 'executable' in found) {
    return { ok: true, executable: found.executable, downloaded: false };
  }
  if (found !== null) return { ok: false, message: found.problem };
  const result = await download(pkg, env);
  if (!result.ok) return { ok: false, message: missingElectronSentence(pkg, env, result.reason) };
  const after = findElectron(pkg, env);
  if (after !== null && 'executable' in after) {
    return { ok: true, executable: after.executable, downloaded: true };
  }
  return {
    ok: false,
    message: missingElectronSentence(pkg, env, 'the installer ended but left no binary'),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const env = process.env;
  const pkg = electronPackage();
  if (findElectron(pkg, env) === null) {
    console.error(`Electron ${pkg.version} is not installed yet; downloading it (once)…`);
  }
  const result = await ensureElectron({ pkg, env, download: runElectronInstaller });
  if (!result.ok) {
    console.error(result.message);
    return 1;
  }
  const [command, ...args] = argv;
  if (command === undefined) {
    console.log(result.executable);
    return 0;
  }
  // npm puts node_modules/.bin on PATH; on Windows its entries are .cmd files run by the shell.
  const run = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...env, ELECTRON_EXEC_PATH: result.executable },
    shell: process.platform === 'win32',
  });
  if (run.error) {
    console.error(`Could not run ${command}: ${run.error.message}`);
    return 1;
  }
  return run.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
