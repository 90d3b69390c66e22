/**
 * scrypt (@noble/hashes, pure JS as everywhere else) in a worker thread. The password KDF needs
 * 128 MiB and about a second of CPU: in a worker it runs beside the main thread (a restore
 * encrypts while discovery and sync go on), never stalls the main event loop, and its memory
 * goes with the worker the moment the key is back, instead of waiting for the main heap's next
 * collection. The worker is a few lines of source that import noble's own module file, so the
 * same code runs under tsx, vitest, a bundle and Electron. Should a worker not start there (a
 * packaging without the module file), the KDF runs on the main thread, yielding as before.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ScryptJob {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly dkLen: number;
  readonly maxmem: number;
}

/** The worker: imports noble's scrypt, derives, zeroes its copy of the secret, sends the key. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then(
  ({ scrypt }) => {
    const { secret, salt, job } = workerData;
    let key;
    try {
      key = scrypt(secret, salt, job);
    } finally {
      secret.fill(0);
    }
    parentPort.postMessage({ key }, [key.buffer]);
  },
  (error) => parentPort.postMessage({ unavailable: String((error && error.message) || error) }),
);
`;

/** Thrown inside: the worker could not load scrypt (then the main thread runs it). */
class WorkerUnavailable extends Error {}

function scryptModuleUrl(): string | null {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('@noble/hashes/scrypt.js')).href;
  } catch {
    return null;
  }
}

function inWorker(
  module: string,
  secret: Uint8Array,
  salt: Uint8Array,
  job: ScryptJob,
): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    try {
      // The secret is copied into the worker (structured clone); the worker zeroes its copy.
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, secret, salt, job },
      });
    } catch (error) {
      reject(new WorkerUnavailable(String(error)));
      return;
    }
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      // Ends the thread at once: its heap (the 128 MiB table) is released with it.
      void worker.terminate().catch(() => undefined);
    };
    worker.on('message', (message: { key?: Uint8Array; unavailable?: string }) => {
      const { key, unavailable } = message;
      if (key instanceof Uint8Array) finish(() => resolve(key));
      else finish(() => reject(new WorkerUnavailable(unavailable ?? 'no key')));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new WorkerUnavailable(`the KDF worker stopped (code ${code})`))),
    );
  });
}

/** The key, and where it was derived (tests and the benchmark check the worker is used). */
export interface KdfResult {
  readonly key: Uint8Array;
  readonly thread: 'worker' | 'main';
  /** Why no worker ran it; null when one did. */
  readonly fallbackReason: string | null;
}

/**
 * scrypt(secret, salt) in a worker thread; on the main thread (async, yielding) when no worker
 * can load the module. The caller zeroes `secret` and the returned key.
 */
export async function scryptOffThread(
  secret: Uint8Array,
  salt: Uint8Array,
  job: ScryptJob,
): Promise<KdfResult> {
  const module = scryptModuleUrl();
  let fallbackReason = 'the scrypt module file was not found';
  if (module !== null) {
    try {
      return {
        key: await inWorker(module, secret, salt, job),
        thread: 'worker',
        fallbackReason: null,
      };
    } catch (error) {
      if (!(error instanceof WorkerUnavailable)) throw error;
      fallbackReason = error.message;
    }
  }
  const { scryptAsync } = await import('@noble/hashes/scrypt.js');
  return { key: await scryptAsync(secret, salt, job), thread: 'main', fallbackReason };
}
