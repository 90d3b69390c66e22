/** What each contract method does, over the services built in the composition root. */
import type { AppPaths } from '../services/app-paths';
import type { SettingsStore } from '../services/settings-store';
import type { StatusService } from '../services/status';
import type { WalletSession } from '../services/wallet-session';
import type { Handlers } from './dispatcher';

export interface HandlerDeps {
  readonly app: { readonly name: string; readonly version: string };
  readonly paths: AppPaths;
  readonly settings: SettingsStore;
  readonly status: StatusService;
  readonly wallet: WalletSession;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.getInfo': () => {
      const network = deps.settings.get().network;
      return {
        name: deps.app.name,
        version: deps.app.version,
        network,
        dataDir: deps.paths.display(deps.paths.networkDir(network)),
      };
    },
    'settings.get': () => deps.settings.get(),
    'settings.update': (patch) => deps.settings.update(patch),
    'status.get': () => deps.status.get(),
    'wallet.getState': () => deps.wallet.state(),
    'wallet.lock': () => deps.wallet.lock(),
  };
}
