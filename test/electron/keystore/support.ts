/**
 * Test doubles for the keystore's seams: a clock and timers the test moves by hand, a
 * deterministic random source, an in-memory keychain that can be made to fail, a temp folder,
 * and a service factory with fast scrypt parameters (passed explicitly as `testScrypt`).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { AtomicFile, type AtomicFs } from '../../../electron/main/services/atomic-file';
import type { Clock } from '../../../electron/main/services/clock';
import {
  KeychainError,
  KeystoreService,
  type Keychain,
  type KeystoreServiceOptions,
  type RandomSource,
  type ScryptParams,
  type TimerHandle,
  type Timers,
} from '../../../electron/main/services/keystore';
import { recordingLogger } from '../fakes';

/** Fast enough for tests (about 1 ms); never used outside them. */
export const FAST_SCRYPT: ScryptParams = { N: 16, r: 1, p: 1 };

export const PASSWORD = 'correct horse battery staple';

export class ManualClock implements Clock {
  constructor(public time = Date.UTC(2025, 0, 1, 12)) {}
  now(): number {
    return this.time;
  }
}

/** Timers that fire only when the test advances them (together with the clock). */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  constructor(private readonly clock: ManualClock) {}

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { at: this.clock.time + ms, callback });
    return { cancel: () => this.pending.delete(id) };
  }

  get size(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.clock.time + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.clock.time = Math.max(this.clock.time, due[1].at);
      due[1].callback();
    }
    this.clock.time = end;
  }
}

/** sha256(seed ‖ counter) blocks: reproducible, and different for every call. */
export function seededRandom(seed = 'keystore tests'): RandomSource & { calls: number } {
  const state = { calls: 0 };
  return {
    get calls() {
      return state.calls;
    },
    randomBytes(length: number): Uint8Array {
      state.calls += 1;
      const out = new Uint8Array(length);
      for (let offset = 0, block = 0; offset < length; offset += 32, block++) {
        const digest = sha256(new TextEncoder().encode(`${seed}/${state.calls}/${block}`));
        out.set(digest.slice(0, Math.min(32, length - offset)), offset);
      }
      return out;
    },
  };
}

/** An in-memory keychain; `failWith` makes every call throw, as an unreachable one does. */
export class FakeKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  failWith: string | null = null;
  readonly calls: string[] = [];

  private check(op: string): void {
    this.calls.push(op);
    if (this.failWith !== null) throw new KeychainError(this.failWith);
  }

  get(service: string, account: string): Promise<string | null> {
    this.check('get');
    return Promise.resolve(this.entries.get(`${service}\n${account}`) ?? null);
  }

  set(service: string, account: string, secret: string): Promise<void> {
    this.check('set');
    this.entries.set(`${service}\n${account}`, secret);
    return Promise.resolve();
  }

  delete(service: string, account: string): Promise<boolean> {
    this.check('delete');
    return Promise.resolve(this.entries.delete(`${service}\n${account}`));
  }
}

export interface Harness {
  dir: string;
  path: string;
  clock: ManualClock;
  timers: ManualTimers;
  keychain: FakeKeychain;
  lines: string[];
  service(overrides?: Partial<KeystoreServiceOptions> & { fs?: AtomicFs }): KeystoreService;
  /** Every file in the folder with its bytes, to prove a failure touched nothing. */
  snapshot(): Promise<Record<string, string>>;
  /** The same without the wrong-password record (which a wrong password rightly changes). */
  walletFiles(): Promise<Record<string, string>>;
  /** The wrong-password record, parsed; null when there is none. */
  attempts(): Promise<{ failures: number; next_attempt_at: number } | null>;
  cleanup(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'obyte-keystore-'));
  const path = join(dir, 'keystore.json');
  const clock = new ManualClock();
  const timers = new ManualTimers(clock);
  const keychain = new FakeKeychain();
  const { logger, lines } = recordingLogger();
  const random = seededRandom();
  return {
    dir,
    path,
    clock,
    timers,
    keychain,
    lines,
    service: (overrides = {}) => {
      const { fs, ...rest } = overrides;
      return new KeystoreService({
        file: new AtomicFile(path, fs === undefined ? {} : { fs }),
        clock,
        timers,
        random,
        logger,
        keychain,
        testScrypt: FAST_SCRYPT,
        ...rest,
      });
    },
    snapshot: async () => {
      const out: Record<string, string> = {};
      for (const name of (await readdir(dir)).sort()) {
        out[name] = await readFile(join(dir, name), 'utf8');
      }
      return out;
    },
    walletFiles: async () => {
      const out: Record<string, string> = {};
      for (const name of (await readdir(dir)).sort()) {
        if (name !== 'keystore.attempts.json') out[name] = await readFile(join(dir, name), 'utf8');
      }
      return out;
    },
    attempts: async () => {
      try {
        return JSON.parse(await readFile(join(dir, 'keystore.attempts.json'), 'utf8')) as {
          failures: number;
          next_attempt_at: number;
        };
      } catch {
        return null;
      }
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface HdVector {
  mnemonic: string;
  passphrase: string;
  device: { path: string; private_key_hex: string; pubkey_base64: string; device_address: string };
  wallet: { account: number; path: string; xpub: string; wallet_id: string };
  addresses: {
    is_change: number;
    address_index: number;
    path: string;
    private_key_hex: string;
    pubkey_base64: string;
    address: string;
  }[];
}

export interface HdVectors {
  vectors: HdVector[];
  bitcore_noncompliant_example: HdVector;
}
