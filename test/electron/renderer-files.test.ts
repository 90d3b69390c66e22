/** Serving the renderer: only files inside its folder, always with the production CSP. */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';
import { RENDERER_CSP } from '../../electron/main/services/csp';
import { RendererFiles } from '../../electron/main/services/renderer-files';

let root: string;
let files: RendererFiles;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'obyte-files-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {}');
  await writeFile(join(base, 'secret.txt'), 'outside');
  files = new RendererFiles(root);
});

afterAll(async () => {
  await rm(resolve(root, '..'), { recursive: true, force: true });
});

describe('RendererFiles', () => {
  it('serves index.html for / and assets by path, with the CSP and nosniff', async () => {
    const index = await files.get('/');
    expect(index.status).toBe(200);
    expect(index.headers['Content-Type']).toContain('text/html');
    expect(index.headers['Content-Security-Policy']).toContain("connect-src 'none'");
    expect(index.headers['X-Content-Type-Options']).toBe('nosniff');
    const script = await files.get('/assets/app.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers['Content-Type']).toContain('text/javascript');
  });

  it('never serves a file outside its folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      expect(files.resolvePath(path), path).toBeNull();
      expect((await files.get(path)).status, path).toBe(404);
    }
  });

  it('refuses unknown file types and missing files', async () => {
    expect((await files.get('/missing.js')).status).toBe(404);
    expect((await files.get('/index.exe')).status).toBe(404);
  });
});

describe('the CSP', () => {
  it('renderer/index.html carries exactly the policy main sends', async () => {
    const html = await readFile(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it('allows no network, no inline script, no eval, no frames', () => {
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).toContain("frame-src 'none'");
    expect(RENDERER_CSP).toContain("default-src 'none'");
  });
});
