/**
 * Three builds: main (ESM, out/main), preload (one CommonJS file, out/preload/index.cjs, because
 * sandboxed preloads cannot be ESM), renderer (root renderer/, out/renderer). The renderer
 * config is exported so the browser test harness and the size bench build the very same page.
 */
import { resolve } from 'node:path';
import { defineConfig, type RendererViteConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

const here = import.meta.dirname;

/**
 * The production CSP lives in renderer/index.html. The dev server needs inline styles and its
 * own websocket for hot reload, so only `vite serve` swaps in a looser policy.
 */
function devCsp(): Plugin {
  return {
    name: 'obyte-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/,
        `$1default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ws://localhost:* http://localhost:*$2`,
      );
    },
  };
}

export function rendererConfig(outDir = resolve(here, 'out/renderer')): RendererViteConfig {
  return {
    root: resolve(here, 'renderer'),
    base: './',
    plugins: [svelte({ configFile: resolve(here, 'svelte.config.js') }), devCsp()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2023',
      minify: true,
      sourcemap: false,
      modulePreload: { polyfill: false },
      rolldownOptions: { input: resolve(here, 'renderer/index.html') },
    },
  };
}

/**
 * Pure-JS dependencies bundled into the main process's one file: at start, Node then reads and
 * compiles one file instead of resolving and loading some two hundred modules one by one (start
 * to balances: about 40 % less CPU, bench/startup). Native modules (better-sqlite3, keytar) and
 * electron-updater (loaded only to check for updates) stay external.
 */
export const MAIN_BUNDLED_DEPS = [
  '@noble/ciphers',
  '@noble/curves',
  '@noble/hashes',
  '@scure/base',
  '@scure/bip32',
  '@scure/bip39',
  'decimal.js',
  'qrcode-generator',
  'tweetnacl',
  'ws',
  'zod',
];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: MAIN_BUNDLED_DEPS },
      rolldownOptions: { input: { index: resolve(here, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(here, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig(),
});
