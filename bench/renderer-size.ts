/**
 * Prints the size of the renderer as the app ships it: every JS (and CSS) file of a fresh
 * production build, raw and gzip. Target while the wallet grows: at most 250 KB gzip of JS.
 * Run: npx tsx bench/renderer-size.ts
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { rendererConfig } from '../electron.vite.config';
import { emit } from './lib/figures';

const TARGET_GZIP_JS = 250 * 1024;

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const outDir = await mkdtemp(join(tmpdir(), 'obyte-renderer-size-'));
try {
  await build({
    ...rendererConfig(outDir),
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
  });
  const totals = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const path of (await files(outDir)).sort()) {
    const kind = extname(path) === '.js' ? 'js' : extname(path) === '.css' ? 'css' : null;
    if (!kind) continue;
    const body = await readFile(path);
    const gzip = gzipSync(body, { level: 9 }).length;
    totals[kind].raw += body.length;
    totals[kind].gzip += gzip;
    console.log(
      `  ${relative(outDir, path).padEnd(40)} ${kb(body.length).padStart(10)} ${kb(gzip).padStart(10)} gzip`,
    );
  }
  console.log(
    `renderer JS:  ${kb(totals.js.raw)} raw, ${kb(totals.js.gzip)} gzip (target ≤ ${kb(TARGET_GZIP_JS)} gzip)`,
  );
  console.log(`renderer CSS: ${kb(totals.css.raw)} raw, ${kb(totals.css.gzip)} gzip`);
  if (totals.js.gzip > TARGET_GZIP_JS) console.log('renderer JS is over its gzip target');
  emit({
    id: 'renderer.size.js',
    label: 'Renderer bundle: JS, gzip',
    value: Math.round((totals.js.gzip / 1024) * 10) / 10,
    unit: 'KB',
    target: { op: '<=', value: TARGET_GZIP_JS / 1024 },
    note: `${kb(totals.js.raw)} raw; production build, gzip level 9`,
  });
  emit({
    id: 'renderer.size.css',
    label: 'Renderer bundle: CSS, gzip',
    value: Math.round((totals.css.gzip / 1024) * 10) / 10,
    unit: 'KB',
    note: `${kb(totals.css.raw)} raw`,
  });
} finally {
  await rm(outDir, { recursive: true, force: true });
}
