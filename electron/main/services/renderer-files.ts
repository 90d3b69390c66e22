/**
 * Serves the built renderer: maps a request path to a file strictly inside the renderer folder
 * and answers with the production CSP and hardening headers. The Electron app protocol and the
 * test harness's loopback server both use this, so the page is served the same way in both.
 */
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { RENDERER_CSP_HEADER } from './csp';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface RendererFile {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array<ArrayBuffer> | string;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
} as const;

export class RendererFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Resolves a URL path ("/", "/assets/x.js") to a file inside the root, or null. */
  resolvePath(urlPath: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '/');
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const full = resolve(this.root, normalize(relative));
    return full.startsWith(this.root + sep) ? full : null;
  }

  async get(urlPath: string): Promise<RendererFile> {
    const path = this.resolvePath(urlPath);
    const type = path ? CONTENT_TYPES[extname(path)] : undefined;
    if (!path || !type) return notFound();
    try {
      const body = new Uint8Array(await readFile(path));
      return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type }, body };
    } catch {
      return notFound();
    }
  }
}

function notFound(): RendererFile {
  return {
    status: 404,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: 'Not found',
  };
}
