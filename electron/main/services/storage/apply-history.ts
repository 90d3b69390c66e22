/**
 * Writes one verified hub answer: units, their authors, and the outputs and inputs of every
 * public payment message (all assets), the way ocore's writer fills its `outputs` and `inputs`
 * tables. The caller runs it inside one transaction; any throw rolls the answer back whole.
 *
 * State only moves forward: unconfirmed → good / final-bad when a proof arrives. A proven unit
 * is never downgraded by a later unproven copy, and a proven unit served with another ball or
 * sequence is a contradiction that rejects the answer (proven facts do not change).
 *
 * `is_spent` is kept equal to "some stored unit that is not final-bad spends this output"
 * (ocore: inputs of final-bad units free their sources). It is recomputed for every output an
 * answer could affect: the outputs it adds and the sources of the inputs whose unit it adds or
 * moves.
 */
import type Database from 'better-sqlite3';
import { HistoryFactsWriter } from './history-facts';
import type { AnyUnit, PaymentInput } from '../../../../shared/protocol/index';
import {
  BASE_ASSET,
  MAX_CAP,
  isPaymentMessage,
  isValidAddress,
  isValidAssetId,
  isValidUnitHash,
  isVoidedUnit,
} from '../../../../shared/protocol/index';
import { storageFail } from './errors';
import { asRow, flag, nullableInteger, nullableText, oneOf } from './rows';
import type { ApplyOptions, ApplyResult, UnitSequence, StoredJoint } from './types';

const SEQUENCES: readonly UnitSequence[] = ['good', 'final-bad', 'unconfirmed', 'temp-bad'];

interface OutputRecord {
  readonly messageIndex: number;
  readonly outputIndex: number;
  readonly address: string;
  readonly asset: string;
  readonly amount: number;
}

interface InputRecord {
  readonly messageIndex: number;
  readonly inputIndex: number;
  readonly asset: string;
  readonly input: PaymentInput;
}

interface UnitRecord {
  readonly hash: string;
  readonly content: AnyUnit;
  readonly voided: boolean;
  readonly proven: boolean;
  readonly sequence: 'good' | 'final-bad' | 'unconfirmed';
  readonly ball: string | null;
  readonly mainChainIndex: number | null;
  readonly timestamp: number;
  readonly authors: readonly string[];
  readonly outputs: readonly OutputRecord[];
  readonly inputs: readonly InputRecord[];
}

function nonNegative(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    storageFail('invalid-input', `${what} must be a non-negative integer, not ${String(value)}.`);
  }
  return value;
}

function amountOf(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_CAP) {
    storageFail('invalid-input', `${what}: ${String(value)} is not an amount from 1 to 9e15.`);
  }
  return value;
}

/** Checks a joint against the storage rules and extracts what the tables need. */
function readJoint(joint: StoredJoint, position: number): UnitRecord {
  const where = `Joint ${position + 1} of the answer`;
  const content = joint.unit;
  const hash = content.unit;
  if (!isValidUnitHash(hash)) storageFail('invalid-input', `${where} has no valid unit hash.`);
  const at = `${where} (${hash})`;
  if (joint.proven) {
    if (joint.sequence !== 'good' && joint.sequence !== 'final-bad') {
      storageFail('invalid-input', `${at} is proven but its sequence is "${joint.sequence}".`);
    }
    if (!isValidUnitHash(joint.ball))
      storageFail('invalid-input', `${at} is proven without a ball.`);
  } else {
    if (joint.sequence !== 'unconfirmed') {
      storageFail('invalid-input', `${at} is not proven, so it cannot be "${joint.sequence}".`);
    }
    if (joint.ball !== undefined) {
      storageFail(
        'invalid-input',
        `${at} carries a ball without a proof; unproven balls are never stored.`,
      );
    }
  }
  const mainChainIndex = nonNegative(joint.mainChainIndex, `${at} main chain index`);
  const timestamp = nonNegative(content.timestamp, `${at} timestamp`) ?? 0;
  const authors = [...new Set(content.authors.map((author) => author.address))];
  for (const address of authors) {
    if (!isValidAddress(address))
      storageFail('invalid-input', `${at} has an invalid author address.`);
  }
  const outputs: OutputRecord[] = [];
  const inputs: InputRecord[] = [];
  const voided = isVoidedUnit(content);
  if (!voided) {
    content.messages.forEach((message, messageIndex) => {
      if (!isPaymentMessage(message) || message.payload === undefined) return;
      const payload = message.payload;
      const asset = payload.asset ?? BASE_ASSET;
      if (payload.asset !== undefined && !isValidAssetId(payload.asset)) {
        storageFail('invalid-input', `${at} message ${messageIndex} has an invalid asset.`);
      }
      payload.outputs.forEach((output, outputIndex) => {
        // Outputs without an address are private (blinded); a light wallet cannot see them.
        if (output.address === undefined) return;
        if (!isValidAddress(output.address)) {
          storageFail(
            'invalid-input',
            `${at} output ${messageIndex}/${outputIndex} has an invalid address.`,
          );
        }
        outputs.push({
          messageIndex,
          outputIndex,
          address: output.address,
          asset,
          amount: amountOf(output.amount, `${at} output ${messageIndex}/${outputIndex}`),
        });
      });
      payload.inputs.forEach((input, inputIndex) => {
        if (!('type' in input) && !isValidUnitHash(input.unit)) {
          storageFail(
            'invalid-input',
            `${at} input ${messageIndex}/${inputIndex} names no valid unit.`,
          );
        }
        if ('type' in input && input.type === 'issue') {
          amountOf(input.amount, `${at} issue input ${messageIndex}/${inputIndex}`);
        }
        inputs.push({ messageIndex, inputIndex, asset, input });
      });
    });
  }
  return {
    hash,
    content,
    voided,
    proven: joint.proven,
    sequence: joint.sequence,
    ball: joint.proven ? (joint.ball ?? null) : null,
    mainChainIndex,
    timestamp,
    authors,
    outputs,
    inputs,
  };
}

