/**
 * A fake `window.obyte` for renderer tests: the real client builder over an in-memory handler
 * map, with events the test can emit as main would.
 */
import {
  createObyteApi,
  type EventName,
  type EventPayload,
  type IpcReply,
  type MethodName,
  type ObyteApi,
  type Settings,
  type Status,
  type UpdateState,
} from '../../shared/ipc';

export const SETTINGS: Settings = {
  theme: 'system',
  network: 'mainnet',
  devnetHubUrl: 'ws://localhost:6611',
  unit: 'GBYTE',
  deviceName: 'Obyte Light',
  spendUnconfirmed: 'own',
  fiatCurrency: 'off',
};

export const STATUS: Status = {
  network: 'mainnet',
  hubUrl: 'wss://obyte.org/bb',
  connection: { state: 'offline', since: null, detail: 'No hub client in this version.' },
  lastStableMci: null,
  lastStableMciAt: null,
  sync: { state: 'idle' },
  outbox: 0,
};

export const UPDATES: UpdateState = {
  checkAtStartup: false,
  supported: false,
  currentVersion: '0.1.0',
  checking: false,
  lastCheck: null,
  releasesUrl: 'https://github.com/byteball/obyte-light/releases',
};

/** The standard BIP-39 test phrase (never a real wallet). */
export const TEST_WORDS =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

function rejected(message: string): IpcReply<unknown> {
  return { ok: false, error: { code: 'rejected', message } };
}

export const LOCKED_WALLET = {
  state: 'locked' as const,
  network: 'mainnet' as const,
  protection: 'password' as const,
  walletId: 'w1',
  deviceAddress: '0DEVICE',
  addresses: ['ADDRESS'],
  retryAfterMs: 0,
  autoLockMinutes: 10,
  keychainAvailable: false,
};

export type FakeHandler = (params: unknown) => IpcReply<unknown>;

const LOCKED: FakeHandler = () => ({
  ok: false,
  error: { code: 'wallet_locked', message: 'No wallet is unlocked.' },
});

