/** What each contract method does, over the services built in the composition root. */
import type { AppPaths } from '../services/app-paths';
import type { SettingsStore } from '../services/settings-store';
import type { StatusService } from '../services/status';
import type { WalletSession } from '../services/wallet-session';
import { UserFacingError } from '../../../shared/ipc';
import { StorageError } from '../services/storage/index';
import { explorerUrl, isExplorerUrl } from '../../../shared/protocol/constants';
import {
  balancesView,
  checkUserAddress,
  historyExport,
  historyPage,
  watchList,
  WalletInputError,
  type LightSession,
} from '../services/sync/index';
import type { Handlers } from './dispatcher';
import type { ChatSession } from '../services/chat/chat-session';
import { createChatHandlers } from './chat-handlers';
import { createAaHandlers } from './aa-handlers';
import { createProfileHandlers } from './profile-handlers';
import type { NotificationService } from '../services/notifications';
import type { UpdateCheck } from '../updates';
import type { UserConfirmation } from '../services/user-confirmation';
import { createUpdateHandlers } from './update-handlers';
import { createLabelHandlers } from './label-handlers';
import { createTextcoinHandlers } from './textcoin-handlers';
import { pendingPaymentView, previewedPaymentView } from './payment-view';
import { statusView } from './status-view';
import { unitDetails } from './unit-view';
import { accountsView } from './accounts-view';
import { restoreResultView, walletAddressesView, walletStatusView } from './wallet-view';
import type { TextcoinSession } from '../services/textcoin-session';
import type { createBackupHandlers } from './backup-handlers';
import type { DesktopBridge } from './desktop-bridge';

export interface HandlerDeps {
  readonly app: { readonly name: string; readonly version: string };
  readonly paths: AppPaths;
  readonly settings: SettingsStore;
  readonly status: StatusService;
  readonly wallet: WalletSession;
  readonly textcoins: TextcoinSession;
  readonly light: LightSession;
  readonly chat: ChatSession;
  readonly notifications: NotificationService;
  readonly desktop?: DesktopBridge;
  /** Dialogs main owns (the Electron app only); without it, web links do not open. */
  readonly confirmation?: UserConfirmation;
  readonly updates: UpdateCheck;
  /** The full backup's methods (built in compose.ts: they close and reopen the network). */
  readonly backup: ReturnType<typeof createBackupHandlers>;
}

