/**
 * Textcoins as the app and the CLI use them (issue 16): the TextcoinService of the current
 * wallet (textcoins/), with amounts parsed as the user typed them, previews in the same view as
 * every payment, and every refusal a WalletRefusal (wallet/refusal.ts) that the IPC edge and the
 * command line word.
 *
 * Trust: a sent textcoin's words leave main once, in `send`'s result; a claimed textcoin's words
 * come in through `previewClaim` and stay in main. Nothing here logs words or keys.
 */
import type {
  DisplayUnit,
  TextcoinAssetView,
  TextcoinClaimPreviewView,
  TextcoinClaimResult,
  TextcoinSendPreviewView,
  TextcoinSentView,
  TextcoinView,
} from '../../../shared/ipc';
import { BASE_ASSET, parseAsset } from '../../../shared/protocol/amount';
import { ProtocolError } from '../../../shared/protocol/errors';
import { StorageError } from './storage/index';
import { balancesView } from './sync/index';
import { TextcoinError, type TextcoinClaimPreview } from './textcoins/index';
import type { WalletSession } from './wallet-session';
import { refused, WalletRefusal } from './wallet/refusal';

/** A textcoin, storage or wallet service error refuses in its own sentence. */
function refusedTextcoin(error: unknown): never {
  if (error instanceof TextcoinError || error instanceof StorageError) {
    throw new WalletRefusal({ kind: 'service', sentence: error.message }, { cause: error });
  }
  return refused(error);
}

async function guarded<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return refusedTextcoin(error);
  }
}

export class TextcoinSession {
  private readonly wallet: WalletSession;

  constructor(wallet: WalletSession) {
    this.wallet = wallet;
  }

  private service() {
    return this.wallet.services().textcoins;
  }

  /**
   * A textcoin of `amount` (a decimal in `unit` for bytes, in the asset's decimals otherwise):
   * the payment to its address, with the claim fee rule's bytes added, previewed.
   */
  async previewSend(params: {
    amount: string;
    asset?: string | undefined;
    unit?: DisplayUnit | undefined;
  }): Promise<TextcoinSendPreviewView> {
    const asset = params.asset ?? BASE_ASSET;
    try {
      parseAsset(asset);
    } catch (error) {
      if (error instanceof ProtocolError) return refused(error);
      throw error;
    }
    const unit = params.unit ?? 'GBYTE';
    const amount = this.wallet.parseAmount(params.amount, asset, unit);
    const result = await guarded(() => this.service().previewSend({ amount, asset }));
    const label = this.wallet.assetLabel(asset);
    return {
      preview: this.wallet.paymentPreviewView(result.payment),
      address: result.address,
      asset,
      assetName: label.name,
      decimals: label.decimals,
      amount: result.amount,
      claimFee: result.funding.claimFee,
      tpsAllowance: result.funding.tpsAllowance,
      addedBytes: result.funding.addedBytes,
    };
  }

  /** Sends a previewed textcoin; its words are in the answer, once. */
  async send(previewId: string): Promise<TextcoinSentView> {
    const sent = await guarded(() => this.service().send(previewId));
    const message = this.wallet.announceSent(sent.outcome);
    return {
      status: sent.outcome.status,
      unit: sent.outcome.unit,
      message,
      address: sent.address,
      words: sent.textcoin,
      link: sent.link,
      uri: sent.uri,
    };
  }

  async list(): Promise<TextcoinView[]> {
    const items = await guarded(() => this.service().list());
    return items.map((item) => {
      const label = this.wallet.assetLabel(item.asset);
      return {
        address: item.address,
        asset: item.asset,
        assetName: label.name,
        decimals: label.decimals,
        amount: item.amount,
        addedBytes: item.addedBytes,
        claimFee: item.claimFee,
        unit: item.unit,
        claimUnit: item.claimUnit,
        createdAt: item.createdAt,
        state: item.claimState,
        holds: Object.entries(item.holds).map(([asset, amount]) => {
          const held = this.wallet.assetLabel(asset);
          return { asset, amount, assetName: held.name, decimals: held.decimals };
        }),
      };
    });
  }

  /**
   * Refuses an asset a textcoin cannot carry (indivisible, private, or never seen by this
   * wallet) from what the wallet already knows, without any I/O; the CLI calls it before it
   * connects to the hub.
   */
  checkAsset(asset: string): void {
    try {
      this.service().checkAssetKind(parseAsset(asset));
    } catch (error) {
      if (error instanceof TextcoinError || error instanceof ProtocolError) {
        return refusedTextcoin(error);
      }
      throw error;
    }
  }

  /**
   * The assets of the account in view a textcoin can carry (divisible, public: `checkAsset`
   * would let them through) with something spendable: the Textcoins screen offers only these.
   */
  assets(): TextcoinAssetView[] {
    const service = this.service();
    return balancesView(this.wallet.services().db)
      .total.map((a) => ({
        asset: a.asset,
        name: a.name,
        decimals: a.decimals,
        spendable: a.stable + a.pending - a.pendingUnverified,
      }))
      .filter((a) => a.asset !== BASE_ASSET && a.spendable > 0 && service.carries(a.asset));
  }

  /** Checks a pasted textcoin without any I/O (the CLI calls it before opening anything). */
  checkInput(input: string): { address: string } {
    try {
      return { address: this.service().parse(input).address };
    } catch (error) {
      if (error instanceof TextcoinError) return refusedTextcoin(error);
      throw error;
    }
  }

  async previewClaim(input: string): Promise<TextcoinClaimPreviewView> {
    const preview = await guarded(() => this.service().previewClaim(input));
    return this.claimView(preview);
  }

  async previewTakeBack(address: string): Promise<TextcoinClaimPreviewView> {
    const preview = await guarded(() => this.service().previewTakeBack(address.trim()));
    return this.claimView(preview);
  }

  private claimView(preview: TextcoinClaimPreview): TextcoinClaimPreviewView {
    return {
      preview: this.wallet.paymentPreviewView(preview.payment),
      address: preview.address,
      to: preview.to,
      ownTextcoin: preview.ownTextcoin,
      unconfirmedCoins: preview.unconfirmedCoins,
    };
  }

  async claim(previewId: string): Promise<TextcoinClaimResult> {
    const outcome = await guarded(() => this.service().claim(previewId));
    const message = this.wallet.announceSent(outcome);
    return { status: outcome.status, unit: outcome.unit, message, address: outcome.address };
  }

  discard(previewId: string): { done: true } {
    this.service().discard(previewId);
    return { done: true };
  }
}
