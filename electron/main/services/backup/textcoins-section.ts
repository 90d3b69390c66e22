/**
 * The `textcoins` section: the textcoins this wallet sent (textcoin-store.ts), their words still
 * sealed with the wallet's at-rest key (a key from the device key, which the keystore section
 * brings back), so the backup holds them as the database does. One object per textcoin:
 *
 * ```json
 * { "textcoins": [{ "address", "asset", "amount", "addedBytes", "claimFee", "sealedWords",
 *                   "state": "sending" | "sent", "unit", "claimUnit", "createdAt", "updatedAt" }] }
 * ```
 */
import { isValidAsset, isValidUnitHash } from '../../../../shared/protocol/amount';
import { isValidAddress } from '../../../../shared/protocol/chash';
import { MAX_CAP } from '../../../../shared/protocol/constants';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { TextcoinRecord, TextcoinStore } from '../storage/textcoin-store';
import { WalletDatabase } from '../storage/wallet-database';
import { isJsonObject, type BackupSection, type JsonValue } from './section';

const MAX_TEXTCOINS = 100_000;

function count(value: JsonValue | undefined, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** The record, or what is wrong with it. */
function record(value: JsonValue): TextcoinRecord | string {
  if (!isJsonObject(value)) return 'not an object';
  const { address, asset, amount, addedBytes, claimFee, sealedWords, state } = value;
  const { unit, claimUnit, createdAt, updatedAt } = value;
  if (!isValidAddress(address)) return 'the address is not an Obyte address';
  if (!isValidAsset(asset)) return 'the asset is not "base" or an asset id';
  if (!count(amount, MAX_CAP) || amount === 0) return 'the amount is not a positive integer';
  if (!count(addedBytes) || !count(claimFee)) return 'a fee is not a whole number of bytes';
  if (typeof sealedWords !== 'string' || sealedWords.length === 0 || sealedWords.length > 1000) {
    return 'the sealed words are missing';
  }
  if (state !== 'sending' && state !== 'sent') return 'the state is not "sending" or "sent"';
  if (!(unit === null || isValidUnitHash(unit))) return 'the unit is not a unit hash';
  if (state === 'sent' && unit === null) return 'a sent textcoin has no unit';
  if (!(claimUnit === null || isValidUnitHash(claimUnit))) return 'the claim unit is not a hash';
  if (!count(createdAt) || !count(updatedAt)) return 'a time is not a whole number';
  return {
    address,
    asset,
    amount,
    addedBytes,
    claimFee,
    sealedWords,
    state,
    unit,
    claimUnit,
    createdAt,
    updatedAt,
  };
}

function records(data: JsonValue): TextcoinRecord[] | string {
  if (!isJsonObject(data) || !Array.isArray(data['textcoins'])) {
    return 'textcoins: expected { "textcoins": [...] }';
  }
  const list = data['textcoins'];
  if (list.length > MAX_TEXTCOINS) return `textcoins: more than ${MAX_TEXTCOINS}`;
  const out: TextcoinRecord[] = [];
  const seen = new Set<string>();
  for (const [i, value] of list.entries()) {
    const checked = record(value);
    if (typeof checked === 'string') return `textcoin ${i + 1}: ${checked}.`;
    if (seen.has(checked.address)) return `textcoin ${i + 1}: its address is listed twice.`;
    seen.add(checked.address);
    out.push(checked);
  }
  return out;
}

export function textcoinsSection(deps: {
  readonly clock: Clock;
  readonly logger: Logger;
}): BackupSection {
  /** The textcoins table of the wallet database in `directory` (made and migrated if new). */
  const withStore = <T>(directory: string, run: (store: TextcoinStore) => T): T => {
    const db = WalletDatabase.open({ directory, clock: deps.clock, logger: deps.logger });
    try {
      return run(db.textcoinStore());
    } finally {
      db.close();
    }
  };
  return {
    name: 'textcoins',
    export({ networkDir }) {
      const rows = withStore(networkDir, (store) => store.exportRows());
      return { textcoins: rows.map((row): JsonValue => ({ ...row })) };
    },
    validate(data) {
      const checked = records(data);
      return typeof checked === 'string' ? checked : null;
    },
    import(data, { networkDir }) {
      const checked = records(data);
      if (typeof checked === 'string') throw new TypeError(checked);
      withStore(networkDir, (store) => store.importRows(checked));
    },
  };
}
