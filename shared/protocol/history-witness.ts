/**
 * The witness proof of a history answer (light-client.md §2.1 step 2). Ports ocore
 * `witness_proof.processWitnessProof` as a light client calls it (`bFromCurrent` false): the
 * client's own witness list is the root of trust; `unstable_mc_joints` must be a parent-linked
 * chain whose units are hash-correct and signed by a majority of those witnesses; the last balls
 * they name become the trusted starting points of the proofchain.
 *
 * What is trusted after this step: the `last_ball_unit → last_ball` pairs of the elements from
 * the one where the majority is reached down to the oldest, and the witness definitions learned
 * from `witness_change_and_definition_joints`. Payloads of `unstable_mc_joints` are not
 * hash-checked (as in ocore), so nothing may be read from them.
 */
import { getAddressFromDefinition } from './chash';
import { fail, ProtocolError } from './errors';
import { verifyAuthentifiersWithoutReferences } from './definition';
import type { HistoryJoint } from './history-parse';
import type { AddressDefinition, AnyUnit, Message, Unit } from './unit-types';
import { isVoidedUnit } from './unit-types';
import { getMessagePayloadHash, getTempDataHash, getUnitHash, getUnitHashToSign } from './unit';

export interface TrustedLastBall {
  readonly unit: string;
  readonly ball: string;
}

