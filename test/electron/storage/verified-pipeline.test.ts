/**
 * The path the sync layer will take, on a real captured answer: the protocol verifier's output,
 * adapted to storage's StoredJoint, stored, and summed. Our balances must equal both the
 * verifier's own in-memory sums (a second implementation) and the hub's light/get_balances.
 */
import { describe, expect, it } from 'vitest';
import {
  computeBalances,
  verifyHistoryAnswer,
  type JsonValue,
  type VerifiedJoint as ProtocolJoint,
} from '../../../shared/protocol/index';
import type { StoredJoint } from '../../../electron/main/services/storage/index';
import { readExchange, tempDatabases } from './builders';
import { parseBalances } from '../../../shared/protocol/light/index';

const temp = tempDatabases();

/** The adapter the sync layer needs (five fields, renamed). */
const toStorage = (joint: ProtocolJoint): StoredJoint => ({
  unit: joint.content,
  proven: joint.proven,
  sequence: joint.sequence,
  ...(joint.ball === undefined ? {} : { ball: joint.ball }),
  mainChainIndex: joint.main_chain_index,
});

describe('verifier → storage → balances on the captured raw_client session', () => {
  it('stores what the verifier proved and sums it as the verifier and the hub do', () => {
    const { params, response } = readExchange('raw_client/get_history.json');
    const { witnesses, addresses } = params as { witnesses: string[]; addresses: string[] };
    const verified = verifyHistoryAnswer(response, {
      witnesses,
      network: {
        countWitnesses: 1,
        majority: 1,
        genesisUnit: 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=', // fixtures README.txt
        alt: '3',
        versions: ['1.0dev', '2.0dev', '3.0dev', '4.0dev'],
      },
    });
    const db = temp.open(temp.dir());
    try {
      const result = db.applyVerifiedHistory(verified.joints.map(toStorage));
      expect(result.inserted).toHaveLength(verified.joints.length);
      expect(db.provenBalls()).toEqual(
        new Map(verified.joints.filter((j) => j.proven).map((j) => [j.unit, j.ball])),
      );

      const ours = db.balances(addresses);
      const theirs = computeBalances(verified.joints, addresses);
      expect(
        Object.fromEntries(
          Object.entries(ours.total).map(([asset, b]) => [
            asset,
            { stable: b.stable, pending: b.pending },
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          [...theirs].map(([asset, b]) => [
            asset ?? 'base',
            { stable: b.stable, pending: b.pending },
          ]),
        ),
      );

      const hub = readExchange('raw_client/get_balances.json');
      expect(
        db.crossCheckBalances(parseBalances(hub.response as JsonValue, addresses), addresses),
      ).toEqual([]);
    } finally {
      temp.cleanup();
    }
  });
});
