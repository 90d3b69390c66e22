/**
 * Textcoins as the page and the command line show them: amounts with their asset's name and
 * decimals, the payment inside each preview in the same view as every payment's.
 */
import type {
  TextcoinClaimPreviewView,
  TextcoinSendPreviewView,
  TextcoinSentView,
  TextcoinView,
} from '../../../shared/ipc';
import type {
  TextcoinClaimPreview,
  TextcoinListItem,
  TextcoinSendPreview,
  TextcoinSent,
} from '../services/textcoins/index';
import type { AssetNames } from '../services/wallet/wallet-payments';
import { paymentPreviewView } from './payment-view';

function label(assets: AssetNames, asset: string): { name: string | null; decimals: number } {
  return assets.get(asset) ?? { name: null, decimals: 0 };
}

export function textcoinSendPreviewView(
  result: TextcoinSendPreview,
  assets: AssetNames,
): TextcoinSendPreviewView {
  const known = label(assets, result.asset);
  return {
    preview: paymentPreviewView(result.payment, assets),
    address: result.address,
    asset: result.asset,
    assetName: known.name,
    decimals: known.decimals,
    amount: result.amount,
    claimFee: result.funding.claimFee,
    tpsAllowance: result.funding.tpsAllowance,
    leastTpsAllowance: 2 * result.tpsFloor.minTpsFee,
    tpsVariables: result.tpsFloor.variables,
    addedBytes: result.funding.addedBytes,
  };
}

/** A sent textcoin with its words (shown once). */
export function textcoinSentView(done: {
  sent: TextcoinSent;
  message: string | null;
}): TextcoinSentView {
  const { sent, message } = done;
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

export function textcoinViews(
  items: readonly TextcoinListItem[],
  assets: AssetNames,
): TextcoinView[] {
  return items.map((item) => {
    const known = label(assets, item.asset);
    return {
      address: item.address,
      asset: item.asset,
      assetName: known.name,
      decimals: known.decimals,
      amount: item.amount,
      addedBytes: item.addedBytes,
      claimFee: item.claimFee,
      unit: item.unit,
      claimUnit: item.claimUnit,
      createdAt: item.createdAt,
      state: item.claimState,
      holds: Object.entries(item.holds).map(([asset, amount]) => {
        const held = label(assets, asset);
        return { asset, amount, assetName: held.name, decimals: held.decimals };
      }),
    };
  });
}

export function textcoinClaimPreviewView(
  preview: TextcoinClaimPreview,
  assets: AssetNames,
): TextcoinClaimPreviewView {
  return {
    preview: paymentPreviewView(preview.payment, assets),
    address: preview.address,
    to: preview.to,
    ownTextcoin: preview.ownTextcoin,
    unconfirmedCoins: preview.unconfirmedCoins,
  };
}
