/**
 * An asset's name and decimals (light-client.md §2.9): the hub names the registry's metadata
 * unit; we fetch that unit through `light/get_history` (`requested_joints`), verify the answer
 * like any history, check that the unit's first author is the registry, and read the `data`
 * message about this asset. The hub's pointer alone is never trusted.
 */
import { isJsonObject, type JsonValue } from '../../../../shared/protocol/json';
import type { VerifiedHistory } from '../../../../shared/protocol/index';
import type { Logger } from '../logger';
import type { AssetMetadata, WalletDatabase } from '../storage/index';
import {
  getAssetMetadata,
  getHistory,
  type HubRequester,
} from '../../../../shared/protocol/light/index';

export type FoundAssetMetadata = Omit<AssetMetadata, 'fetchedAt'>;

const MAX_NAME = 40;

/** Reads and checks an asset's metadata; null when the registry has none (or it does not check). */
export async function readAssetMetadata(
  hub: HubRequester & { readonly isConnected: boolean },
  asset: string,
  verify: (raw: JsonValue) => VerifiedHistory,
  options: { readonly timeoutMs?: number } = {},
): Promise<FoundAssetMetadata | null> {
  const pointer = await getAssetMetadata(hub, asset, options);
  if (pointer === null) return null;
  const witnesses = await hub.request('get_witnesses', undefined, options);
  if (!Array.isArray(witnesses) || !witnesses.every((w) => typeof w === 'string')) return null;
  const raw = await getHistory(
    hub,
    {
      witnesses: witnesses as string[],
      requested_joints: [pointer.metadata_unit],
    },
    options,
  );
  const history = verify(raw);
  const joint = history.joints.find((item) => item.unit === pointer.metadata_unit);
  if (!joint || !joint.content.messages) return null;
  if (joint.content.authors[0]?.address !== pointer.registry_address) return null;
  for (const message of joint.content.messages) {
    if (message.app !== 'data') continue;
    const payload: unknown = 'payload' in message ? message.payload : undefined;
    if (!isJsonObject(payload) || payload['asset'] !== asset) continue;
    const name = payload['name'];
    const decimals = payload['decimals'];
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) return null;
    if (typeof decimals !== 'number' || !Number.isInteger(decimals)) return null;
    if (decimals < 0 || decimals > 18) return null;
    return {
      asset,
      name,
      decimals,
      registryAddress: pointer.registry_address,
      metadataUnit: pointer.metadata_unit,
      suffix: pointer.suffix,
    };
  }
  return null;
}

export interface AssetMetadataLearnerOptions {
  readonly hub: HubRequester & { readonly isConnected: boolean };
  readonly db: WalletDatabase;
  readonly logger: Logger;
  /** How long the hub may take to answer each request. */
  readonly timeoutMs: number;
  /** Asks the hub for its witnesses when this connection has not yet (the sync's). */
  readonly refreshWitnesses: () => Promise<void>;
  /** Verifies a history answer like the sync does (the metadata unit's proof). */
  readonly verify: (raw: JsonValue) => VerifiedHistory;
  /** An asset was named: the balances must be shown again. */
  readonly onLearned: () => void;
}

/** Learns, once per session each, the names and decimals of assets, for the sync and the AA view. */
export class AssetMetadataLearner {
  private readonly options: AssetMetadataLearnerOptions;
  /** Assets whose metadata we asked for in this session (found or not). */
  private readonly asked = new Set<string>();

  constructor(options: AssetMetadataLearnerOptions) {
    this.options = options;
  }

  /**
   * Names and decimals of these assets (ours, or an AA's), from the registry's metadata unit,
   * verified like any history and kept in the wallet database. Each asset is asked at most once
   * per session, found or not, and at most `max` in one call (an AA may hold hundreds).
   */
  async learn(assets: readonly string[], max = Infinity): Promise<void> {
    const known = new Set(this.options.db.assetMetadata().map((item) => item.asset));
    const unknown = [...new Set(assets)]
      .filter((asset) => asset !== 'base' && !known.has(asset) && !this.asked.has(asset))
      .slice(0, max);
    if (unknown.length === 0 || !this.options.hub.isConnected) return;
    try {
      // The metadata unit is verified against the witnesses (asked outside a sync, too).
      await this.options.refreshWitnesses();
    } catch (error) {
      this.options.logger.warn('Could not read asset metadata', { error });
      return;
    }
    for (const asset of unknown) {
      if (!this.options.hub.isConnected) return;
      this.asked.add(asset);
      try {
        const metadata = await readAssetMetadata(this.options.hub, asset, this.options.verify, {
          timeoutMs: this.options.timeoutMs,
        });
        if (metadata) {
          this.options.db.saveAssetMetadata(metadata);
          this.options.onLearned();
        }
      } catch (error) {
        this.options.logger.warn('Could not read asset metadata', { asset, error });
      }
    }
  }
}