export interface WitnessProofResult {
  /** Trusted last balls, newest first, without duplicates. */
  readonly lastBalls: readonly TrustedLastBall[];
  /** Expected definition chash of every witness after the change joints. */
  readonly definitionChashes: ReadonlyMap<string, string>;
  /** Definitions by chash (learned from the answer or taken from the caller's store). */
  readonly definitions: ReadonlyMap<string, AddressDefinition>;
  /** Witnesses for which an address_definition_change appeared in the change joints. */
  readonly changedWitnesses: ReadonlySet<string>;
  /** unit → addresses of its authors whose signatures were verified here. */
  readonly verifiedAuthors: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface WitnessProofInput {
  readonly unstableMcJoints: readonly HistoryJoint[];
  readonly witnessChangeAndDefinitionJoints: readonly HistoryJoint[];
  readonly witnesses: readonly string[];
  readonly majority: number;
  /** Stored definitions by definition chash (ocore storage.readDefinition). */
  readonly lookupDefinition: (definitionChash: string) => AddressDefinition | undefined;
}

function proofError(message: string): never {
  return fail('unit', `Bad witness proof: ${message}`);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ocore validation.hasValidHashes: the unit hash recomputes (any exception is a mismatch). */
export function hasValidUnitHash(unit: AnyUnit): boolean {
  try {
    return getUnitHash(unit) === unit.unit;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ocore validation.hasValidPayloadHashes for a unit with content. */
export function hasValidPayloadHashes(unit: Unit): boolean {
  try {
    for (const message of unit.messages) {
      if (message.payload_location !== 'inline') {
        if (message.payload !== undefined) return false;
        continue;
      }
      if (getMessagePayloadHash(message, unit.version) !== message.payload_hash) return false;
      if (message.app === 'temp_data' && isRecord(message.payload) && 'data' in message.payload) {
        if (getTempDataHash(message.payload['data']) !== message.payload['data_hash']) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The new definition chash an `address_definition_change` message gives `address`, if it
 * concerns it (its payload names the address, or the unit has that single author).
 */
function definitionChangeFor(message: Message, unit: Unit, address: string): string | undefined {
  if (message.app !== 'address_definition_change' || !isRecord(message.payload)) return undefined;
  const payload = message.payload;
  const single = unit.authors.length === 1 && unit.authors[0]?.address === address;
  if (payload['address'] !== address && !single) return undefined;
  const chash = payload['definition_chash'];
  if (typeof chash !== 'string') {
    proofError(`unit ${unit.unit}: address_definition_change without a definition_chash.`);
  }
  return chash;
}

export function processWitnessProof(input: WitnessProofInput): WitnessProofResult {
  const { witnesses, majority } = input;
  const isWitness = (address: string): boolean => witnesses.includes(address);

  // Unstable MC joints: hashes, parent links, majority, last balls.
  let parentUnits: readonly string[] | undefined;
  const found = new Set<string>();
  const lastBalls: TrustedLastBall[] = [];
  const lastBallUnits = new Set<string>();
  const witnessUnits: Unit[] = [];
  input.unstableMcJoints.forEach((joint, i) => {
    const unit = joint.unit;
    const where = `unstable_mc_joints[${i}] (unit ${unit.unit})`;
    if (!hasValidUnitHash(unit)) proofError(`${where}: invalid hash.`);
    if (parentUnits && !parentUnits.includes(unit.unit ?? '')) {
      proofError(`${where}: not in parents of the previous element.`);
    }
    let byWitness = false;
    for (const author of unit.authors) {
      if (!isWitness(author.address)) continue;
      found.add(author.address);
      byWitness = true;
    }
    if (byWitness) {
      if (isVoidedUnit(unit)) proofError(`${where}: a witness unit without content.`);
      witnessUnits.push(unit);
    }
    parentUnits = unit.parent_units;
    if (!unit.last_ball_unit) proofError(`${where}: unit without last_ball_unit.`);
    if (found.size >= majority) {
      if (!unit.last_ball) proofError(`${where}: unit without last_ball.`);
      if (!lastBallUnits.has(unit.last_ball_unit)) {
        lastBallUnits.add(unit.last_ball_unit);
        lastBalls.push({ unit: unit.last_ball_unit, ball: unit.last_ball });
      } else if (
        lastBalls.some((b) => b.unit === unit.last_ball_unit && b.ball !== unit.last_ball)
      ) {
        proofError(`${where}: two different last balls for unit ${unit.last_ball_unit}.`);
      }
    }
  });
  if (found.size < majority) {
    proofError(`not enough witnesses: ${found.size} of the required ${majority} found.`);
  }

  // Witness change and definition joints: stable, hash-correct with payloads, by a witness.
  const changeUnits: Unit[] = input.witnessChangeAndDefinitionJoints.map((joint, i) => {
    const unit = joint.unit;
    const where = `witness_change_and_definition_joints[${i}] (unit ${unit.unit})`;
    if (isVoidedUnit(unit)) proofError(`${where}: stripped unit not allowed.`);
    if (!hasValidUnitHash(unit) || !hasValidPayloadHashes(unit)) {
      proofError(`${where}: invalid hash.`);
    }
    if (!unit.authors.some((author) => isWitness(author.address))) {
      proofError(`${where}: not authored by my witness.`);
    }
    return unit;
  });

  // Signatures and definitions (ocore validateUnit inside processWitnessProof).
  const definitionChashes = new Map<string, string>(witnesses.map((w) => [w, w]));
  const definitions = new Map<string, AddressDefinition>();
  const changedWitnesses = new Set<string>();
  const verifiedAuthors = new Map<string, Set<string>>();

  const validateUnit = (unit: Unit, requireDefinitionOrChange: boolean, where: string): void => {
    let foundDefinitionOrChange = false;
    let hashToSign: Uint8Array | undefined;
    const authorAddresses = unit.authors.map((a) => a.address);
    for (const author of unit.authors) {
      const address = author.address;
      const chash = definitionChashes.get(address);
      if (chash === undefined) continue; // not a witness
      const at = `${where}, witness ${address}`;
      if (author.definition !== undefined) {
        let actual: string;
        try {
          actual = getAddressFromDefinition(author.definition);
        } catch (error) {
          return proofError(`${at}: failed to calc definition chash: ${reason(error)}`);
        }
        if (actual !== chash) proofError(`${at}: definition doesn't hash to the expected value.`);
        definitions.set(chash, author.definition);
        foundDefinitionOrChange = true;
      }
      let definition = definitions.get(chash);
      if (definition === undefined) {
        definition = input.lookupDefinition(chash);
        if (definition === undefined) proofError(`${at}: definition ${chash} not found.`);
        definitions.set(chash, definition);
      }
      try {
        hashToSign ??= getUnitHashToSign(unit);
      } catch (error) {
        return proofError(`${at}: failed to calc unit hash to sign: ${reason(error)}`);
      }
      if (author.authentifiers === undefined) proofError(`${at}: the witness signed nothing.`);
      let check;
      try {
        check = verifyAuthentifiersWithoutReferences(definition, author.authentifiers, {
          hashToSign,
          authorAddresses,
        });
      } catch (error) {
        if (error instanceof ProtocolError) return proofError(`${at}: ${error.message}`);
        throw error;
      }
      if (check.status === 'not_evaluable') {
        proofError(`${at}: its definition uses "${check.op}", which needs references.`);
      }
      const unitHash = unit.unit ?? '';
      const verified = verifiedAuthors.get(unitHash) ?? new Set<string>();
      verified.add(address);
      verifiedAuthors.set(unitHash, verified);
      if (!requireDefinitionOrChange) continue; // definition changes in unstable units are ignored
      for (const message of unit.messages) {
        const newChash = definitionChangeFor(message, unit, address);
        if (newChash === undefined) continue;
        definitionChashes.set(address, newChash);
        changedWitnesses.add(address);
        foundDefinitionOrChange = true;
      }
    }
    if (requireDefinitionOrChange && !foundDefinitionOrChange) {
      proofError(`${where}: neither definition nor change.`);
    }
  };

  changeUnits.forEach((unit, i) =>
    validateUnit(unit, true, `witness_change_and_definition_joints[${i}] (unit ${unit.unit})`),
  );
  // Oldest first, as ocore reverses the newest-first list.
  for (let i = witnessUnits.length - 1; i >= 0; i--) {
    const unit = witnessUnits[i];
    if (unit) validateUnit(unit, false, `unstable_mc_joints unit ${unit.unit}`);
  }

  return { lastBalls, definitionChashes, definitions, changedWitnesses, verifiedAuthors };
}
