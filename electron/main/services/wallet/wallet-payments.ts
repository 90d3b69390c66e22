/**
 * Payments of the wallet as the app and the CLI make them: amounts parsed as the user typed them,
 * a payment previewed (composed, its fees known) and then sent, an AA trigger followed until the
 * AA has responded, the payments on their way, and the names and decimals of the assets. Every
 * refusal is a WalletRefusal (wallet/refusal.ts); the IPC edge words it and makes the views
 * (ipc/payment-view.ts).
 */
import { DISPLAY_UNIT_DECIMALS, type DisplayUnit } from '../../../../shared/vocabulary/amount-text';
import { decodeBase64Data, parseDataJson } from '../../../../shared/protocol/aa-data';
import { BASE_ASSET, parseAsset, parseDecimalAmount } from '../../../../shared/protocol/amount';
import { parseAddress } from '../../../../shared/protocol/chash';
import { NotEnoughFundsError, type SpendUnconfirmed } from '../../../../shared/protocol/coins';
import { ProtocolError } from '../../../../shared/protocol/errors';
import type { Logger } from '../logger';
import {
  PaymentError,
  type PaymentPreviewResult,
  type PendingPayment,
  type SendOutcome,
} from '../payments/index';
import { balancesView, type LightSession } from '../sync/index';
import type { OutboxAnnouncer } from './outbox-announcer';
import { guarded, WalletRefusal } from './refusal';
import type { WalletServices } from './wallet-services';

/** Names and decimals of the assets the wallet knows, by asset id (bytes: GBYTE, 9). */
export type AssetNames = ReadonlyMap<string, { name: string | null; decimals: number }>;

/** A composed payment; the paying address is named when the user chose where it pays from. */
export interface PreviewedPayment {
  readonly payment: PaymentPreviewResult;
  readonly namePayingAddress: boolean;
}

export interface WalletPaymentsDeps {
  readonly logger: Logger;
  readonly light: LightSession;
  /** The wallet's services over the light client's database (built if need be). */
  readonly services: () => WalletServices;
  /** Refuses when there is no readable wallet. */
  readonly requireWallet: () => Promise<void>;
  /** The account in use (BIP-44 account number): payments spend its coins and send change to it. */
  readonly account: () => number;
  /** Tells what changed in the outbox (the page, the status bar). */
  readonly outbox: OutboxAnnouncer;
  /** Which unconfirmed coins payments may spend (the settings'); default ocore's 'own'. */
  readonly spendUnconfirmed?: (() => SpendUnconfirmed) | undefined;
}

export class WalletPayments {
  private readonly deps: WalletPaymentsDeps;
  /** Previews of AA payments: the AA and the trigger's author, to follow the trigger once sent. */
  private readonly aaTriggers = new Map<string, { aa: string; author: string }>();

  constructor(deps: WalletPaymentsDeps) {
    this.deps = deps;
  }

  /** The assets of the wallet's balances (watched addresses' too) with their names and decimals. */
  assetNames(): AssetNames {
    return this.assets();
  }

  private assets(): Map<string, { name: string | null; decimals: number }> {
    const view = balancesView(this.deps.services().db);
    const map = new Map<string, { name: string | null; decimals: number }>([
      [BASE_ASSET, { name: 'GBYTE', decimals: 9 }],
    ]);
    for (const a of [...view.watched.total, ...view.total]) {
      map.set(a.asset, { name: a.name, decimals: a.decimals });
    }
    return map;
  }

  /** A decimal the user typed, in the asset's smallest unit. */
  parseAmount(text: string, asset: string, unit: DisplayUnit): number {
    const decimals =
      asset === BASE_ASSET ? DISPLAY_UNIT_DECIMALS[unit] : this.assets().get(asset)?.decimals;
    if (decimals === undefined) {
      throw new WalletRefusal({ kind: 'asset-not-held', asset });
    }
    try {
      const amount = parseDecimalAmount(text, decimals);
      if (amount <= 0) throw new WalletRefusal({ kind: 'amount-not-positive' });
      return amount;
    } catch (error) {
      if (error instanceof ProtocolError) {
        const name = asset === BASE_ASSET ? unit : (this.assets().get(asset)?.name ?? null);
        throw new WalletRefusal({ kind: 'not-an-amount', text, name, problem: error.message });
      }
      throw error;
    }
  }