/** The stored JSON: the unit without the hub's unhashed additions (kept in columns instead). */
function storedJson(content: AnyUnit): string {
  const { main_chain_index: _mci, actual_tps_fee: _actual, ...rest } = content;
  return JSON.stringify(rest);
}

function feeColumns(content: AnyUnit) {
  if (isVoidedUnit(content)) {
    return {
      headers: null,
      payload: null,
      tps: null,
      oversize: null,
      burn: null,
    };
  }
  return {
    headers: nonNegative(content.headers_commission, 'headers_commission'),
    payload: nonNegative(content.payload_commission, 'payload_commission'),
    tps: nonNegative(content.tps_fee, 'tps_fee'),
    oversize: nonNegative(content.oversize_fee, 'oversize_fee'),
    burn: nonNegative(content.burn_fee, 'burn_fee'),
  };
}

interface ExistingUnit {
  readonly proven: boolean;
  readonly sequence: UnitSequence;
  readonly ball: string | null;
  readonly voided: boolean;
  readonly mainChainIndex: number | null;
  readonly actualTpsFee: number | null;
}

/** Prepared once per database; `apply` must run inside a transaction. */
export class HistoryWriter {
  private readonly selectUnit: Database.Statement;
  private readonly insertUnit: Database.Statement;
  private readonly insertJson: Database.Statement;
  private readonly replaceJson: Database.Statement;
  private readonly upgradeUnit: Database.Statement;
  private readonly refreshUnit: Database.Statement;
  private readonly enrichUnit: Database.Statement;
  private readonly insertAuthor: Database.Statement;
  private readonly insertOutput: Database.Statement;
  private readonly insertInput: Database.Statement;
  private readonly sourcesOf: Database.Statement;
  private readonly outputAddressesOf: Database.Statement;
  private readonly recomputeUnitOutputs: Database.Statement;
  private readonly recomputeOutput: Database.Statement;
  private readonly upsertSync: Database.Statement;

  /** Present from schema version 6: the history's facts of every unit stored. */
  private readonly facts: HistoryFactsWriter | null;

