/**
 * Builds the command line into one file that plain Node runs: out/cli/obyte-light.mjs, the `bin`
 * of package.json (`npm run build` makes it; the CLI tests build it once per run). Our code and
 * the pure-JavaScript dependencies are bundled; the native modules (better-sqlite3, keytar) and
 * ws (optional native helpers) load from node_modules. The file is written beside and renamed
 * into place, so a process starting during a rebuild never reads half a file.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_ENTRY = join(ROOT, 'electron', 'cli.ts');
export const CLI_BUNDLE = join(ROOT, 'out', 'cli', 'obyte-light.mjs');

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

export async function buildCli(outfile = CLI_BUNDLE): Promise<{ bytes: number }> {
  const result = await build({
    plugins: [zodEnglishOnly],
    entryPoints: [CLI_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: CLI_TARGET,
    external: CLI_EXTERNAL,
    write: false,
    outfile,
    logLevel: 'warning',
    legalComments: 'none',
    // Bundled CommonJS dependencies (tweetnacl, …) call require for Node built-ins.
    banner: {
      js: "import { createRequire as __obyteCreateRequire } from 'node:module';\nconst require = __obyteCreateRequire(import.meta.url);",
    },
  });
  const output = result.outputFiles.find((file) => file.path === outfile);
  if (output === undefined) throw new Error(`esbuild wrote no ${outfile}`);
  // The sources' `#!/usr/bin/env -S npx tsx` becomes plain node: the bundle needs no tsx.
  const text = `#!/usr/bin/env node\n${output.text.replace(/^#![^\n]*\n/, '')}`;
  await mkdir(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.partial`;
  await writeFile(partial, text);
  await chmod(partial, 0o755);
  await rename(partial, outfile);
  return { bytes: Buffer.byteLength(text) };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  buildCli().then(
    ({ bytes }) => console.log(`out/cli/obyte-light.mjs (${Math.round(bytes / 1024)} KiB)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
