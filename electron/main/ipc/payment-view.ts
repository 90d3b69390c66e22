/**
 * A composed payment, its outputs and the payments on their way as the page and the command
 * line show them: amounts with their asset's name and decimals, the fee breakdown, an AA's
 * expected response.
 */
import type { OutputView, PaymentPreviewView, PendingPaymentView } from '../../../shared/ipc';
import type { PreviewOutput } from '../../../shared/protocol/compose';
import { aaPreviewView, dataView } from './aa-view';
import type { PaymentPreviewResult, PendingPayment } from '../services/payments/index';
import type { AssetNames, PreviewedPayment } from '../services/wallet/wallet-payments';

/** Outputs with their asset's name and decimals. */
export function outputViews(list: readonly PreviewOutput[], assets: AssetNames): OutputView[] {
  return list.map((o) => ({
    address: o.address,
    amount: o.amount,
    asset: o.asset,
    assetName: assets.get(o.asset)?.name ?? null,
    decimals: assets.get(o.asset)?.decimals ?? 0,
  }));
}

/** A composed payment as the page and the command line show it. */
export function paymentPreviewView(
  result: PaymentPreviewResult,
  assets: AssetNames,
  namePayingAddress = false,
): PaymentPreviewView {
  return {
    previewId: result.previewId,
    expiresAt: result.expiresAt,
    recipients: outputViews(result.recipients, assets),
    change: outputViews(result.change, assets),
    fees: {
      headers: result.fees.headers_commission,
      payload: result.fees.payload_commission,
      tps: result.fees.tps_fee,
      oversize: result.fees.oversize_fee,
      burn: result.fees.burn_fee,
      total: result.fees.total,
    },
    totalLeaving: Object.entries(result.totalLeaving).map(([asset, amount]) => ({
      asset,
      amount,
      assetName: assets.get(asset)?.name ?? null,
      decimals: assets.get(asset)?.decimals ?? 0,
    })),
    inputCount: result.inputCount,
    coinsFromHub: result.coinsFromHub,
    spendUnconfirmed: result.spendUnconfirmed,
    unconfirmedCoins: result.unconfirmedCoins,
    data: result.data === null ? null : dataView(result.data),
    aa:
      result.aa === null
        ? null
        : aaPreviewView(result.aa, result.unit.authors[0]?.address ?? '', (asset) => ({
            name: assets.get(asset)?.name ?? null,
            decimals: assets.get(asset)?.decimals ?? 0,
          })),
    payingAddress: namePayingAddress ? (result.authors[0]?.address ?? null) : null,
  };
}

/** What WalletSession.preview composed, as the page and the command line show it. */
export function previewedPaymentView(
  previewed: PreviewedPayment,
  assets: AssetNames,
): PaymentPreviewView {
  return paymentPreviewView(previewed.payment, assets, previewed.namePayingAddress);
}

/** A payment on its way (the outbox) as the page and the command line show it. */
export function pendingPaymentView(p: PendingPayment, assets: AssetNames): PendingPaymentView {
  return {
    unit: p.unit,
    status: p.status,
    recipients: outputViews(p.recipients, assets),
    feesTotal: p.fees.total,
    lastError: p.lastError,
    createdAt: p.createdAt,
  };
}
