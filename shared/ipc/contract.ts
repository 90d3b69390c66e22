/**
 * The one IPC contract. Adding a method here (and its name to `names.ts`) is the only way to add
 * IPC. Main validates params and results with these schemas and enforces the capability flags.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import {
  AaDetailsSchema,
  AaStateParamsSchema,
  AaStateSchema,
  AddressParamsSchema,
  AttestationListSchema,
  PreparedSignatureSchema,
  PrepareSignParamsSchema,
  SignedResultSchema,
  SignParamsSchema,
  VerifyParamsSchema,
  VerifyResultSchema,
} from './aa-schemas';
import type { EventName, MethodName } from './names';
import {
  ProfileListSchema,
  ProfileRequestParamsSchema,
  ProfileRequestViewSchema,
  ProfileViewSchema,
  RemoveProfileParamsSchema,
  RemoveProfilesResultSchema,
  SaveProfileParamsSchema,
  ShareProfileParamsSchema,
  ShareProfileResultSchema,
} from './profile-schemas';
import { NavigateSchema } from './screens';
import {
  AppInfoSchema,
  DeepLinkSchema,
  ExchangeRatesSchema,
  NotificationTargetSchema,
  SettingsPatchSchema,
  SettingsSchema,
  StatusSchema,
  SyncStatusSchema,
} from './schemas';
import {
  AddressListSchema,
  BackupDraftSchema,
  ChangePasswordParamsSchema,
  ConfirmBackupParamsSchema,
  ConfirmBackupResultSchema,
  DiscoveryProgressSchema,
  PasswordParamsSchema,
  PaymentPreviewViewSchema,
  PaymentStateChangedSchema,
  PaymentUriParamsSchema,
  PaymentUriSchema,
  PendingPaymentsSchema,
  PreviewParamsSchema,
  ReceiveAddressSchema,
  RestoreParamsSchema,
  RestoreResultSchema,
  RevealedMnemonicSchema,
  SendParamsSchema,
  SendResultSchema,
  SetAutoLockParamsSchema,
  SetProtectionParamsSchema,
  UnlockParamsSchema,
  WalletStatusSchema,
} from './keys-schemas';
import {
  BalancesViewSchema,
  HistoryExportParamsSchema,
  HistoryExportResultSchema,
  HistoryChangedSchema,
  HistoryListParamsSchema,
  HistoryPageSchema,
  OpenedSchema,
  OpenExplorerParamsSchema,
  SyncNowResultSchema,
  UnitDetailsSchema,
  UnitParamsSchema,
  WatchAddParamsSchema,
  WatchedAddressInfoSchema,
  WatchListSchema,
} from './wallet-schemas';
import {
  BotListSchema,
  ChatLoginSchema,
  ChatMessageListSchema,
  ChatMessageViewSchema,
  CorrespondentChangedSchema,
  CorrespondentListSchema,
  CorrespondentParamsSchema,
  CorrespondentViewSchema,
  DoneSchema,
  ListMessagesParamsSchema,
  OpenedWebSchema,
  OpenWebParamsSchema,
  PairingCodeSchema,
  PairParamsSchema,
  RenameParamsSchema,
  RetryParamsSchema,
  SendTextParamsSchema,
} from './chat-schemas';
import {
  ContactIdParamsSchema,
  ContactListSchema,
  ContactParamsSchema,
  ContactViewSchema,
  LabelListSchema,
  LabelsExportParamsSchema,
  LabelsExportResultSchema,
  LabelsImportParamsSchema,
  LabelsImportResultSchema,
  SetLabelParamsSchema,
  SetLabelResultSchema,
  UpdateContactParamsSchema,
} from './labels-schemas';
import {
  BackupChooseResultSchema,
  BackupExportParamsSchema,
  BackupExportResultSchema,
  BackupImportParamsSchema,
  BackupImportResultSchema,
  BackupStateSchema,
  AutoBackupStateSchema,
  AutoBackupChooseFolderResultSchema,
  AutoBackupOnParamsSchema,
} from './backup-schemas';
import {
  AccountsViewSchema,
  CreateAccountParamsSchema,
  SelectAccountParamsSchema,
  UpdateAccountParamsSchema,
} from './accounts-schemas';
import {
  OpenedReleasePageSchema,
  SetCheckAtStartupParamsSchema,
  UpdateStateSchema,
} from './update-schemas';
import {
  DiscardedSchema,
  PreviewIdParamsSchema,
  TextcoinClaimParamsSchema,
  TextcoinClaimPreviewViewSchema,
  TextcoinAssetsSchema,
  TextcoinClaimResultSchema,
  TextcoinListSchema,
  TextcoinPreviewSendParamsSchema,
  TextcoinSendPreviewViewSchema,
  TextcoinSentViewSchema,
  TextcoinTakeBackParamsSchema,
} from './textcoin-schemas';

/** A method that takes nothing accepts only `undefined` (what `fn()` sends). */
export const NoParams = lazySchema(() =>
  z.undefined({ message: 'This request takes no parameters.' }),
);

