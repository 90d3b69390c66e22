/**
 * The `light/get_balances` answer (light-client.md §2.4) parsed once at the edge:
 * `{ADDRESS: {ASSET: {stable, pending, stable_outputs_count, pending_outputs_count, total}}}`
 * where ASSET is "base" or an asset id. Unproven by nature; used to cross-check our own sums
 * and to show something for an address whose history is too large to prove.
 */
import { isValidAddress, isValidAsset } from '../../../../shared/protocol/index';
import { storageFail } from './errors';
import type { HubAssetBalance, HubBalances } from './types';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    storageFail('invalid-input', `${where} should be a whole number ≥ 0, not ${String(value)}.`);
  }
  return value;
}

export function parseHubBalances(value: unknown): HubBalances {
  if (!isPlainObject(value)) {
    storageFail(
      'invalid-input',
      'The hub answered light/get_balances with something other than an object.',
    );
  }
  const out = new Map<string, Map<string, HubAssetBalance>>();
  for (const [address, assets] of Object.entries(value)) {
    if (!isValidAddress(address)) {
      storageFail('invalid-input', 'The hub listed an invalid address in its balances.');
    }
    if (!isPlainObject(assets)) {
      storageFail('invalid-input', `The hub's balances for ${address} are not an object.`);
    }
    const perAsset = new Map<string, HubAssetBalance>();
    for (const [asset, raw] of Object.entries(assets)) {
      if (!isValidAsset(asset)) {
        storageFail('invalid-input', `The hub listed an invalid asset for ${address}.`);
      }
      if (!isPlainObject(raw)) {
        storageFail('invalid-input', `The hub's ${asset} balance for ${address} is not an object.`);
      }
      const where = `The hub's ${asset} balance for ${address}:`;
      const balance: HubAssetBalance = {
        stable: count(raw['stable'], `${where} stable`),
        pending: count(raw['pending'], `${where} pending`),
        stableOutputsCount: count(raw['stable_outputs_count'], `${where} stable_outputs_count`),
        pendingOutputsCount: count(raw['pending_outputs_count'], `${where} pending_outputs_count`),
        total: count(raw['total'], `${where} total`),
      };
      if (balance.total !== balance.stable + balance.pending) {
        storageFail('invalid-input', `${where} total is not stable + pending.`);
      }
      perAsset.set(asset, balance);
    }
    out.set(address, perAsset);
  }
  return out;
}
