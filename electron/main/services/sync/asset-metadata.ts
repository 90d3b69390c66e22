/**
 * An asset's name and decimals (light-client.md §2.9): the hub names the registry's metadata
 * unit; we fetch that unit through `light/get_history` (`requested_joints`), verify the answer
 * like any history, check that the unit's first author is the registry, and read the `data`
 * message about this asset. The hub's pointer alone is never trusted.
 */
import { isJsonObject, type JsonValue } from '../../../../shared/protocol/json';
import type { VerifiedHistory } from '../../../../shared/protocol/index';
import type { AssetMetadata } from '../storage/index';
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