  constructor(db: Database.Database, options: { facts: boolean }) {
    this.facts = options.facts ? new HistoryFactsWriter(db) : null;
    this.selectUnit = db.prepare(
      'SELECT proven, sequence, ball, voided, main_chain_index, actual_tps_fee FROM units WHERE unit = ?',
    );
    this.insertUnit = db.prepare(`
      INSERT INTO units (unit, version, alt, timestamp, main_chain_index, proven, sequence, ball,
        voided, headers_commission, payload_commission, tps_fee, actual_tps_fee, oversize_fee,
        burn_fee, first_seen_at, updated_at)
      VALUES (@unit, @version, @alt, @timestamp, @mci, @proven, @sequence, @ball, @voided,
        @headers, @payload, @tps, @actual, @oversize, @burn, @now, @now)`);
    this.insertJson = db.prepare('INSERT INTO unit_json (unit, json) VALUES (?, ?)');
    this.replaceJson = db.prepare('UPDATE unit_json SET json = ? WHERE unit = ?');
    this.upgradeUnit = db.prepare(`
      UPDATE units SET proven = 1, sequence = @sequence, ball = @ball,
        main_chain_index = coalesce(@mci, main_chain_index),
        actual_tps_fee = coalesce(@actual, actual_tps_fee), updated_at = @now
      WHERE unit = @unit AND proven = 0`);
    this.refreshUnit = db.prepare(`
      UPDATE units SET main_chain_index = @mci, actual_tps_fee = @actual, updated_at = @now
      WHERE unit = @unit AND proven = 0`);
    this.enrichUnit = db.prepare(`
      UPDATE units SET voided = 0, headers_commission = @headers,
        payload_commission = @payload, tps_fee = @tps, oversize_fee = @oversize, burn_fee = @burn,
        updated_at = @now
      WHERE unit = @unit AND voided = 1`);
    this.insertAuthor = db.prepare(
      'INSERT OR IGNORE INTO unit_authors (unit, address) VALUES (?, ?)',
    );
    this.insertOutput = db.prepare(`
      INSERT INTO outputs (unit, message_index, output_index, address, asset, amount)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertInput = db.prepare(`
      INSERT INTO inputs (unit, message_index, input_index, asset, type, src_unit,
        src_message_index, src_output_index, serial_number, amount, address,
        from_main_chain_index, to_main_chain_index)
      VALUES (@unit, @messageIndex, @inputIndex, @asset, @type, @srcUnit, @srcMessage,
        @srcOutput, @serial, @amount, @address, @fromMci, @toMci)`);
    this.sourcesOf = db.prepare(`
      SELECT src_unit, src_message_index, src_output_index FROM inputs
      WHERE unit = ? AND type = 'transfer'`);
    this.outputAddressesOf = db.prepare(
      'SELECT DISTINCT address FROM outputs WHERE unit = ? UNION SELECT address FROM unit_authors WHERE unit = ?',
    );
    const spentBy = `EXISTS (
      SELECT 1 FROM inputs i JOIN units s ON s.unit = i.unit
      WHERE i.src_unit = outputs.unit AND i.src_message_index = outputs.message_index
        AND i.src_output_index = outputs.output_index AND s.sequence <> 'final-bad')`;
    this.recomputeUnitOutputs = db.prepare(
      `UPDATE outputs SET is_spent = ${spentBy} WHERE unit = ?`,
    );
    this.recomputeOutput = db.prepare(`
      UPDATE outputs SET is_spent = ${spentBy}
      WHERE unit = ? AND message_index = ? AND output_index = ?`);
    this.upsertSync = db.prepare(`
      INSERT INTO sync_groups (group_key, addresses, last_proven_mci, last_sync_at)
      VALUES (@group, @addresses, @mci, @now)
      ON CONFLICT (group_key) DO UPDATE SET addresses = excluded.addresses,
        last_proven_mci = coalesce(excluded.last_proven_mci, sync_groups.last_proven_mci),
        last_sync_at = excluded.last_sync_at`);
  }

  private existing(hash: string): ExistingUnit | null {
    const value: unknown = this.selectUnit.get(hash);
    if (value === undefined) return null;
    const row = asRow(value, `unit ${hash}`);
    return {
      proven: flag(row, 'proven'),
      sequence: oneOf(row, 'sequence', SEQUENCES),
      ball: nullableText(row, 'ball'),
      voided: flag(row, 'voided'),
      mainChainIndex: nullableInteger(row, 'main_chain_index'),
      actualTpsFee: nullableInteger(row, 'actual_tps_fee'),
    };
  }

  private insertContent(record: UnitRecord): void {
    for (const output of record.outputs) {
      this.insertOutput.run(
        record.hash,
        output.messageIndex,
        output.outputIndex,
        output.address,
        output.asset,
        output.amount,
      );
    }
    for (const { messageIndex, inputIndex, asset, input } of record.inputs) {
      const transfer = 'type' in input ? null : input;
      const issue = 'type' in input && input.type === 'issue' ? input : null;
      const commission = 'type' in input && input.type !== 'issue' ? input : null;
      this.insertInput.run({
        unit: record.hash,
        messageIndex,
        inputIndex,
        asset,
        type: 'type' in input ? input.type : 'transfer',
        srcUnit: transfer?.unit ?? null,
        srcMessage: transfer?.message_index ?? null,
        srcOutput: transfer?.output_index ?? null,
        serial: issue?.serial_number ?? null,
        amount: issue?.amount ?? null,
        address: issue?.address ?? commission?.address ?? null,
        fromMci: commission?.from_main_chain_index ?? null,
        toMci: commission?.to_main_chain_index ?? null,
      });
    }
  }

  apply(joints: readonly StoredJoint[], options: ApplyOptions, now: number): ApplyResult {
    const inserted: string[] = [];
    const upgraded: string[] = [];
    const enriched: string[] = [];
    let unchanged = 0;
    /** Units whose own outputs need is_spent recomputed. */
    const outputsToCheck = new Set<string>();
    /** Units whose inputs' sources need is_spent recomputed. */
    const spendersToCheck = new Set<string>();

    joints.forEach((joint, position) => {
      const record = readJoint(joint, position);
      const existing = this.existing(record.hash);
      const actual = nonNegative(record.content.actual_tps_fee, 'actual_tps_fee');
      if (existing === null) {
        const fees = feeColumns(record.content);
        this.insertUnit.run({
          unit: record.hash,
          version: record.content.version,
          alt: record.content.alt,
          timestamp: record.timestamp,
          mci: record.mainChainIndex,
          proven: record.proven ? 1 : 0,
          sequence: record.sequence,
          ball: record.ball,
          voided: record.voided ? 1 : 0,
          ...fees,
          actual,
          now,
        });
        this.insertJson.run(record.hash, storedJson(record.content));
        for (const address of record.authors) this.insertAuthor.run(record.hash, address);
        this.insertContent(record);
        inserted.push(record.hash);
        outputsToCheck.add(record.hash);
        spendersToCheck.add(record.hash);
        return;
      }

      let changed = false;
      if (existing.proven) {
        if (
          record.proven &&
          (record.ball !== existing.ball || record.sequence !== existing.sequence)
        ) {
          storageFail(
            'conflict',
            `Unit ${record.hash} is already proven ${existing.sequence} with ball ${existing.ball ?? '?'}; the answer says ${record.sequence} with ball ${record.ball ?? '?'}.`,
          );
        }
        // An unproven copy of a proven unit changes nothing: proven data is never downgraded.
      } else if (record.proven) {
        this.upgradeUnit.run({
          unit: record.hash,
          sequence: record.sequence,
          ball: record.ball,
          mci: record.mainChainIndex,
          actual,
          now,
        });
        upgraded.push(record.hash);
        spendersToCheck.add(record.hash);
        changed = true;
      } else if (
        existing.mainChainIndex !== record.mainChainIndex ||
        (actual !== null && existing.actualTpsFee !== actual)
      ) {
        // Still unproven (and temp-bad stays temp-bad): only the hub's reported extras move.
        this.refreshUnit.run({
          unit: record.hash,
          mci: record.mainChainIndex,
          actual: actual ?? existing.actualTpsFee,
          now,
        });
      }
      if (existing.voided && !record.voided) {
        // Same hash, so the full content is the unit's own: keep it for details and balances.
        this.enrichUnit.run({ unit: record.hash, ...feeColumns(record.content), now });
        this.replaceJson.run(storedJson(record.content), record.hash);
        this.insertContent(record);
        enriched.push(record.hash);
        outputsToCheck.add(record.hash);
        spendersToCheck.add(record.hash);
        changed = true;
      }
      if (!changed) unchanged += 1;
    });

    for (const unit of outputsToCheck) this.recomputeUnitOutputs.run(unit);
    // New content (new or enriched units): its history facts, and its spenders' assets.
    this.facts?.refresh(outputsToCheck);
    for (const unit of spendersToCheck) {
      for (const value of this.sourcesOf.raw(true).all(unit)) {
        if (!Array.isArray(value)) continue;
        this.recomputeOutput.run(value[0], value[1], value[2]);
      }
    }

    if (options.sync) {
      const { group, addresses, lastProvenMci } = options.sync;
      this.upsertSync.run({
        group,
        addresses: JSON.stringify([...new Set(addresses)].sort()),
        mci: nonNegative(lastProvenMci, 'last proven MCI'),
        now,
      });
    }

    const affected = new Set<string>();
    for (const unit of [...inserted, ...upgraded, ...enriched]) {
      for (const value of this.outputAddressesOf.pluck(true).all(unit, unit)) {
        if (typeof value === 'string') affected.add(value);
      }
    }
    return {
      inserted,
      upgraded,
      enriched,
      unchanged,
      affectedAddresses: [...affected].sort(),
    };
  }
}