function userInput<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof WalletInputError) throw new UserFacingError(error.message);
    // A filter the history refuses (a search too short, a bad date) says why.
    if (error instanceof StorageError && error.code === 'invalid-input') {
      throw new UserFacingError(error.message);
    }
    throw error;
  }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...createChatHandlers(deps),
    ...createUpdateHandlers(deps),
    ...deps.backup,
    ...createLabelHandlers({
      book: () => deps.light.parts.db.labels,
      network: () => deps.light.parts.network,
      paths: deps.paths,
      ...(deps.desktop ? { desktop: deps.desktop } : {}),
    }),
    ...createTextcoinHandlers(deps),
    ...createAaHandlers(deps),
    ...createProfileHandlers(deps),
    'app.getInfo': () => {
      // The network this run uses (the CLI's --network, the harness's) may differ from the saved
      // one. The status holds the settings in effect, switched at once when the user changes
      // network; the light client's own network lags behind until it has reopened.
      const network = deps.status.get().network;
      return {
        name: deps.app.name,
        version: deps.app.version,
        network,
        dataDir: deps.paths.display(deps.paths.networkDir(network)),
      };
    },
    'settings.get': () => deps.settings.get(),
    'settings.update': (patch) => deps.settings.update(patch),
    'status.get': () => statusView(deps.status.get()),
    'wallet.getState': async () => walletStatusView(await deps.wallet.state()),
    'wallet.createWithMnemonicForBackup': () => deps.wallet.createWithMnemonicForBackup(),
    'wallet.confirmBackup': async (params) => {
      const result = await deps.wallet.confirmBackup(params);
      return { ...result, wallet: result.wallet === null ? null : walletStatusView(result.wallet) };
    },
    'wallet.restoreFromMnemonic': async (params) =>
      restoreResultView(await deps.wallet.restoreFromMnemonic(params)),
    'wallet.unlock': async ({ password }) => walletStatusView(await deps.wallet.unlock(password)),
    'wallet.lock': async () => walletStatusView(await deps.wallet.lock()),
    'wallet.changePassword': async ({ currentPassword, newPassword }) =>
      walletStatusView(await deps.wallet.changePassword(currentPassword, newPassword)),
    'wallet.setProtection': async ({ currentPassword, protection }) =>
      walletStatusView(await deps.wallet.setProtection(currentPassword, protection)),
    'wallet.setAutoLock': async ({ minutes }) =>
      walletStatusView(await deps.wallet.setAutoLock(minutes)),
    'wallet.revealMnemonicForBackup': ({ password }) =>
      deps.wallet.revealMnemonicForBackup(password),
    'addresses.list': async () => walletAddressesView(await deps.wallet.addresses()),
    'accounts.list': async () => accountsView(await deps.wallet.accounts.list()),
    'accounts.create': async (params) => accountsView(await deps.wallet.accounts.create(params)),
    'accounts.update': async (params) => accountsView(await deps.wallet.accounts.update(params)),
    'accounts.select': async ({ account }) =>
      accountsView(await deps.wallet.accounts.select(account)),
    'receive.nextAddress': async () => ({ address: await deps.wallet.nextAddress() }),
    'receive.paymentUri': async (params) => ({ uri: await deps.wallet.paymentUri(params) }),
    'payments.preview': async (params) =>
      previewedPaymentView(
        await deps.wallet.payments.preview(params),
        deps.wallet.payments.assetNames(),
      ),
    'payments.send': ({ previewId, acceptBounce }) =>
      deps.wallet.payments.send(previewId, { acceptBounce }),
    'payments.pending': () => {
      const assets = deps.wallet.payments.assetNames();
      return deps.wallet.payments.pending().map((p) => pendingPaymentView(p, assets));
    },
    'watch.add': ({ address, label }) => {
      const checked = userInput(() => checkUserAddress(address));
      const { sync, db } = deps.light.parts;
      sync.watch(checked, label);
      const added = watchList(db).find((item) => item.address === checked);
      if (!added) throw new Error('the address was not stored');
      return added;
    },
    'watch.remove': ({ address }) => {
      const { db } = deps.light.parts;
      db.removeWatchedAddress(address.trim());
      return watchList(db);
    },
    'watch.list': () => watchList(deps.light.parts.db),
    'balances.get': () => balancesView(deps.light.parts.db, deps.light.parts.reports),
    'rates.get': () => (deps.light.isOpen ? deps.light.parts.exchangeRates() : null),
    'history.list': (params) => userInput(() => historyPage(deps.light.parts.db, params)),
    'history.get': ({ unit }) => {
      const { db, network, reports } = deps.light.parts;
      const details = unitDetails(db, network, unit, reports);
      if (!details) throw new UserFacingError('This wallet has no unit with that hash.');
      return details;
    },
    'history.markSeen': () => {
      deps.notifications.markRead({ kind: 'payment' });
      return { done: true as const };
    },
    'history.export': async ({ saveToFile, format = 'csv', ...filter }) => {
      const { db, network } = deps.light.parts;
      const { text, rows } = userInput(() => historyExport(db, filter, format));
      const { chooseSavePath, writeTextFile } = deps.desktop ?? {};
      if (!saveToFile || !chooseSavePath || !writeTextFile) {
        return { rows, format, text, savedTo: null };
      }
      const path = await chooseSavePath(`obyte-history-${network}.${format}`);
      if (path === null) return { rows, format, text: null, savedTo: null };
      await writeTextFile(path, text);
      return { rows, format, text: null, savedTo: deps.paths.display(path) };
    },
    'sync.now': () => deps.light.parts.sync.syncNow(),
    'links.openExplorer': async ({ unit }) => {
      const url = explorerUrl(deps.light.parts.network, unit);
      if (url === null) {
        throw new UserFacingError(
          'A devnet has no public explorer: its units are only on its hub.',
        );
      }
      const open = deps.desktop?.openExternal;
      if (!isExplorerUrl(url) || !open) return { opened: false, url };
      await open(url);
      return { opened: true, url };
    },
  };
}
