/**
 * One unit's details as the page shows them: its history row, ball, what the proof says of it in
 * words, fees, authors, outputs, the hubs' word while no proof reaches it, and the explorer link.
 */
import type { UnitDetails } from '../../../shared/ipc';
import { outputsForAddresses } from '../../../shared/protocol/index';
import { explorerUrl } from '../../../shared/protocol/constants';
import type { Network } from '../../../shared/protocol/wire';
import type { StoredUnit, WalletDatabase } from '../services/storage/index';
import {
  assetNames,
  historyLineOf,
  NO_HUB_REPORTS,
  type HistoryLine,
  type HubKnowledgeSource,
} from '../services/sync/index';

function proofState(unit: StoredUnit): string {
  if (unit.proven && unit.sequence === 'good') {
    return 'Proven stable: the witness proof and the chain of balls reach this unit.';
  }
  if (unit.proven) {
    return 'Proven final-bad: the proof shows this unit lost a double-spend; it moves nothing.';
  }
  if (unit.sequence === 'temp-bad') {
    return 'Not proven: the hub reports a conflicting unit; it may end up final-bad.';
  }
  return 'Not proven yet: no witness proof reaches this unit; it counts as pending until one does.';
}

export function unitDetails(
  db: WalletDatabase,
  network: Network,
  unit: string,
  reports: HubKnowledgeSource = NO_HUB_REPORTS,
): UnitDetails | null {
  const stored = db.getUnit(unit);
  if (!stored) return null;
  const names = assetNames(db);
  const found = db.history({ search: unit, limit: 1 }).entries[0];
  const outputs = outputsForAddresses([
    { unit, content: stored.content, proven: stored.proven, sequence: 'good' },
  ]).map((o) => ({ address: o.address, asset: o.asset ?? 'base', amount: o.amount }));
  const row: HistoryLine = found
    ? historyLineOf(found, names, db)
    : {
        unit,
        timestamp: stored.timestamp,
        mainChainIndex: stored.mainChainIndex,
        status: stored.status,
        proven: stored.proven,
        direction: 'self',
        scope: 'wallet',
        watched: [],
        amounts: [],
        fee: null,
        counterparties: [],
      };
  return {
    ...row,
    ball: stored.ball,
    proofState: proofState(stored),
    fees: stored.fees,
    authors: stored.content.authors.map((author) => author.address).slice(0, 16),
    // While no proof reaches it, which hubs know it; once proven, the proof is what counts.
    hubs: stored.proven ? [] : reports.knowledgeOf(unit).slice(0, 8),
    outputs: outputs.slice(0, 4096),
    explorerUrl: explorerUrl(network, unit),
  };
}
