/**
 * Textcoins as the app and the CLI use them (issue 16): the TextcoinService of the current
 * wallet (textcoins/), with amounts parsed as the user typed them, sends announced like every
 * payment's, and every refusal a WalletRefusal (wallet/refusal.ts). The IPC edge words the
 * refusals and makes the views (ipc/textcoin-views.ts), for the page and the command line.
 *
 * Trust: a sent textcoin's words leave main once, in `send`'s result; a claimed textcoin's words
 * come in through `previewClaim` and stay in main. Nothing here logs words or keys.
 */
import type { DisplayUnit } from '../../../shared/vocabulary/amount-text';
import { BASE_ASSET, parseAsset } from '../../../shared/protocol/amount';
import { ProtocolError } from '../../../shared/protocol/errors';
import { StorageError } from './storage/index';
import type { SendOutcome } from './payments/index';
import { balancesView } from './sync/index';
import {
  TextcoinError,
  type TextcoinClaimPreview,
  type TextcoinListItem,
  type TextcoinSendPreview,
  type TextcoinSent,
} from './textcoins/index';
import type { WalletSession } from './wallet-session';
import { refused, WalletRefusal } from './wallet/refusal';

/** A textcoin error refuses with its facts; a storage or wallet service error in its sentence. */
function refusedTextcoin(error: unknown): never {
  if (error instanceof TextcoinError) {
    throw new WalletRefusal({ kind: 'textcoin', textcoin: error.facts }, { cause: error });
  }
  if (error instanceof StorageError) {
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

/** An asset a textcoin can carry, with what the account in view can spend of it. */
export interface TextcoinAsset {
  readonly asset: string;
  readonly name: string | null;
  readonly decimals: number;
  readonly spendable: number;
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
  }): Promise<TextcoinSendPreview> {
    const asset = params.asset ?? BASE_ASSET;
    try {
      parseAsset(asset);
    } catch (error) {
      if (error instanceof ProtocolError) return refused(error);
      throw error;
    }
    const unit = params.unit ?? 'GBYTE';
    const amount = this.wallet.payments.parseAmount(params.amount, asset, unit);
    return guarded(() => this.service().previewSend({ amount, asset }));
  }

  /** Sends a previewed textcoin; its words are in the answer, once. */
  async send(previewId: string): Promise<{ sent: TextcoinSent; message: string | null }> {
    const sent = await guarded(() => this.service().send(previewId));
    const message = this.wallet.payments.announceSent(sent.outcome);
    return { sent, message };
  }

  list(): Promise<TextcoinListItem[]> {
    return guarded(() => this.service().list());
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
  assets(): TextcoinAsset[] {
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

  previewClaim(input: string): Promise<TextcoinClaimPreview> {
    return guarded(() => this.service().previewClaim(input));
  }

  previewTakeBack(address: string): Promise<TextcoinClaimPreview> {
    return guarded(() => this.service().previewTakeBack(address.trim()));
  }

  async claim(previewId: string): Promise<{
    status: SendOutcome['status'];
    unit: string;
    message: string | null;
    address: string;
  }> {
    const outcome = await guarded(() => this.service().claim(previewId));
    const message = this.wallet.payments.announceSent(outcome);
    return { status: outcome.status, unit: outcome.unit, message, address: outcome.address };
  }

  discard(previewId: string): { done: true } {
    this.service().discard(previewId);
    return { done: true };
  }
}
