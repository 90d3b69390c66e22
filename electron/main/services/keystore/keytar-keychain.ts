/**
 * Keychain through keytar (libsecret on Linux, Keychain Services on macOS, Credential Vault on
 * Windows). keytar is a native module: it is loaded on first use with a dynamic import, so a
 * missing or broken build (or, on Linux, no Secret Service on the session bus) becomes a
 * KeychainError the keystore reports as "keychain unavailable — use a password", never a crash
 * at start-up.
 */
import { KeychainError, type Keychain } from './keychain';

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function isKeytarApi(value: unknown): value is KeytarApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Partial<Record<keyof KeytarApi, unknown>>;
  return (
    typeof api.getPassword === 'function' &&
    typeof api.setPassword === 'function' &&
    typeof api.deletePassword === 'function'
  );
}

/** keytar is CommonJS: its functions sit on the namespace or on `default`, by loader. */
function pickApi(module: unknown): KeytarApi | null {
  if (isKeytarApi(module)) return module;
  if (typeof module === 'object' && module !== null && 'default' in module) {
    return isKeytarApi(module.default) ? module.default : null;
  }
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class KeytarKeychain implements Keychain {
  private readonly load: () => Promise<unknown>;
  private api: KeytarApi | null = null;

  /** `load` is for tests; production imports the installed `keytar`. */
  constructor(options: { load?: () => Promise<unknown> } = {}) {
    this.load = options.load ?? (() => import('keytar'));
  }

  private async keytar(): Promise<KeytarApi> {
    if (this.api !== null) return this.api;
    let module: unknown;
    try {
      module = await this.load();
    } catch (error) {
      throw new KeychainError(`keytar could not be loaded: ${describe(error)}`, { cause: error });
    }
    const api = pickApi(module);
    if (api === null) throw new KeychainError('keytar loaded but does not look like keytar');
    this.api = api;
    return api;
  }

  private async call<T>(what: string, run: (api: KeytarApi) => Promise<T>): Promise<T> {
    const api = await this.keytar();
    try {
      return await run(api);
    } catch (error) {
      throw new KeychainError(`keytar ${what} failed: ${describe(error)}`, { cause: error });
    }
  }

  get(service: string, account: string): Promise<string | null> {
    return this.call('getPassword', (api) => api.getPassword(service, account));
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return this.call('setPassword', (api) => api.setPassword(service, account, secret));
  }

  delete(service: string, account: string): Promise<boolean> {
    return this.call('deletePassword', (api) => api.deletePassword(service, account));
  }
}
