/**
 * Builds the command line into two files that plain Node runs (`npm run build` makes them; the
 * CLI tests build them once per run):
 *
 * - out/cli/obyte-light.mjs, the `bin` of package.json (electron/cli-bin.ts, a few KiB): answers
 *   --version and the help texts itself, and runs the other file for every other command;
 * - out/cli/obyte-light-main.cjs, the whole command line (electron/cli.ts): our code and the
 *   pure-JavaScript dependencies; the native modules (better-sqlite3, keytar) and ws (optional
 *   native helpers) load from node_modules. CommonJS-shaped and ASCII, run through a V8 code
 *   cache (electron/cli-code-cache.ts): `import.meta.url` is a parameter, `import()` a require.
 *
 * Each file is written beside and renamed into place (the whole command line first), so a
 * process starting during a rebuild never reads half a file.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { CLI_MAIN_FILE, IMPORT_META_URL_NAME } from '../electron/cli-code-cache';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_ENTRY = join(ROOT, 'electron', 'cli.ts');
export const CLI_BIN_ENTRY = join(ROOT, 'electron', 'cli-bin.ts');
export const CLI_BUNDLE = join(ROOT, 'out', 'cli', 'obyte-light.mjs');
/** The whole command line, beside CLI_BUNDLE. */
export const CLI_MAIN_BUNDLE = join(ROOT, 'out', 'cli', CLI_MAIN_FILE);

/** Loaded from node_modules at run time, never bundled. */
export const CLI_EXTERNAL = ['better-sqlite3', 'keytar', 'ws', 'bufferutil', 'utf-8-validate'];

/** The Node the bundle is written for (package.json `engines`). */
export const CLI_TARGET = 'node20.19';

/**
 * zod re-exports every one of its ~50 message locales as `z.locales` (a third of the bundle).
 * Nothing here asks for one (zod installs English itself, from its own import of en.js), so
 * the command line gets a `locales` with English only: less to parse at every start.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, 'en.js'))};`,
      resolveDir: args.path,
    }));
  },
};

async function writeInPlace(file: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, text);
  await chmod(partial, mode);
  await rename(partial, file);
}

/** Builds both files; `outfile` names the first (the second is written beside it). */
export async function buildCli(
  outfile = CLI_BUNDLE,
): Promise<{ bytes: number; mainBytes: number }> {
  const mainFile = join(dirname(outfile), CLI_MAIN_FILE);
  const main = await build({
    plugins: [zodEnglishOnly],
    entryPoints: [CLI_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: CLI_TARGET,
    // Run as a function's body by cli-code-cache.ts (vm.Script): no dynamic import there.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': IMPORT_META_URL_NAME },
    charset: 'ascii',
    external: CLI_EXTERNAL,
    write: false,
    outfile: mainFile,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const esbuildText = main.outputFiles.find((file) => file.path === mainFile)?.text;
  if (esbuildText === undefined) throw new Error(`esbuild wrote no ${mainFile}`);
  // cli-code-cache.ts reads the file as latin1: a one-byte string, no UTF-8 decoding at every
  // start (11 ms). charset 'ascii' escapes every string, template, regular expression and name;
  // what is left outside ASCII is in the comments esbuild keeps, where a '?' changes nothing.
  // The sources' shebang would be a syntax error inside the function that runs the text.
  const mainText = esbuildText.replace(/^#![^\n]*\n/, '').replace(/[\u0080-\uffff]/g, '?');
  // The sources are ES modules, strict throughout; so must the function that runs them be.
  if (!mainText.startsWith('"use strict";')) throw new Error(`${mainFile} is not strict`);
  if (/\bimport\.meta\b/.test(mainText)) throw new Error(`${mainFile} reads import.meta`);
  const bin = await build({
    entryPoints: [CLI_BIN_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: CLI_TARGET,
    write: false,
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const binText = bin.outputFiles.find((file) => file.path === outfile)?.text;
  if (binText === undefined) throw new Error(`esbuild wrote no ${outfile}`);
  // The sources' `#!/usr/bin/env -S npx tsx` becomes plain node: the bundle needs no tsx.
  const text = `#!/usr/bin/env node\n${binText.replace(/^#![^\n]*\n/, '')}`;
  await writeInPlace(mainFile, mainText, 0o644);
  await writeInPlace(outfile, text, 0o755);
  return { bytes: Buffer.byteLength(text), mainBytes: Buffer.byteLength(mainText) };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildCli().then(
    ({ bytes, mainBytes }) =>
      console.log(
        `out/cli/obyte-light.mjs (${Math.round(bytes / 1024)} KiB), ` +
          `out/cli/${CLI_MAIN_FILE} (${Math.round(mainBytes / 1024)} KiB)`,
      ),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