export interface MethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** The method works only while a wallet is unlocked; main refuses it otherwise. */
  readonly needsUnlockedWallet: boolean;
}

export const methods = {
  'app.getInfo': { params: NoParams, result: AppInfoSchema, needsUnlockedWallet: false },
  'settings.get': { params: NoParams, result: SettingsSchema, needsUnlockedWallet: false },
  'settings.update': {
    params: SettingsPatchSchema,
    result: SettingsSchema,
    needsUnlockedWallet: false,
  },
  'status.get': { params: NoParams, result: StatusSchema, needsUnlockedWallet: false },
  'wallet.getState': { params: NoParams, result: WalletStatusSchema, needsUnlockedWallet: false },
  /** Returns a new recovery phrase ONCE; nothing is written until `confirmBackup`. */
  'wallet.createWithMnemonicForBackup': {
    params: NoParams,
    result: BackupDraftSchema,
    needsUnlockedWallet: false,
  },
  'wallet.confirmBackup': {
    params: ConfirmBackupParamsSchema,
    result: ConfirmBackupResultSchema,
    needsUnlockedWallet: false,
  },
  /** Takes a recovery phrase in; progress arrives as `restoreProgress`. */
  'wallet.restoreFromMnemonic': {
    params: RestoreParamsSchema,
    result: RestoreResultSchema,
    needsUnlockedWallet: false,
  },
  'wallet.unlock': {
    params: UnlockParamsSchema,
    result: WalletStatusSchema,
    needsUnlockedWallet: false,
  },
  'wallet.lock': { params: NoParams, result: WalletStatusSchema, needsUnlockedWallet: false },
  'wallet.changePassword': {
    params: ChangePasswordParamsSchema,
    result: WalletStatusSchema,
    needsUnlockedWallet: false,
  },
  'wallet.setProtection': {
    params: SetProtectionParamsSchema,
    result: WalletStatusSchema,
    needsUnlockedWallet: false,
  },
  'wallet.setAutoLock': {
    params: SetAutoLockParamsSchema,
    result: WalletStatusSchema,
    needsUnlockedWallet: false,
  },
  /** Returns the recovery phrase; a password-protected wallet needs its password. */
  'wallet.revealMnemonicForBackup': {
    params: PasswordParamsSchema,
    result: RevealedMnemonicSchema,
    needsUnlockedWallet: false,
  },
  // Addresses come from the public xpubs: they work while locked.
  'addresses.list': { params: NoParams, result: AddressListSchema, needsUnlockedWallet: false },
  /** The seed's accounts (names, colours, hidden) and the one in use. */
  'accounts.list': { params: NoParams, result: AccountsViewSchema, needsUnlockedWallet: false },
  /** A new account (the next BIP-44 index): its xpub is derived from the unlocked seed. */
  'accounts.create': {
    params: CreateAccountParamsSchema,
    result: AccountsViewSchema,
    needsUnlockedWallet: true,
  },
  'accounts.update': {
    params: UpdateAccountParamsSchema,
    result: AccountsViewSchema,
    needsUnlockedWallet: false,
  },
  /** Balances, history, receiving and payments follow the account chosen here. */
  'accounts.select': {
    params: SelectAccountParamsSchema,
    result: AccountsViewSchema,
    needsUnlockedWallet: false,
  },
  'receive.nextAddress': {
    params: NoParams,
    result: ReceiveAddressSchema,
    needsUnlockedWallet: false,
  },
  'receive.paymentUri': {
    params: PaymentUriParamsSchema,
    result: PaymentUriSchema,
    needsUnlockedWallet: false,
  },
  /** Composes (unsigned) and holds the unit in main; nothing leaves the wallet. */
  'payments.preview': {
    params: PreviewParamsSchema,
    result: PaymentPreviewViewSchema,
    needsUnlockedWallet: false,
  },
  /** Signs and posts only a preview main composed and still holds. */
  'payments.send': {
    params: SendParamsSchema,
    result: SendResultSchema,
    needsUnlockedWallet: true,
  },
  'payments.pending': {
    params: NoParams,
    result: PendingPaymentsSchema,
    needsUnlockedWallet: false,
  },
  /** A payment to a fresh textcoin, composed and held in main; its words stay in main. */
  'textcoins.previewSend': {
    params: TextcoinPreviewSendParamsSchema,
    result: TextcoinSendPreviewViewSchema,
    needsUnlockedWallet: false,
  },
  /** Seals and stores the words, signs and posts; returns the words ONCE. */
  'textcoins.send': {
    params: PreviewIdParamsSchema,
    result: TextcoinSentViewSchema,
    needsUnlockedWallet: true,
  },
  'textcoins.list': { params: NoParams, result: TextcoinListSchema, needsUnlockedWallet: false },
  /** The assets a textcoin can carry that the account can spend (the asset picker's list). */
  'textcoins.assets': {
    params: NoParams,
    result: TextcoinAssetsSchema,
    needsUnlockedWallet: false,
  },
  /** What claiming a textcoin would bring in (the hub's verified history of its address). */
  'textcoins.previewClaim': {
    params: TextcoinClaimParamsSchema,
    result: TextcoinClaimPreviewViewSchema,
    needsUnlockedWallet: false,
  },
  /** Opens a sent textcoin's sealed words (needs the wallet's key) and previews its claim. */
  'textcoins.previewTakeBack': {
    params: TextcoinTakeBackParamsSchema,
    result: TextcoinClaimPreviewViewSchema,
    needsUnlockedWallet: true,
  },
  /** Signs (with the textcoin's key) and posts only a claim main previewed and still holds. */
  'textcoins.claim': {
    params: PreviewIdParamsSchema,
    result: TextcoinClaimResultSchema,
    needsUnlockedWallet: false,
  },
  'textcoins.discard': {
    params: PreviewIdParamsSchema,
    result: DiscardedSchema,
    needsUnlockedWallet: false,
  },
  // Watch-only addresses, balances and history work without keys.
  'watch.add': {
    params: WatchAddParamsSchema,
    result: WatchedAddressInfoSchema,
    needsUnlockedWallet: false,
  },
  'watch.remove': {
    params: lazySchema(() => WatchAddParamsSchema.pick({ address: true })),
    result: WatchListSchema,
    needsUnlockedWallet: false,
  },
  'watch.list': { params: NoParams, result: WatchListSchema, needsUnlockedWallet: false },
  'balances.get': { params: NoParams, result: BalancesViewSchema, needsUnlockedWallet: false },
  /** The hub's latest exchange rates (its word, for the optional value in a currency). */
  'rates.get': { params: NoParams, result: ExchangeRatesSchema, needsUnlockedWallet: false },
  'history.list': {
    params: HistoryListParamsSchema,
    result: HistoryPageSchema,
    needsUnlockedWallet: false,
  },
  'history.get': {
    params: UnitParamsSchema,
    result: UnitDetailsSchema,
    needsUnlockedWallet: false,
  },
  /** The user looked at History: payment notifications and their badge count are cleared. */
  'history.markSeen': { params: NoParams, result: DoneSchema, needsUnlockedWallet: false },
  /** The filtered history as CSV or JSON, with the user's labels and notes. */
  'history.export': {
    params: HistoryExportParamsSchema,
    result: HistoryExportResultSchema,
    needsUnlockedWallet: false,
  },
  'sync.now': { params: NoParams, result: SyncNowResultSchema, needsUnlockedWallet: false },
  // Labels, notes and the address book: the user's own words, in the network's database; they
  // work while locked, like the history they describe.
  'labels.list': { params: NoParams, result: LabelListSchema, needsUnlockedWallet: false },
  /** An empty label and note remove the label. */
  'labels.set': {
    params: SetLabelParamsSchema,
    result: SetLabelResultSchema,
    needsUnlockedWallet: false,
  },
  /** The labels file (JSON lines, docs/labels-format.md): labels, notes and contacts. */
  'labels.export': {
    params: LabelsExportParamsSchema,
    result: LabelsExportResultSchema,
    needsUnlockedWallet: false,
  },
  /** Every line is checked first: a bad file changes nothing and names its first bad line. */
  'labels.import': {
    params: LabelsImportParamsSchema,
    result: LabelsImportResultSchema,
    needsUnlockedWallet: false,
  },
  'contacts.list': { params: NoParams, result: ContactListSchema, needsUnlockedWallet: false },
  'contacts.add': {
    params: ContactParamsSchema,
    result: ContactViewSchema,
    needsUnlockedWallet: false,
  },
  'contacts.update': {
    params: UpdateContactParamsSchema,
    result: ContactViewSchema,
    needsUnlockedWallet: false,
  },
  'contacts.remove': {
    params: ContactIdParamsSchema,
    result: DoneSchema,
    needsUnlockedWallet: false,
  },
  /** Opens the unit on the network's explorer in the OS browser (the page confirmed the URL). */
  'links.openExplorer': {
    params: OpenExplorerParamsSchema,
    result: OpenedSchema,
    needsUnlockedWallet: false,
  },
  /** Opens an http(s) link from a chat in the OS browser (the page confirmed the full URL). */
  'links.openWeb': {
    params: OpenWebParamsSchema,
    result: OpenedWebSchema,
    needsUnlockedWallet: true,
  },
  // Chat needs the device key, which exists only while the wallet is unlocked.
  'chat.listCorrespondents': {
    params: NoParams,
    result: CorrespondentListSchema,
    needsUnlockedWallet: true,
  },
  'chat.listMessages': {
    params: ListMessagesParamsSchema,
    result: ChatMessageListSchema,
    needsUnlockedWallet: true,
  },
  'chat.sendText': {
    params: SendTextParamsSchema,
    result: ChatMessageViewSchema,
    needsUnlockedWallet: true,
  },
  'chat.retry': {
    params: RetryParamsSchema,
    result: ChatMessageViewSchema,
    needsUnlockedWallet: true,
  },
  'chat.markRead': {
    params: CorrespondentParamsSchema,
    result: DoneSchema,
    needsUnlockedWallet: true,
  },
  'chat.pair': {
    params: PairParamsSchema,
    result: CorrespondentViewSchema,
    needsUnlockedWallet: true,
  },
  'chat.ourPairingCode': { params: NoParams, result: PairingCodeSchema, needsUnlockedWallet: true },
  'chat.rename': {
    params: RenameParamsSchema,
    result: CorrespondentViewSchema,
    needsUnlockedWallet: true,
  },
  'chat.remove': {
    params: CorrespondentParamsSchema,
    result: DoneSchema,
    needsUnlockedWallet: true,
  },
  'bots.list': { params: NoParams, result: BotListSchema, needsUnlockedWallet: true },
  // Signed messages: main holds exactly what will be signed; signing needs the keys and, in the
  // app, the user's yes in main's own dialog.
  'messages.prepareSign': {
    params: PrepareSignParamsSchema,
    result: PreparedSignatureSchema,
    needsUnlockedWallet: false,
  },
  'messages.sign': {
    params: SignParamsSchema,
    result: SignedResultSchema,
    needsUnlockedWallet: true,
  },
  'messages.verify': {
    params: VerifyParamsSchema,
    result: VerifyResultSchema,
    needsUnlockedWallet: false,
  },
  // Autonomous agents and attestations: the hub's word, labelled so on screen.
  'aa.details': {
    params: AddressParamsSchema,
    result: AaDetailsSchema,
    needsUnlockedWallet: false,
  },
  'aa.stateVars': {
    params: AaStateParamsSchema,
    result: AaStateSchema,
    needsUnlockedWallet: false,
  },
  'attestations.list': {
    params: AddressParamsSchema,
    result: AttestationListSchema,
    needsUnlockedWallet: false,
  },
  // Attested private profiles: kept once they check against their attestation unit; shared
  // only with the fields asked for, after the user saw them and said yes in main's own dialog.
  'profiles.list': { params: NoParams, result: ProfileListSchema, needsUnlockedWallet: true },
  'profiles.save': {
    params: SaveProfileParamsSchema,
    result: ProfileViewSchema,
    needsUnlockedWallet: true,
  },
  // Deleting kept profiles (Settings → Private profiles): this wallet's copies only; what was
  // shared with others stays with them.
  'profiles.remove': {
    params: RemoveProfileParamsSchema,
    result: RemoveProfilesResultSchema,
    needsUnlockedWallet: true,
  },
  'profiles.removeAll': {
    params: NoParams,
    result: RemoveProfilesResultSchema,
    needsUnlockedWallet: true,
  },
  'profiles.prepareShare': {
    params: ProfileRequestParamsSchema,
    result: ProfileRequestViewSchema,
    needsUnlockedWallet: true,
  },
  'profiles.share': {
    params: ShareProfileParamsSchema,
    result: ShareProfileResultSchema,
    needsUnlockedWallet: true,
  },
  // The update check: the same state as the Help menu; a check tells GitHub the app's version.
  'updates.getState': { params: NoParams, result: UpdateStateSchema, needsUnlockedWallet: false },
  'updates.setCheckAtStartup': {
    params: SetCheckAtStartupParamsSchema,
    result: UpdateStateSchema,
    needsUnlockedWallet: false,
  },
  /** One check now, without a dialog: the result is in `lastCheck`. */
  'updates.checkNow': { params: NoParams, result: UpdateStateSchema, needsUnlockedWallet: false },
  /** Opens RELEASES_URL in the OS browser after the user clicked; the page sends no URL. */
  'updates.openReleasePage': {
    params: NoParams,
    result: OpenedReleasePageSchema,
    needsUnlockedWallet: false,
  },
  // The full backup. Export needs the unlocked wallet: a keychain wallet's key goes into it.
  'backup.getState': { params: NoParams, result: BackupStateSchema, needsUnlockedWallet: false },
  /** Main's save dialog picks the file; the password is the backup's own (the rule applies). */
  'backup.export': {
    params: BackupExportParamsSchema,
    result: BackupExportResultSchema,
    needsUnlockedWallet: true,
  },
  /** Main's open dialog; the file's header is read (no password yet) and refused in words. */
  'backup.chooseFile': {
    params: NoParams,
    result: BackupChooseResultSchema,
    needsUnlockedWallet: false,
  },
  /** Only where this network has no wallet yet; everything is checked before anything is written. */
  'backup.import': {
    params: BackupImportParamsSchema,
    result: BackupImportResultSchema,
    needsUnlockedWallet: false,
  },
  // The automatic backup: its key is kept wrapped under the unlocked wallet's key, so turning it
  // on and writing need the wallet unlocked; turning it off (forgetting the key) does not.
  'backup.autoState': {
    params: NoParams,
    result: AutoBackupStateSchema,
    needsUnlockedWallet: false,
  },
  /** Main's folder dialog; the folder is checked (there, writable, not the app's own folder). */
  'backup.autoChooseFolder': {
    params: NoParams,
    result: AutoBackupChooseFolderResultSchema,
    needsUnlockedWallet: false,
  },
  'backup.autoOn': {
    params: AutoBackupOnParamsSchema,
    result: AutoBackupStateSchema,
    needsUnlockedWallet: true,
  },
  'backup.autoOff': { params: NoParams, result: AutoBackupStateSchema, needsUnlockedWallet: false },
  'backup.autoNow': { params: NoParams, result: AutoBackupStateSchema, needsUnlockedWallet: true },
} as const satisfies { readonly [N in MethodName]: MethodSpec };

