/** The root of the page's state: one instance, built in main.ts with the API and the window. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { AppInfo, DeepLink, NotificationTarget } from '../../../shared/ipc/schemas';
import { sentence } from '../api';
import { noticeFor, type LinkNotice, type PairingLink, type PaymentLink } from './deep-link';
import { NavigationState, type HashLocation } from './navigation.svelte';
import type { ScreenId } from '../screens';
import { NetworkForm, SettingsState } from './settings.svelte';
import { StatusState } from './status.svelte';
import { ThemeState } from './theme.svelte';
import { LedgerState } from './ledger.svelte';
import { LabelsState } from './labels.svelte';
import { WalletState } from './wallet.svelte';
import { ChatState } from './chat.svelte';
import { OnboardingFlow } from './onboarding.svelte';
import { ReceiveState } from './receive.svelte';
import { SendForm } from './send.svelte';
import { WalletSettingsForm } from './wallet-settings.svelte';
import { AddressesState } from './addresses.svelte';
import { UpdatesState } from './updates.svelte';
import { BackupStore } from './backup.svelte';
import { OutgoingState } from './outgoing.svelte';
import { RatesState } from './rates.svelte';
import { ToolsState } from './tools.svelte';
import { TextcoinsState } from './textcoins.svelte';
import { AccountsState } from './accounts.svelte';

export class AppState {
  readonly navigation: NavigationState;
  readonly settings: SettingsState;
  readonly networkForm: NetworkForm;
  readonly status: StatusState;
  readonly wallet: WalletState;
  readonly theme: ThemeState;
  readonly ledger: LedgerState;
  readonly labels: LabelsState;
  readonly chat: ChatState;
  readonly onboarding: OnboardingFlow;
  readonly receive: ReceiveState;
  readonly send: SendForm;
  readonly walletSettings: WalletSettingsForm;
  readonly addresses: AddressesState;
  readonly updates: UpdatesState;
  readonly backup: BackupStore;
  readonly outgoing: OutgoingState;
  readonly rates: RatesState;
  readonly tools: ToolsState;
  readonly textcoins: TextcoinsState;
  readonly accounts: AccountsState;
  info = $state<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  ready = $state(false);
  /** The banner for the last `obyte:` link the OS opened, until dismissed or handled. */
  linkNotice = $state<LinkNotice | null>(null);
  /** The screen the banner belongs to: it is shown there only, and leaving it dismisses it. */
  linkNoticeScreen = $state<ScreenId | null>(null);
  /** What a link asks to pay, for the Send form to prefill; never paid without the user. */
  requestedPayment = $state<PaymentLink | null>(null);
  /** Whom a link asks to pair with, for the pairing screen; never paired without the user. */
  requestedPairing = $state<PairingLink | null>(null);
  /** A textcoin link's words, for the Textcoins screen's claim preview (then cleared). */
  requestedTextcoin = $state<string | null>(null);
  /** The chat a notification click asked to open (a device address). */
  requestedChat = $state<string | null>(null);
  /** Main's Go menu asked for "Go to a screen" (the shell opens it, then clears this). */
  goToRequested = $state(false);
  private readonly api: ObyteApi;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(api: ObyteApi, location: HashLocation) {
    this.api = api;
    this.navigation = new NavigationState(location);
    this.settings = new SettingsState(api);
    this.networkForm = new NetworkForm(this.settings);
    this.status = new StatusState(api);
    this.wallet = new WalletState(api);
    this.ledger = new LedgerState(api);
    this.labels = new LabelsState(api);
    this.chat = new ChatState(api);
    this.onboarding = new OnboardingFlow(api, (state) => this.wallet.received(state));
    this.receive = new ReceiveState(api);
    this.send = new SendForm(api);
    this.outgoing = new OutgoingState(api);
    this.walletSettings = new WalletSettingsForm(api, (state) => this.wallet.received(state));
    this.addresses = new AddressesState(api);
    this.updates = new UpdatesState(api);
    this.accounts = new AccountsState(api);
    this.rates = new RatesState(api, () => this.settings.value?.fiatCurrency ?? 'off');
    this.tools = new ToolsState(api);
    this.backup = new BackupStore(api);
    this.textcoins = new TextcoinsState(api);
    this.theme = new ThemeState(() => this.settings.value?.theme ?? 'system');
  }

  /** An AA's details (definition, state, responses) on the Tools screen. */
  openAaDetails(address: string): void {
    this.navigation.go('tools');
    void this.tools.showAa(address);
  }

  /** Subscribes first, then reads, so no event between the two is missed. */
  async start(): Promise<void> {
    this.unsubscribers.push(
      this.api.on('statusChanged', (status) => this.status.received(status)),
      this.api.on('settingsChanged', (settings) => {
        this.settings.received(settings);
        void this.loadInfo();
      }),
      this.api.on('deepLinkOpened', (link) => this.openLink(link)),
      this.api.on('notificationClicked', (target) => this.openNotification(target)),
      this.api.on('navigate', (where) => {
        if ('screen' in where) this.navigation.go(where.screen);
        else this.goToRequested = true;
      }),
      ...this.ledger.subscribe(),
      ...this.chat.subscribe(),
      ...this.wallet.subscribe(),
      ...this.onboarding.subscribe(),
      ...this.addresses.subscribe(),
      ...this.outgoing.subscribe(),
      ...this.updates.subscribe(),
      ...this.rates.subscribe(),
      ...this.accounts.subscribe(),
    );
    await Promise.all([
      this.settings.load(),
      this.status.load(),
      this.wallet.load(),
      this.loadInfo(),
      this.ledger.load(),
      this.labels.load(),
      this.updates.load(),
      this.rates.load(),
      this.accounts.load(),
    ]);
    this.ready = true;
  }

  async loadInfo(): Promise<void> {
    const reply = await this.api.app.getInfo();
    if (reply.ok) {
      this.info = reply.value;
      this.infoError = null;
    } else {
      this.infoError = sentence('The app information could not be read', reply.error);
    }
  }

  /** Shows what a link asks, on the screen where the user can review it. */
  openLink(link: DeepLink): void {
    const notice = noticeFor(link, this.settings.value?.unit ?? 'GBYTE');
    if (link.kind === 'payment' && notice.screen === 'send') this.requestedPayment = link;
    if (link.kind === 'pairing') this.requestedPairing = link;
    if (link.kind === 'textcoin') this.requestedTextcoin = link.words;
    this.linkNotice = notice;
    this.linkNoticeScreen = notice.screen ?? this.navigation.current;
    if (notice.screen) this.navigation.go(notice.screen);
  }

  dismissLinkNotice(): void {
    this.linkNotice = null;
    this.linkNoticeScreen = null;
  }

  /**
   * The banner of a link, on its own screen only: it says what the link asked where the user
   * reviews it, and does not follow them to other screens once they moved on.
   */
  get visibleLinkNotice(): LinkNotice | null {
    return this.linkNotice !== null && this.linkNoticeScreen === this.navigation.current
      ? this.linkNotice
      : null;
  }

  /** Called when the shown screen changes: a banner left behind is done with. */
  screenChanged(): void {
    if (this.linkNotice !== null && this.linkNoticeScreen !== this.navigation.current) {
      this.dismissLinkNotice();
    }
  }

  openNotification(target: NotificationTarget): void {
    if (target.kind === 'chat') {
      this.requestedChat = target.deviceAddress;
      this.navigation.go('chat');
    } else {
      this.navigation.go('history');
      if (target.unit !== '') void this.ledger.open(target.unit);
    }
  }

  /** The first error the user should see on every screen, if any. */
  readonly loadError = $derived.by(() =>
    this.settings.value === null ? this.settings.error : (this.status.error ?? this.wallet.error),
  );

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }
}
