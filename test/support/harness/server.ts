/**
 * A loopback HTTP server for the built renderer (127.0.0.1, port 0), serving files exactly as
 * the app protocol does (same resolver, same CSP header). Records every request path, so tests
 * can prove a blocked request never left the page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RendererFiles } from '../../../electron/main/services/renderer-files';

export interface StaticServer {
  readonly origin: string;
  readonly requests: readonly string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function serveRenderer(root: string): Promise<StaticServer> {
  const files = new RendererFiles(root);
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    files.get(path).then(
      (file) => {
        response.writeHead(file.status, file.headers);
        response.end(request.method === 'HEAD' ? undefined : file.body);
      },
      () => response.writeHead(500).end(),
    );
  });
  return { origin: await listen(server), requests, close: closer(server) };
}

/** A page of another origin, for proving that IPC refuses it. */
export async function serveForeignPage(): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '/');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Not the app</title><p>A page that is not Obyte Light.</p>');
  });
  return { origin: await listen(server), requests, close: closer(server) };
}
