/**
 * The names of every IPC method and event, without their schemas. The preload and the renderer
 * need only the names; keeping them apart from the zod schemas keeps zod out of both bundles.
 * `contract.ts` is checked against these lists at compile time.
 */
export const METHOD_NAMES = [
  'app.getInfo',
  'settings.get',
  'settings.update',
  'status.get',
  'wallet.getState',
  'wallet.createWithMnemonicForBackup',
  'wallet.confirmBackup',
  'wallet.restoreFromMnemonic',
  'wallet.unlock',
  'wallet.lock',
  'wallet.changePassword',
  'wallet.setProtection',
  'wallet.setAutoLock',
  'wallet.revealMnemonicForBackup',
  'addresses.list',
  'accounts.list',
  'accounts.create',
  'accounts.update',
  'accounts.select',
  'receive.nextAddress',
  'receive.paymentUri',
  'payments.preview',
  'payments.send',
  'payments.pending',
  'textcoins.previewSend',
  'textcoins.send',
  'textcoins.list',
  'textcoins.assets',
  'textcoins.previewClaim',
  'textcoins.previewTakeBack',
  'textcoins.claim',
  'textcoins.discard',
  'watch.add',
  'watch.remove',
  'watch.list',
  'balances.get',
  'rates.get',
  'history.list',
  'history.get',
  'history.markSeen',
  'history.export',
  'sync.now',
  'labels.list',
  'labels.set',
  'labels.export',
  'labels.import',
  'contacts.list',
  'contacts.add',
  'contacts.update',
  'contacts.remove',
  'links.openExplorer',
  'links.openWeb',
  'chat.listCorrespondents',
  'chat.listMessages',
  'chat.sendText',
  'chat.retry',
  'chat.markRead',
  'chat.pair',
  'chat.ourPairingCode',
  'chat.rename',
  'chat.remove',
  'bots.list',
  'updates.getState',
  'updates.setCheckAtStartup',
  'updates.checkNow',
  'updates.openReleasePage',
  'messages.prepareSign',
  'messages.sign',
  'messages.verify',
  'aa.details',
  'aa.stateVars',
  'attestations.list',
  'profiles.list',
  'profiles.save',
  'profiles.remove',
  'profiles.removeAll',
  'profiles.prepareShare',
  'profiles.share',
  'backup.getState',
  'backup.export',
  'backup.chooseFile',
  'backup.import',
  'backup.autoState',
  'backup.autoChooseFolder',
  'backup.autoOn',
  'backup.autoOff',
  'backup.autoNow',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = [
  'statusChanged',
  'settingsChanged',
  'deepLinkOpened',
  'notificationClicked',
  'balancesChanged',
  'ratesChanged',
  'historyChanged',
  'syncProgress',
  'walletStateChanged',
  'accountsChanged',
  'restoreProgress',
  'paymentStateChanged',
  'chatMessageReceived',
  'chatMessageStateChanged',
  'correspondentChanged',
  'chatLoginChanged',
  'updatesChanged',
  'navigate',
  'autoBackupChanged',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel of a method; one channel per method so main can register each separately. */
export function methodChannel(name: MethodName): string {
  return `obyte:${name}`;
}

/** The one channel main uses to push events to the page. */
export const EVENT_CHANNEL = 'obyte:event';

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