export interface FakeApi {
  readonly api: ObyteApi;
  readonly calls: Array<[MethodName, unknown]>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** The automatic backup as a copy with folder dialogs shows it while off. */
export const AUTO_BACKUP_OFF = {
  canChooseFolders: true,
  enabled: false,
  folder: null,
  fileName: null,
  lastBackupAt: null,
  pending: false,
  problem: null,
};

export function fakeApi(overrides: Partial<Record<MethodName, FakeHandler>> = {}): FakeApi {
  let settings = SETTINGS;
  const handlers: Record<MethodName, FakeHandler> = {
    'app.getInfo': () => ({
      ok: true,
      value: { name: 'Obyte Light', version: '0.1.0', network: settings.network, dataDir: '~/x' },
    }),
    'settings.get': () => ({ ok: true, value: settings }),
    'settings.update': (patch) => {
      settings = { ...settings, ...(patch as Partial<Settings>) };
      return { ok: true, value: settings };
    },
    'status.get': () => ({ ok: true, value: STATUS }),
    'wallet.getState': () => ({ ok: true, value: { state: 'none', keychainAvailable: false } }),
    'wallet.lock': () => ({ ok: true, value: { state: 'none', keychainAvailable: false } }),
    'wallet.createWithMnemonicForBackup': () => ({
      ok: true,
      value: { draftId: 'd1', mnemonic: TEST_WORDS, askPositions: [2, 5, 11] },
    }),
    'wallet.confirmBackup': () => ({
      ok: true,
      value: { confirmed: true, wrongPositions: [], wallet: null },
    }),
    'wallet.restoreFromMnemonic': () => rejected('Not in this test.'),
    'wallet.unlock': () => rejected('That password does not open this wallet.'),
    'wallet.changePassword': () => rejected('Not in this test.'),
    'wallet.setProtection': () => rejected('Not in this test.'),
    'wallet.setAutoLock': () => rejected('Not in this test.'),
    'wallet.revealMnemonicForBackup': () => ({ ok: true, value: { mnemonic: TEST_WORDS } }),
    'addresses.list': () => ({ ok: true, value: [] }),
    'receive.nextAddress': () => rejected('There is no wallet yet.'),
    'receive.paymentUri': () => rejected('Not in this test.'),
    'payments.preview': () => rejected('Not in this test.'),
    'payments.send': () => rejected('Not in this test.'),
    'payments.pending': () => ({ ok: true, value: [] }),
    'textcoins.previewSend': () => rejected('Not in this test.'),
    'textcoins.send': LOCKED,
    'textcoins.list': () => ({ ok: true, value: [] }),
    'textcoins.assets': () => ({ ok: true, value: [] }),
    'textcoins.previewClaim': () => rejected('Not in this test.'),
    'textcoins.previewTakeBack': LOCKED,
    'textcoins.claim': () => rejected('Not in this test.'),
    'textcoins.discard': () => ({ ok: true, value: { done: true } }),
    'watch.add': (params) => ({
      ok: true,
      value: {
        ...(params as { address: string }),
        label: '',
        kind: 'watch-only',
        addedAt: 0,
        historyTooLarge: false,
      },
    }),
    'watch.remove': () => ({ ok: true, value: [] }),
    'watch.list': () => ({ ok: true, value: [] }),
    'balances.get': () => ({
      ok: true,
      value: { total: [], byAddress: [], watched: { total: [], byAddress: [] } },
    }),
    'rates.get': () => ({ ok: true, value: null }),
    'accounts.list': () => rejected('There is no wallet yet.'),
    'accounts.create': () => rejected('Not in this test.'),
    'accounts.update': () => rejected('Not in this test.'),
    'accounts.select': () => rejected('Not in this test.'),
    'history.list': () => ({ ok: true, value: { rows: [], nextCursor: null } }),
    'history.get': () => ({ ok: false, error: { code: 'rejected', message: 'No such unit.' } }),
    'history.markSeen': () => ({ ok: true, value: { done: true } }),
    'history.export': () => ({
      ok: true,
      value: { rows: 0, format: 'csv', text: '', savedTo: null },
    }),
    'sync.now': () => ({ ok: true, value: { ok: true, problem: null, changedUnits: 0 } }),
    'labels.list': () => ({ ok: true, value: [] }),
    'labels.set': () => ({ ok: true, value: null }),
    'labels.export': () => ({
      ok: true,
      value: { labels: 0, contacts: 0, text: '', savedTo: null },
    }),
    'labels.import': () => ({
      ok: true,
      value: {
        labelsAdded: 0,
        labelsUpdated: 0,
        contactsAdded: 0,
        contactsUpdated: 0,
        unchanged: 0,
      },
    }),
    'contacts.list': () => ({ ok: true, value: [] }),
    'contacts.add': () => ({
      ok: false,
      error: { code: 'rejected', message: 'Not in this fake.' },
    }),
    'contacts.update': () => ({
      ok: false,
      error: { code: 'rejected', message: 'Not in this fake.' },
    }),
    'contacts.remove': () => ({ ok: true, value: { done: true } }),
    'links.openExplorer': () => ({ ok: true, value: { opened: false, url: '' } }),
    'links.openWeb': () => ({ ok: true, value: { opened: false, url: '' } }),
    'chat.listCorrespondents': LOCKED,
    'chat.listMessages': LOCKED,
    'chat.sendText': LOCKED,
    'chat.retry': LOCKED,
    'chat.markRead': LOCKED,
    'chat.pair': LOCKED,
    'chat.ourPairingCode': LOCKED,
    'chat.rename': LOCKED,
    'chat.remove': LOCKED,
    'bots.list': LOCKED,
    'updates.getState': () => ({ ok: true, value: UPDATES }),
    'updates.setCheckAtStartup': (params) => ({
      ok: true,
      value: { ...UPDATES, ...(params as { checkAtStartup: boolean }) },
    }),
    'updates.checkNow': () => ({ ok: true, value: UPDATES }),
    'updates.openReleasePage': () => ({
      ok: true,
      value: { opened: false, url: UPDATES.releasesUrl },
    }),
    'messages.prepareSign': LOCKED,
    'messages.sign': LOCKED,
    'messages.verify': LOCKED,
    'aa.details': LOCKED,
    'aa.stateVars': LOCKED,
    'attestations.list': LOCKED,
    'profiles.list': LOCKED,
    'profiles.save': LOCKED,
    'profiles.remove': LOCKED,
    'profiles.removeAll': LOCKED,
    'profiles.prepareShare': LOCKED,
    'profiles.share': LOCKED,
    'backup.getState': () => ({
      ok: true,
      value: { canChooseFiles: true, lastBackupAt: null, lastBackupTo: null },
    }),
    'backup.export': () => ({
      ok: true,
      value: { savedTo: '~/obyte-light-mainnet.obyte-backup', bytes: 5000, createdAt: 0 },
    }),
    'backup.chooseFile': () => ({ ok: true, value: { file: null } }),
    'backup.import': LOCKED,
    'backup.autoState': () => ({ ok: true, value: AUTO_BACKUP_OFF }),
    'backup.autoChooseFolder': () => ({ ok: true, value: { folder: null } }),
    'backup.autoOn': LOCKED,
    'backup.autoOff': () => ({ ok: true, value: AUTO_BACKUP_OFF }),
    'backup.autoNow': LOCKED,
    ...overrides,
  };
  const calls: Array<[MethodName, unknown]> = [];
  let deliver: ((event: EventName, payload: unknown) => void) | undefined;
  const api = createObyteApi(
    async (method, params) => {
      calls.push([method, params]);
      return handlers[method](params);
    },
    (listener) => {
      deliver = listener;
    },
  );
  return { api, calls, emit: (event, payload) => deliver?.(event, payload) };
}
