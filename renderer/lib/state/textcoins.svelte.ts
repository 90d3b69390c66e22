/**
 * The Textcoins screen: send a textcoin (amount → preview main composed, with the claim fee
 * added → Confirm & send → its words and link, shown once), claim one (link or words → preview
 * of what arrives → Claim), and the list of textcoins sent, with Take back for an unclaimed one.
 * The words of a sent textcoin stay here only until the user says Done; a claim's words stay in
 * the input only until the claim is previewed.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { DisplayUnit } from '../../../shared/ipc/schemas';
import type {
  TextcoinAssetView,
  TextcoinClaimPreviewView,
  TextcoinClaimResult,
  TextcoinSendPreviewView,
  TextcoinSentView,
  TextcoinView,
} from '../../../shared/ipc/textcoin-schemas';
import { sentence } from '../api';

export type TextcoinSendPhase = 'edit' | 'previewing' | 'preview' | 'sending' | 'sent';
export type TextcoinClaimPhase = 'edit' | 'previewing' | 'preview' | 'claiming' | 'claimed';

export class TextcoinsState {
  amount = $state('');
  /** "base" (bytes, in the user's unit) or a divisible asset's id (amount in its decimals). */
  asset = $state('base');
  /** The assets main says a textcoin can carry and the account can spend (null: not asked yet). */
  assets = $state<TextcoinAssetView[] | null>(null);
  sendPhase = $state<TextcoinSendPhase>('edit');
  sendPreview = $state<TextcoinSendPreviewView | null>(null);
  sent = $state<TextcoinSentView | null>(null);
  sendError = $state<string | null>(null);
  copied = $state<'words' | 'link' | null>(null);

  claimInput = $state('');
  claimPhase = $state<TextcoinClaimPhase>('edit');
  claimPreview = $state<TextcoinClaimPreviewView | null>(null);
  claimed = $state<TextcoinClaimResult | null>(null);
  claimError = $state<string | null>(null);

  list = $state<TextcoinView[] | null>(null);
  listError = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    const reply = await this.api.textcoins.list();
    if (reply.ok) {
      this.list = reply.value;
      this.listError = null;
    } else {
      this.listError = sentence('The textcoins you sent could not be listed', reply.error);
    }
  }

  /** Asks main which assets a textcoin can carry (divisible, public, with a spendable balance). */
  async loadAssets(): Promise<void> {
    const reply = await this.api.textcoins.assets();
    // Unanswered: bytes only, which every textcoin can carry.
    this.assets = reply.ok ? reply.value : [];
  }

  // ---- send ----

  async preview(unit: DisplayUnit): Promise<void> {
    if (this.sendPhase === 'previewing' || this.sendPhase === 'sending') return;
    this.sendError = null;
    this.sendPhase = 'previewing';
    const reply = await this.api.textcoins.previewSend({
      amount: this.amount.trim(),
      ...(this.asset === 'base' ? { unit } : { asset: this.asset }),
    });
    if (reply.ok) {
      this.sendPreview = reply.value;
      this.sendPhase = 'preview';
    } else {
      this.sendPreview = null;
      this.sendPhase = 'edit';
      this.sendError = reply.error.message;
    }
  }

  async confirm(): Promise<void> {
    const preview = this.sendPreview;
    if (!preview || this.sendPhase !== 'preview') return;
    this.sendPhase = 'sending';
    const reply = await this.api.textcoins.send({ previewId: preview.preview.previewId });
    if (reply.ok) {
      this.sent = reply.value;
      this.sendPhase = 'sent';
      this.amount = '';
      void this.load();
    } else {
      this.sendPhase = 'preview';
      this.sendError = reply.error.message;
    }
  }

  async cancelSend(): Promise<void> {
    const preview = this.sendPreview;
    this.sendPreview = null;
    this.sendPhase = 'edit';
    if (preview) await this.api.textcoins.discard({ previewId: preview.preview.previewId });
  }

  /** The words were written down: they leave the page. */
  done(): void {
    this.sent = null;
    this.sendPreview = null;
    this.copied = null;
    this.sendPhase = 'edit';
  }

  async copy(what: 'words' | 'link', write: (text: string) => Promise<void>): Promise<void> {
    const sent = this.sent;
    if (!sent) return;
    try {
      await write(what === 'words' ? sent.words : sent.link);
      this.copied = what;
    } catch {
      this.sendError = 'The clipboard refused the text. Select it and copy it by hand.';
    }
  }

  // ---- claim ----

  /** A textcoin link opened from outside: straight to its claim preview. */
  async open(input: string): Promise<void> {
    this.claimInput = input;
    this.claimPhase = 'edit';
    this.claimed = null;
    await this.previewClaim();
  }

  async previewClaim(): Promise<void> {
    if (this.claimPhase === 'previewing' || this.claimPhase === 'claiming') return;
    this.claimError = null;
    this.claimed = null;
    this.claimPhase = 'previewing';
    const reply = await this.api.textcoins.previewClaim({ input: this.claimInput });
    this.settleClaimPreview(reply);
  }

  async takeBack(address: string): Promise<void> {
    if (this.claimPhase === 'previewing' || this.claimPhase === 'claiming') return;
    this.claimError = null;
    this.claimed = null;
    this.claimInput = '';
    this.claimPhase = 'previewing';
    const reply = await this.api.textcoins.previewTakeBack({ address });
    this.settleClaimPreview(reply);
  }

  private settleClaimPreview(
    reply: Awaited<ReturnType<ObyteApi['textcoins']['previewClaim']>>,
  ): void {
    if (reply.ok) {
      this.claimPreview = reply.value;
      this.claimPhase = 'preview';
      // The words did their job: they do not stay on the page.
      this.claimInput = '';
    } else {
      this.claimPreview = null;
      this.claimPhase = 'edit';
      this.claimError = reply.error.message;
    }
  }

  async claim(): Promise<void> {
    const preview = this.claimPreview;
    if (!preview || this.claimPhase !== 'preview') return;
    this.claimPhase = 'claiming';
    const reply = await this.api.textcoins.claim({ previewId: preview.preview.previewId });
    if (reply.ok) {
      this.claimed = reply.value;
      this.claimPhase = 'claimed';
      void this.load();
    } else {
      this.claimPhase = 'preview';
      this.claimError = reply.error.message;
    }
  }

  async cancelClaim(): Promise<void> {
    const preview = this.claimPreview;
    this.claimPreview = null;
    this.claimPhase = 'edit';
    this.claimed = null;
    if (preview) await this.api.textcoins.discard({ previewId: preview.preview.previewId });
  }
}