export const events = {
  statusChanged: StatusSchema,
  settingsChanged: SettingsSchema,
  /** The OS opened an `obyte:` link: show it (Send or Chat, prefilled). It never pays or pairs. */
  deepLinkOpened: DeepLinkSchema,
  /** The user clicked one of our notifications: show what it was about. */
  notificationClicked: NotificationTargetSchema,
  balancesChanged: BalancesViewSchema,
  ratesChanged: ExchangeRatesSchema,
  historyChanged: HistoryChangedSchema,
  syncProgress: SyncStatusSchema,
  walletStateChanged: WalletStatusSchema,
  accountsChanged: AccountsViewSchema,
  restoreProgress: DiscoveryProgressSchema,
  paymentStateChanged: PaymentStateChangedSchema,
  chatMessageReceived: ChatMessageViewSchema,
  chatMessageStateChanged: ChatMessageViewSchema,
  correspondentChanged: CorrespondentChangedSchema,
  chatLoginChanged: ChatLoginSchema,
  /** The opt-in changed or a check started or finished (Settings, the Help menu or at start). */
  updatesChanged: UpdateStateSchema,
  /** The Go menu (or its shortcut) picked a screen: show it. */
  navigate: NavigateSchema,
  /** The automatic backup was written, failed, became pending, or was turned on or off. */
  autoBackupChanged: AutoBackupStateSchema,
} as const satisfies { readonly [E in EventName]: z.ZodType };

export type Methods = typeof methods;
export type ParamsOf<N extends MethodName> = z.input<Methods[N]['params']>;
export type ResultOf<N extends MethodName> = z.output<Methods[N]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/**
 * Calls the page makes on its own (after events, when a screen is shown), which are not the
 * user's activity: main does not restart the idle timer that locks the wallet for them.
 */
export const PASSIVE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.getInfo',
  'settings.get',
  'status.get',
  'wallet.getState',
  'watch.list',
  'balances.get',
  // Asked again by the Textcoins screen whenever the balances change.
  'textcoins.assets',
  'history.list',
  // Sent when History is shown or a payment lands while it is: not the user's activity.
  'history.markSeen',
  'addresses.list',
  'payments.pending',
  'chat.listCorrespondents',
  'chat.listMessages',
  // Also sent when a message lands in the open conversation: a chatty peer must not keep an
  // idle wallet unlocked.
  'chat.markRead',
  'updates.getState',
]);
