/**
 * The command line against a loopback test hub, in a temporary data folder: the set-up the CLI
 * tests that talk to a hub share. Call cliOnHub at the top of a test file; it registers the
 * beforeAll that starts the hub (and, with `restore`, restores TEST_MNEMONIC through the CLI)
 * and the afterAll that stops it and deletes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli, type CliResult } from './cli';
import { TestHub } from './test-hub';
import { TEST_MNEMONIC } from './test-hub/wallet-scenarios';

export interface CliOnHubOptions {
  /** The temporary data folder's name starts with this. */
  readonly folder: string;
  /** OBYTE_LIGHT_PASSWORD of every run that does not say otherwise. */
  readonly password: string;
  /** Before the hub listens: its scenario, a device side, handlers. */
  readonly setUp?: (hub: TestHub) => void;
  /** Once it listens (its URL is known): what needs the URL, such as a bot's hub. */
  readonly started?: (hub: TestHub) => void;
  /** Restore TEST_MNEMONIC with the CLI before the tests (it must succeed). */
  readonly restore?: boolean;
}

export interface CliOnHub {
  readonly hub: TestHub;
  /** The hub's URL and the data folder, once beforeAll has run. */
  readonly url: string;
  readonly dir: string;
  /**
   * `obyte-light --network devnet --hub URL --data-dir DIR ARGS`, `input` on standard input,
   * with the password in the environment (`env` takes its place when given).
   */
  cli(args: readonly string[], input?: string, env?: NodeJS.ProcessEnv): Promise<CliResult>;
}

export function cliOnHub(options: CliOnHubOptions): CliOnHub {
  const hub = new TestHub();
  let url = '';
  let dir = '';
  const on: CliOnHub = {
    hub,
    get url() {
      return url;
    },
    get dir() {
      return dir;
    },
    cli: (args, input = '', env = { OBYTE_LIGHT_PASSWORD: options.password }) =>
      runCli(['--network', 'devnet', '--hub', url, '--data-dir', dir, ...args], { input, env }),
  };
  beforeAll(async () => {
    options.setUp?.(hub);
    url = await hub.start();
    options.started?.(hub);
    dir = mkdtempSync(join(tmpdir(), options.folder));
    if (options.restore) {
      const restored = await on.cli(['restore'], `${TEST_MNEMONIC}\n`);
      expect(restored.code).toBe(0);
    }
  }, 180_000);
  afterAll(async () => {
    await hub.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });
  return on;
}
