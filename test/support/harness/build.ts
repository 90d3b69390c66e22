/**
 * Builds what the harness serves: the renderer, with the very config electron-vite uses, and
 * the page bridge as one classic script for `addInitScript`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { rendererConfig } from '../../../electron.vite.config';

const here = import.meta.dirname;

export async function buildRenderer(outDir?: string): Promise<string> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'obyte-renderer-')));
  const config = rendererConfig(dir);
  await build({ ...config, configFile: false, logLevel: 'warn', mode: 'production' });
  return dir;
}

export async function buildPageBridge(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2023',
      lib: {
        entry: resolve(here, 'page-bridge.ts'),
        formats: ['iife'],
        name: 'obyteHarnessBridge',
      },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunk = results.flatMap((result) => result.output).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('The page bridge build produced no script');
  return chunk.code;
}
