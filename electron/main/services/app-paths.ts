/**
 * Where Obyte Light keeps its files. One root under the OS's app-data folder; settings, logs and
 * window state at the root; everything that belongs to a network (database, keystore) in a
 * folder of its own, so a testnet wallet can never touch mainnet data.
 */
import { mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Network } from '../../../shared/protocol/wire';

export class AppPaths {
  readonly root: string;
  private readonly home: string;

  constructor(options: { root: string; home: string }) {
    this.root = options.root;
    this.home = options.home;
  }

  get settingsFile(): string {
    return join(this.root, 'settings.json');
  }

  get windowStateFile(): string {
    return join(this.root, 'window-state.json');
  }

  /** The update-check opt-in (electron/main/updates.ts). */
  get updateCheckFile(): string {
    return join(this.root, 'update-check.json');
  }

  get logFile(): string {
    return join(this.root, 'logs', 'main.log');
  }

  networkDir(network: Network): string {
    return join(this.root, network);
  }

  /** The wallet of a network: its encrypted keystore (it exists once a wallet was made). */
  keystoreFile(network: Network): string {
    return join(this.networkDir(network), 'keystore.json');
  }

  async ensureNetworkDir(network: Network): Promise<string> {
    const dir = this.networkDir(network);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** A path for showing to the user: the home folder becomes `~`. */
  display(path: string): string {
    if (this.home && (path === this.home || path.startsWith(this.home + sep))) {
      return `~${path.slice(this.home.length)}`;
    }
    return path;
  }
}