  async preview(params: {
    recipients: readonly { address: string; amount: string; asset?: string | undefined }[];
    sendAll?: boolean | undefined;
    unit?: DisplayUnit | undefined;
    dataJson?: string | undefined;
    base64data?: string | undefined;
    fromAddress?: string | undefined;
    singleAddress?: boolean | undefined;
    /** This payment only (the CLI's --spend-unconfirmed); else the settings' rule. */
    spendUnconfirmed?: SpendUnconfirmed | undefined;
  }): Promise<PreviewedPayment> {
    const unit = params.unit ?? 'GBYTE';
    const sendAll = params.sendAll === true;
    if (params.dataJson !== undefined && params.base64data !== undefined) {
      throw new WalletRefusal({ kind: 'data-twice' });
    }
    let data: unknown = null;
    try {
      if (params.dataJson !== undefined) data = parseDataJson(params.dataJson);
      if (params.base64data !== undefined) data = decodeBase64Data(params.base64data);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new WalletRefusal({ kind: 'bad-data', problem: error.message });
      }
      throw error;
    }
    // What needs no wallet is checked first: each address, each asset id and each amount of
    // bytes is named before anything is read (an asset's decimals come from the database).
    params.recipients.forEach((r, i) => {
      try {
        parseAddress(r.address);
        parseAsset(r.asset ?? BASE_ASSET);
      } catch (error) {
        if (error instanceof ProtocolError) {
          const count = params.recipients.length;
          throw new WalletRefusal({
            kind: 'bad-recipient',
            index: i,
            count,
            problem: error.message,
          });
        }
        throw error;
      }
      if (!sendAll && (r.asset ?? BASE_ASSET) === BASE_ASSET) {
        this.parseAmount(r.amount, BASE_ASSET, unit);
      }
    });
    await this.deps.requireWallet();
    const recipients = params.recipients.map((r) => {
      const asset = r.asset ?? BASE_ASSET;
      return sendAll
        ? { address: r.address.trim(), asset }
        : { address: r.address.trim(), asset, amount: this.parseAmount(r.amount, asset, unit) };
    });
    const result = await guarded(async () => {
      try {
        return await this.deps.services().payments.preview({
          recipients,
          sendAll,
          data,
          account: this.deps.account(),
          fromAddress: params.fromAddress ?? null,
          singleAddress: params.singleAddress === true,
          spendUnconfirmed: params.spendUnconfirmed ?? this.deps.spendUnconfirmed?.() ?? 'own',
        });
      } catch (error) {
        if (error instanceof PaymentError && error.cause instanceof NotEnoughFundsError) {
          const shortage = error.cause;
          const known = this.assets().get(shortage.asset);
          const label = {
            asset: shortage.asset,
            name: known?.name ?? null,
            decimals: known?.decimals ?? 0,
          };
          throw new WalletRefusal(
            { kind: 'funds', shortage, asset: label, unit },
            { cause: error },
          );
        }
        throw error;
      }
    });
    this.rememberTrigger(result);
    return {
      payment: result,
      namePayingAddress: params.fromAddress !== undefined || params.singleAddress === true,
    };
  }

  /**
   * Names and decimals for assets the wallet may not hold (an AA's balances): those not yet known
   * are read from the asset registry first (verified; at most `max` new ones), the rest show
   * their id. Bytes: GBYTE, 9.
   */
  async assetLabels(
    assets: readonly string[],
    max = 20,
  ): Promise<(asset: string) => { name: string | null; decimals: number }> {
    const light = this.deps.light.parts;
    await light.sync.learnAssetMetadata(assets, max);
    const known = new Map<string, { name: string | null; decimals: number }>(
      light.db.assetMetadata().map((m) => [m.asset, { name: m.name, decimals: m.decimals }]),
    );
    for (const [asset, label] of this.assets()) known.set(asset, label);
    return (asset) => known.get(asset) ?? { name: null, decimals: 0 };
  }

  /** Keeps what is needed to follow an AA payment once it is sent. */
  private rememberTrigger(result: {
    previewId: string;
    aa: { aa: { address: string } } | null;
    unit: { authors: readonly { address: string }[] };
  }): void {
    const author = result.unit.authors[0]?.address;
    if (result.aa !== null && author !== undefined) {
      if (this.aaTriggers.size > 50) this.aaTriggers.clear();
      this.aaTriggers.set(result.previewId, { aa: result.aa.aa.address, author });
    }
  }

  async send(
    previewId: string,
    options: { acceptBounce?: boolean | undefined } = {},
  ): Promise<{ status: 'accepted' | 'unresolved'; unit: string; message: string | null }> {
    const { payments } = this.deps.services();
    const outcome = await guarded(() =>
      payments.send(previewId, { acceptBounce: options.acceptBounce === true }),
    );
    const message = this.announceSent(outcome);
    const trigger = this.aaTriggers.get(previewId);
    this.aaTriggers.delete(previewId);
    if (trigger !== undefined) void this.followTrigger(outcome.unit, trigger.aa, trigger.author);
    return { status: outcome.status, unit: outcome.unit, message };
  }

  /** Tells the page a unit of ours is on its way; returns the unresolved message, if any. */
  announceSent(outcome: SendOutcome): string | null {
    const message = this.deps.outbox.sent(outcome);
    this.deps.light.balancesChanged();
    this.deps.light.historyChanged([outcome.unit]);
    return message;
  }

  /**
   * Follows a sent trigger until the AA has responded (pushes and the response chain), keeps
   * the response for History, and syncs so that the response unit arrives and is proven.
   */
  private async followTrigger(trigger: string, aa: string, author: string): Promise<void> {
    try {
      const { aa: service, db } = this.deps.services();
      const chain = await service.followTrigger(trigger, aa, author);
      if (chain === null) return;
      db.saveAaResponses(
        chain.map((r) => ({
          triggerUnit: r.triggerUnit,
          aaAddress: r.aaAddress,
          triggerAddress: r.triggerAddress,
          mci: r.mci,
          bounced: r.bounced,
          responseUnit: r.responseUnit,
          response: JSON.stringify({
            responseVars: r.responseVars,
            ...(r.error === null ? {} : { error: r.error }),
            ...(r.info === null ? {} : { info: r.info }),
          }),
        })),
      );
      this.deps.light.historyChanged([
        trigger,
        ...chain.flatMap((r) => (r.responseUnit ? [r.responseUnit] : [])),
      ]);
      await this.deps.light.parts.sync.syncNow();
    } catch (error) {
      this.deps.logger.warn('could not follow an AA trigger', {
        problem: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The payments on their way (posted, not yet stable or final-bad). */
  pending(): PendingPayment[] {
    return this.deps.services().payments.pendingPayments();
  }
}
