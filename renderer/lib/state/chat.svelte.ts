/**
 * Chat and the bot store as the page sees them: correspondents, the open conversation, the
 * composer, pairing. Message bodies come from main already split into segments; this class never
 * reads markup out of text. Follows main's chat events.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type {
  BotView,
  ChatMessageView,
  CorrespondentChanged,
  CorrespondentView,
} from '../../../shared/ipc/chat-schemas';
import type { AttestationListView } from '../../../shared/ipc/aa-schemas';
import type { ProfileRequestView } from '../../../shared/ipc/profile-schemas';
import { CHAT_MESSAGE_PAGE } from '../../../shared/ipc/chat-schemas';
import { sentence } from '../api';
import { ProfilesState } from './profiles.svelte';

function byId(a: ChatMessageView, b: ChatMessageView): number {
  return a.id - b.id;
}

function byRecent(a: CorrespondentView, b: CorrespondentView): number {
  return (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0);
}

export class ChatState {
  correspondents = $state<CorrespondentView[]>([]);
  /** The open conversation (a device address). */
  selected = $state<string | null>(null);
  messages = $state<ChatMessageView[]>([]);
  /** The open conversation has messages older than the first one shown (paging back). */
  hasOlder = $state(false);
  loadingOlder = $state(false);
  /** Older messages could not be read (shown at the top of the conversation). */
  olderError = $state<string | null>(null);
  draft = $state('');
  error = $state<string | null>(null);
  /** A short word of what just happened (a copy), shown as a status under the header. */
  notice = $state<string | null>(null);
  /** The correspondent's details panel (their addresses and who attested them) is open. */
  detailsOpen = $state(false);
  /** The attestations of one address of the open correspondent, as the hub tells them. */
  peerCheck = $state<{
    readonly address: string;
    readonly attestations: AttestationListView | null;
    readonly error: string | null;
  } | null>(null);
  peerAddressInput = $state('');
  /** A bot's profile request, with the profiles that could answer it (null: none asked). */
  profileRequest = $state<ProfileRequestView | null>(null);
  /** The profile picked to answer it. */
  profileChoice = $state<number | null>(null);
  profileError = $state<string | null>(null);
  sharing = $state(false);
  /** A private profile a peer sent is being checked against its attestation. */
  keeping = $state(false);
  /** The chat is not available: the wallet is locked. */
  locked = $state(false);
  loggedIn = $state(false);
  pairingCode = $state<string | null>(null);
  pairInput = $state('');
  /** A problem with the code of the pairing form (Chat); shown there only. */
  pairError = $state<string | null>(null);
  /** A problem pairing with a bot of the store (Bots); shown there only. */
  storePairError = $state<string | null>(null);
  pairing = $state(false);
  bots = $state<BotView[] | null>(null);
  botsError = $state<string | null>(null);
  botsLoading = $state(false);
  /** The private profiles this wallet keeps (Settings lists and deletes them). */
  readonly profiles: ProfilesState;
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
    this.profiles = new ProfilesState(api);
  }

  /**
   * Payment addresses the open correspondent named in their messages (their payment requests),
   * newest first: the addresses whose attestations say who they are. At most 20.
   */
  readonly peerAddresses = $derived.by(() => {
    const seen: string[] = [];
    for (const message of [...this.messages].reverse()) {
      if (message.direction !== 'in') continue;
      for (const segment of message.segments) {
        if (segment.type !== 'payment' || segment.payment.recipientKind !== 'address') continue;
        const address = segment.payment.address;
        if (!seen.includes(address)) seen.push(address);
      }
    }
    return seen.slice(0, 20);
  });

  readonly current = $derived.by(
    () => this.correspondents.find((c) => c.deviceAddress === this.selected) ?? null,
  );

  subscribe(): Array<() => void> {
    return [
      this.api.on('chatMessageReceived', (message) => this.upsert(message, true)),
      this.api.on('chatMessageStateChanged', (message) => this.upsert(message, false)),
      this.api.on('correspondentChanged', (change) => this.correspondentChanged(change)),
      this.api.on('chatLoginChanged', ({ loggedIn }) => {
        this.loggedIn = loggedIn;
      }),
    ];
  }

  async load(): Promise<void> {
    const reply = await this.api.chat.listCorrespondents();
    if (!reply.ok) {
      this.locked = reply.error.code === 'wallet_locked';
      this.error = this.locked ? null : sentence('The chats could not be read', reply.error);
      return;
    }
    this.locked = false;
    this.error = null;
    this.correspondents = [...reply.value].sort(byRecent);
    if (this.selected !== null) await this.open(this.selected);
  }

  async open(deviceAddress: string): Promise<void> {
    this.selected = deviceAddress;
    this.notice = null;
    this.peerCheck = null;
    this.detailsOpen = false;
    this.peerAddressInput = '';
    const reply = await this.api.chat.listMessages({ correspondent: deviceAddress });
    if (this.selected !== deviceAddress) return;
    this.olderError = null;
    if (!reply.ok) {
      this.error = sentence('The conversation could not be read', reply.error);
      this.messages = [];
      this.hasOlder = false;
      return;
    }
    this.messages = reply.value;
    this.hasOlder = reply.value.length >= CHAT_MESSAGE_PAGE;
    await this.markRead();
  }

  /** The page of messages before the first one shown, put in front; false when none came. */
  async loadOlder(): Promise<boolean> {
    const correspondent = this.selected;
    const first = this.messages[0];
    if (correspondent === null || first === undefined || !this.hasOlder || this.loadingOlder) {
      return false;
    }
    this.loadingOlder = true;
    try {
      const reply = await this.api.chat.listMessages({ correspondent, before: first.id });
      if (this.selected !== correspondent) return false;
      if (!reply.ok) {
        this.olderError = sentence('Older messages could not be read', reply.error);
        return false;
      }
      this.olderError = null;
      const oldest = first.id;
      const older = reply.value.filter((m) => m.id < oldest);
      this.hasOlder = reply.value.length >= CHAT_MESSAGE_PAGE;
      if (older.length === 0) return false;
      this.messages = [...older, ...this.messages].sort(byId);
      return true;
    } finally {
      this.loadingOlder = false;
    }
  }

  close(): void {
    this.selected = null;
    this.messages = [];
    this.hasOlder = false;
    this.olderError = null;
  }

  /** True while the Chat screen is shown (set by the screen). */
  viewing = false;

  /**
   * The open conversation is being read: a message that arrives in it while the user looks at
   * it (Chat screen shown, window in front) is read at once, so it never counts as unread.
   */
  async seen(): Promise<void> {
    if (!this.viewing || (typeof document !== 'undefined' && !document.hasFocus())) return;
    await this.markRead();
  }

  private async markRead(): Promise<void> {
    const selected = this.selected;
    const current = this.current;
    if (selected === null || current === null || current.unreadCount === 0) return;
    await this.api.chat.markRead({ correspondent: selected });
  }

  /** Sends the composer's text, or a command from a link. */
  async send(text: string = this.draft): Promise<boolean> {
    const correspondent = this.selected;
    if (correspondent === null || text.trim() === '') return false;
    const reply = await this.api.chat.sendText({ correspondent, text });
    if (!reply.ok) {
      this.error = sentence('The message was not sent', reply.error);
      return false;
    }
    this.error = null;
    if (text === this.draft) this.draft = '';
    this.upsert(reply.value, false);
    return true;
  }

  async retry(id: number): Promise<void> {
    const reply = await this.api.chat.retry({ id });
    if (reply.ok) this.upsert(reply.value, false);
    else this.error = sentence('The message was not sent again', reply.error);
  }

  async loadPairingCode(): Promise<void> {
    const reply = await this.api.chat.ourPairingCode();
    if (reply.ok) this.pairingCode = reply.value.code;
    else this.error = sentence('Your pairing code could not be made', reply.error);
  }

  /**
   * Pairs with the code (pasted or from a link: `form`; a bot of the store: `store`) and opens
   * its chat. A problem is shown on the screen it came from, never on the other.
   */
  async pair(code: string = this.pairInput, from: 'form' | 'store' = 'form'): Promise<boolean> {
    this.pairing = true;
    if (from === 'form') this.pairError = null;
    else this.storePairError = null;
    try {
      const reply = await this.api.chat.pair({ code });
      if (!reply.ok) {
        const problem = sentence('Not paired', reply.error);
        if (from === 'form') this.pairError = problem;
        else this.storePairError = problem;
        return false;
      }
      if (from === 'form') this.pairInput = '';
      this.merge(reply.value);
      await this.open(reply.value.deviceAddress);
      return true;
    } finally {
      this.pairing = false;
    }
  }

  async rename(name: string): Promise<boolean> {
    const correspondent = this.selected;
    if (correspondent === null) return false;
    const reply = await this.api.chat.rename({ correspondent, name });
    if (!reply.ok) {
      this.error = sentence('The chat was not renamed', reply.error);
      return false;
    }
    this.merge(reply.value);
    return true;
  }

  async remove(): Promise<void> {
    const correspondent = this.selected;
    if (correspondent === null) return;
    const reply = await this.api.chat.remove({ correspondent });
    if (!reply.ok) {
      this.error = sentence('The chat was not removed', reply.error);
      return;
    }
    this.correspondentChanged({ deviceAddress: correspondent, correspondent: null });
  }

  /**
   * Asks main to open an http(s) link in the OS browser. Main first shows the whole address and
   * its host in a dialog of its own; a cancelled dialog is no error.
   */
  async openWeb(url: string): Promise<void> {
    const reply = await this.api.links.openWeb({ url });
    if (!reply.ok) this.error = sentence('The link was not opened', reply.error);
  }

  /** A bot asked for these profile fields: what answering would send (nothing is sent yet). */
  async askProfile(fields: readonly string[]): Promise<void> {
    const correspondent = this.selected;
    if (correspondent === null) return;
    this.profileError = null;
    const reply = await this.api.profiles.prepareShare({ correspondent, fields: [...fields] });
    if (!reply.ok) {
      this.error = sentence('The profile request could not be read', reply.error);
      return;
    }
    this.profileRequest = reply.value;
    this.profileChoice = reply.value.candidates[0]?.profileId ?? null;
  }

  /** Sends the chosen profile (main asks once more in its own dialog first). */
  async shareProfile(): Promise<void> {
    const request = this.profileRequest;
    const profileId = this.profileChoice;
    if (request === null || profileId === null) return;
    this.sharing = true;
    this.profileError = null;
    const reply = await this.api.profiles.share({
      correspondent: request.correspondent,
      profileId,
      fields: [...request.fields],
    });
    this.sharing = false;
    if (!reply.ok) {
      this.profileError = reply.error.message;
      return;
    }
    this.profileRequest = null;
    // The conversation again, with the message sent (opening it clears the notice: say it after).
    if (this.selected === request.correspondent) await this.open(request.correspondent);
    this.notice = `Sent to ${request.correspondentName}: ${reply.value.fields.join(', ')}.`;
  }

  /** Declined: nothing is sent. */
  declineProfile(): void {
    const request = this.profileRequest;
    this.profileRequest = null;
    this.profileError = null;
    if (request) this.notice = `Declined: nothing was sent to ${request.correspondentName}.`;
  }

  /** A private profile a peer sent: kept only once it checks against its attestation unit. */
  async keepProfile(base64: string): Promise<void> {
    const correspondent = this.selected;
    if (correspondent === null) return;
    this.keeping = true;
    const reply = await this.api.profiles.save({ correspondent, base64 });
    this.keeping = false;
    if (!reply.ok) {
      this.notice = null;
      this.error = sentence('The private profile was not kept', reply.error);
      return;
    }
    const p = reply.value;
    const shown = p.fields.map((f) => `${f.name}: ${f.value}`).join(', ');
    this.error = null;
    this.notice = `Kept: the profile of ${p.address}, attested by ${p.attestorName ?? p.attestor} (${shown}). It matches its attestation.`;
  }

  /** Who attested `address` (one the correspondent named, or one typed): the hub's word. */
  async checkPeerAddress(address: string): Promise<void> {
    const wanted = address.trim();
    this.peerCheck = { address: wanted, attestations: null, error: null };
    const reply = await this.api.attestations.list({ address: wanted });
    if (this.peerCheck?.address !== wanted) return;
    this.peerCheck = reply.ok
      ? { address: wanted, attestations: reply.value, error: null }
      : {
          address: wanted,
          attestations: null,
          error: sentence('The attestations could not be read', reply.error),
        };
  }

  /** A signed message of the conversation to the clipboard (`write`: the page's clipboard). */
  async copySigned(base64: string, write: (text: string) => Promise<void>): Promise<void> {
    try {
      await write(base64);
      this.notice = 'The signed message was copied.';
      this.error = null;
    } catch {
      this.notice = null;
      this.error = 'The clipboard refused the signed message. Select it and copy it by hand.';
    }
  }

  async loadBots(): Promise<void> {
    this.botsLoading = true;
    try {
      const reply = await this.api.bots.list();
      if (reply.ok) {
        this.bots = reply.value;
        this.botsError = null;
        this.locked = false;
      } else {
        this.locked = reply.error.code === 'wallet_locked';
        this.botsError = sentence('The bot store could not be read', reply.error);
      }
    } finally {
      this.botsLoading = false;
    }
  }

  private merge(correspondent: CorrespondentView): void {
    const others = this.correspondents.filter(
      (c) => c.deviceAddress !== correspondent.deviceAddress,
    );
    this.correspondents = [correspondent, ...others].sort(byRecent);
  }

  correspondentChanged(change: CorrespondentChanged): void {
    if (change.correspondent === null) {
      this.correspondents = this.correspondents.filter(
        (c) => c.deviceAddress !== change.deviceAddress,
      );
      if (this.selected === change.deviceAddress) this.close();
      return;
    }
    this.merge(change.correspondent);
    if (change.deviceAddress === this.selected && change.correspondent.unreadCount > 0) {
      void this.seen();
    }
    if (this.bots) {
      this.bots = this.bots.map((bot) =>
        bot.deviceAddress === change.deviceAddress ? { ...bot, isPaired: true } : bot,
      );
    }
  }

  upsert(message: ChatMessageView, incoming: boolean): void {
    if (message.correspondent !== this.selected) return;
    const others = this.messages.filter((m) => m.id !== message.id);
    this.messages = [...others, message].sort(byId);
    if (incoming) void this.markRead();
  }
}
