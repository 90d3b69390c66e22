/**
 * Verified light history (light-client.md §2.1). Ports ocore `light.processHistory` — the
 * witness proof (history-witness.ts), the proofchain, the light validation of every joint
 * (`validation.validateLight`) and the aa_responses checks — and adds the two rules our client
 * requires on top of ocore:
 *
 * - ball consistency: a joint's `ball` must agree with the proofchain (and with balls the caller
 *   already proved earlier) wherever both name the same unit or the same ball;
 * - signatures where the definition is in hand: an author's authentifiers are checked when the
 *   definition in force is known for certain (included in the author entry, a witness definition
 *   learned from the proof and never changed, or one the caller vouches for) and can be evaluated
 *   without references. Otherwise the check is skipped, as the protocol notes say.
 *
 * Trust: the caller's witness list and network constants. Everything in the answer is checked
 * against them. A joint is `proven` only when the proofchain reaches its unit; then its `ball`
 * and its `sequence` (good / final-bad) come from the proofchain. Every other joint is
 * `unconfirmed`, and its hub-reported `ball` is dropped. Reported MCIs are never proven.
 *
 * Any failure throws ProtocolError('unit') naming what was wrong; no partial result exists.
 * The answer is never mutated.
 */
import {
  MAX_MESSAGES_PER_UNIT,
  MAX_RESPONSES_PER_PRIMARY_TRIGGER,
  MAX_UNIT_LENGTH,
} from './constants';
import { isBase64 } from './bytes';
import { getAddressFromDefinition, isValidAddress } from './chash';
import { getHeadersSize, getPayloadSize } from './commission';
import { verifyAuthentifiersWithoutReferences } from './definition';
import { fail, ProtocolError } from './errors';
import type {
  AaResponse,
  HistoryJoint,
  HistoryResponse,
  ParsedHistoryResponse,
} from './history-parse';
import { parseHistoryResponse } from './history-parse';
import type { TrustedLastBall, WitnessProofResult } from './history-witness';
import { hasValidUnitHash, processWitnessProof } from './history-witness';
import type { AddressDefinition, AnyUnit, Unit } from './unit-types';
import { isPaymentMessage, isVoidedUnit } from './unit-types';
import { getBallHash, getMessagePayloadHash, getUnitHashToSign } from './unit';

export type { TrustedLastBall } from './history-witness';

/** The network constants verification depends on (light-client.md §0). */
export interface HistoryNetwork {
  /** COUNT_WITNESSES: 12 on mainnet and testnet, 1 on a devnet. */
  readonly countWitnesses: number;
  /** MAJORITY_OF_WITNESSES: 7 on mainnet and testnet, 1 on a devnet. */
  readonly majority: number;
  readonly genesisUnit: string;
  readonly alt: string;
  /** Unit versions valid in history, e.g. ["1.0", "2.0", "3.0", "4.0"]. */
  readonly versions: readonly string[];
}

export interface VerifyHistoryOptions {
  /** The witness list sent in the request (ocore uses the same list to verify). */
  readonly witnesses: readonly string[];
  readonly network: HistoryNetwork;
  /**
   * Definitions the caller knows to be in force, by address (the wallet's own addresses, which
   * never change definition). Used to find witness definitions by chash (ocore
   * storage.readDefinition) and to check the signatures of joints these addresses authored.
   * Do not put here a definition that might have been changed since.
   */
  readonly knownDefinitions?: ReadonlyMap<string, AddressDefinition>;
  /**
   * unit → ball of units proven stable by earlier answers. A proofchain element or a joint that
   * contradicts one of them (same unit, another ball; same ball, another unit) rejects the answer.
   */
  readonly knownBalls?: ReadonlyMap<string, string>;
  /**
   * Check the signatures of proven joints too (default true, as light-client.md §2.1 words the
   * rule). A proven joint's unit hash is bound to a ball the witnesses vouch for, and that hash
   * covers everything its authors signed, so the network has already verified those signatures:
   * the check can only fail if SHA-256 does. `false` limits the rule to unproven joints, where it
   * is the only defence, and saves one ECDSA verification per checkable author.
   */
  readonly checkProvenSignatures?: boolean;
}

export type JointSequence = 'good' | 'final-bad' | 'unconfirmed';

export interface VerifiedJoint {
  /** The unit hash. */
  readonly unit: string;
  /** The hash-checked unit as served (with the hub's unhashed main_chain_index/actual_tps_fee). */
  readonly content: AnyUnit;
  /** The proofchain reaches this unit: it is stable, and `sequence` and `ball` are proven. */
  readonly proven: boolean;
  readonly sequence: JointSequence;
  /** Only when proven: the ball from the proofchain. */
  readonly ball?: string;
  /** As reported by the hub; unproven (not hashed). */
  readonly main_chain_index: number | null;
  readonly timestamp: number;
  /**
   * Authors whose authentifiers were verified here. The others had no definition in hand, or the
   * joint is proven and `checkProvenSignatures` was false.
   */
  readonly verifiedAuthors: readonly string[];
  /** Authors and public output addresses, sorted, unique. */
  readonly addresses: readonly string[];
}

export interface WitnessDefinition {
  readonly address: string;
  /** The definition chash expected after the answer's change joints. */
  readonly definition_chash: string;
  /** The definition with that chash, when the answer or the caller supplied it. */
  readonly definition?: AddressDefinition;
  /** An address_definition_change for this witness appeared in the answer. */
  readonly changed: boolean;
}

/** AA responses are trusted without proof: shape-checked and tied to a joint, never proven. */
export interface VerifiedAaResponse extends AaResponse {
  readonly proven: false;
}

export interface VerifiedHistory {
  readonly kind: 'history' | 'empty';
  /** In the hub's order (MCI descending, unstable last). */
  readonly joints: readonly VerifiedJoint[];
  /** The trusted last balls of the witness proof, newest first. */
  readonly lastBalls: readonly TrustedLastBall[];
  /** The newest trusted last-ball unit: every proof starts from it. */
  readonly lastBallUnit: string | null;
  /** Its MCI as the hub reported it (unproven), when the answer includes that unit. */
  readonly proofMci: number | null;
  readonly witnessDefinitions: readonly WitnessDefinition[];
  readonly aaResponses: readonly VerifiedAaResponse[];
  /** Every address that appears in a joint (authors and public outputs), sorted, unique. */
  readonly addresses: readonly string[];
}

export type HistoryVerdict =
  | { readonly ok: true; readonly history: VerifiedHistory }
  | { readonly ok: false; readonly error: ProtocolError };

function bad(message: string): never {
  return fail('unit', `Bad history: ${message}`);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkOptions(options: VerifyHistoryOptions): void {
  const { witnesses, network } = options;
  const { countWitnesses, majority } = network;
  if (!Number.isSafeInteger(countWitnesses) || countWitnesses < 1) {
    fail('unit', 'The network must have a positive number of witnesses.');
  }
  if (!Number.isSafeInteger(majority) || majority < 1 || majority > countWitnesses) {
    fail('unit', 'The majority of witnesses must be between 1 and the number of witnesses.');
  }
  if (witnesses.length !== countWitnesses) {
    fail(
      'unit',
      `The witness list must have ${countWitnesses} addresses, not ${witnesses.length}.`,
    );
  }
  if (!witnesses.every((w) => isValidAddress(w))) {
    fail('unit', 'The witness list holds an invalid address.');
  }
  if (new Set(witnesses).size !== witnesses.length) {
    fail('unit', 'The witness list holds the same address twice.');
  }
  if (!isBase64(network.genesisUnit, 32)) {
    fail('unit', 'The genesis unit must be a 44-character base64 unit hash.');
  }
  if (network.versions.length === 0) fail('unit', 'The network must accept some unit version.');
}

/** Addresses already found valid in this answer (outputs repeat the same few addresses). */
type AddressCheck = (address: unknown) => boolean;

function addressChecker(): AddressCheck {
  const valid = new Set<string>();
  return (address) => {
    if (typeof address !== 'string') return false;
    if (valid.has(address)) return true;
    if (!isValidAddress(address)) return false;
    valid.add(address);
    return true;
  };
}

/** ocore validation.validate as validateLight runs it (light mode, hub fields removed). */
function validateLightJoint(
  joint: HistoryJoint,
  network: HistoryNetwork,
  isAddress: AddressCheck,
  where: string,
): void {
  const unit = joint.unit;
  if (!hasValidUnitHash(unit)) bad(`${where}: wrong unit hash.`);
  const isGenesis = unit.unit === network.genesisUnit;
  if (isVoidedUnit(unit)) {
    if (joint.ball === undefined) bad(`${where}: content_hash allowed only in finished ball.`);
  } else {
    validateContent(unit, joint, isGenesis, isAddress, where);
  }
  if (!network.versions.includes(unit.version)) bad(`${where}: wrong version ${unit.version}.`);
  if (unit.alt !== network.alt) bad(`${where}: wrong alt ${unit.alt}.`);
  if (unit.timestamp === undefined || unit.timestamp <= 0) bad(`${where}: bad timestamp.`);
  if (isGenesis) {
    if (!isVoidedUnit(unit)) {
      for (const field of ['oversize_fee', 'tps_fee', 'burn_fee', 'max_aa_responses'] as const) {
        if (unit[field] !== undefined) bad(`${where}: ${field} in genesis.`);
      }
    }
    for (const field of ['parent_units', 'last_ball', 'last_ball_unit'] as const) {
      if (unit[field] !== undefined) bad(`${where}: ${field} in genesis.`);
    }
  } else {
    if (!unit.parent_units || unit.parent_units.length === 0) {
      bad(`${where}: missing or empty parent units array.`);
    }
    if (unit.last_ball === undefined) bad(`${where}: wrong length of last ball.`);
    if (unit.last_ball_unit === undefined) bad(`${where}: wrong length of last ball unit.`);
  }
  if (unit.witness_list_unit !== undefined && unit.witnesses !== undefined) {
    bad(`${where}: ambiguous witnesses.`);
  }
}

function validateContent(
  unit: Unit,
  joint: HistoryJoint,
  isGenesis: boolean,
  isAddress: AddressCheck,
  where: string,
): void {
  const { headers_commission, payload_commission, max_aa_responses } = unit;
  if (headers_commission === undefined) bad(`${where}: no headers_commission.`);
  if (payload_commission === undefined) bad(`${where}: no payload_commission.`);
  if (max_aa_responses !== undefined) {
    if (max_aa_responses > MAX_RESPONSES_PER_PRIMARY_TRIGGER) {
      bad(`${where}: max_aa_responses too large.`);
    }
    if (max_aa_responses === 0 && joint.ball === undefined) {
      bad(`${where}: max_aa_responses=0 not allowed in new units.`);
    }
  }
  if (unit.messages.length > MAX_MESSAGES_PER_UNIT && !isGenesis)
    bad(`${where}: too many messages.`);
  unit.messages.forEach((message, i) => {
    if (message.payload_location !== 'inline') return;
    let expected: string;
    try {
      expected = getMessagePayloadHash(message, unit.version);
    } catch (error) {
      return bad(`${where}: failed to calc payload hash of message ${i}: ${reason(error)}`);
    }
    if (expected !== message.payload_hash) {
      bad(`${where}: wrong payload hash of message ${i}: expected ${expected}.`);
    }
    if (isPaymentMessage(message) && message.payload) {
      // ocore "invalid payment message": public outputs only, to valid addresses.
      if (!message.payload.outputs.every((o) => isAddress(o.address))) {
        bad(`${where}: invalid payment message ${i} (an output without a valid address).`);
      }
    }
  });
  const headers = getHeadersSize(unit);
  if (headers !== headers_commission) {
    bad(`${where}: wrong headers commission ${headers_commission}, expected ${headers}.`);
  }
  const payload = getPayloadSize(unit);
  if (payload !== payload_commission) {
    bad(`${where}: wrong payload commission ${payload_commission}, expected ${payload}.`);
  }
  if (headers + payload > MAX_UNIT_LENGTH && !isGenesis) bad(`${where}: unit too large.`);
}

interface ProvenBall {
  readonly ball: string;
  readonly nonserial: boolean;
}

/** Reverse index of the caller's known balls, built only when needed. */
function reverseKnownBalls(known: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (known) for (const [unit, ball] of known) out.set(ball, unit);
  return out;
}

/**
 * Step 3, the proofchain (ocore processHistory): every element's ball recomputes and is already
 * known (from the trusted last balls or an earlier element's parents and skiplist).
 */
function processProofchain(
  response: HistoryResponse,
  proof: WitnessProofResult,
  options: VerifyHistoryOptions,
): { proven: Map<string, ProvenBall>; unitByBall: Map<string, string> } {
  const known = new Set(proof.lastBalls.map((b) => b.ball));
  const proven = new Map<string, ProvenBall>();
  const unitByBall = new Map<string, string>();
  const knownBalls = options.knownBalls;
  const knownUnitByBall = knownBalls && knownBalls.size > 0 ? reverseKnownBalls(knownBalls) : null;
  // ocore's proofchain repeats an element (the MC unit a last mile starts from): an identical
  // element hashes identically, so its hash is not recomputed.
  const hashed = new Set<string>();
  response.proofchain_balls.forEach((element, i) => {
    const where = `proofchain_balls[${i}] (unit ${element.unit})`;
    const nonserial = element.is_nonserial === true;
    const parts = [
      element.unit,
      element.ball,
      (element.parent_balls ?? []).join(','),
      (element.skiplist_balls ?? []).join(','),
      nonserial,
    ].join('|');
    if (!hashed.has(parts)) {
      const expected = getBallHash(
        element.unit,
        element.parent_balls ?? [],
        element.skiplist_balls ?? [],
        nonserial,
      );
      if (element.ball !== expected) bad(`${where}: wrong ball hash ${element.ball}.`);
      hashed.add(parts);
    }
    if (!known.has(element.ball)) bad(`${where}: ball not known: ${element.ball}.`);
    if (element.unit !== options.network.genesisUnit) {
      if (!element.parent_balls) bad(`${where}: no parent_balls.`);
    }
    for (const parent of element.parent_balls ?? []) known.add(parent);
    for (const skip of element.skiplist_balls ?? []) known.add(skip);
    // Ball consistency inside the proofchain and with earlier proofs: one ball per unit.
    const earlier = proven.get(element.unit);
    if (earlier && earlier.ball !== element.ball) {
      bad(`${where}: the proofchain gives unit ${element.unit} two different balls.`);
    }
    const knownBall = knownBalls?.get(element.unit);
    if (knownBall !== undefined && knownBall !== element.ball) {
      bad(`${where}: ball ${element.ball} contradicts the ball ${knownBall} proven earlier.`);
    }
    const knownUnit = knownUnitByBall?.get(element.ball);
    if (knownUnit !== undefined && knownUnit !== element.unit) {
      bad(`${where}: ball ${element.ball} was proven earlier for unit ${knownUnit}.`);
    }
    proven.set(element.unit, { ball: element.ball, nonserial });
    unitByBall.set(element.ball, element.unit);
  });
  return { proven, unitByBall };
}

/** Our rule: a joint's `ball` agrees with the proofchain and earlier proofs. */
function checkBallConsistency(
  joint: HistoryJoint,
  proven: ReadonlyMap<string, ProvenBall>,
  unitByBall: ReadonlyMap<string, string>,
  knownBalls: ReadonlyMap<string, string> | undefined,
  knownUnitByBall: () => ReadonlyMap<string, string>,
  where: string,
): void {
  const ball = joint.ball;
  if (ball === undefined) return;
  const unit = joint.unit.unit ?? '';
  const provenBall = proven.get(unit)?.ball;
  if (provenBall !== undefined && provenBall !== ball) {
    bad(`${where}: its ball ${ball} differs from the proofchain's ${provenBall}.`);
  }
  const ballOwner = unitByBall.get(ball);
  if (ballOwner !== undefined && ballOwner !== unit) {
    bad(`${where}: its ball ${ball} is the proofchain's ball of unit ${ballOwner}.`);
  }
  if (knownBalls && knownBalls.size > 0) {
    const knownBall = knownBalls.get(unit);
    if (knownBall !== undefined && knownBall !== ball) {
      bad(`${where}: its ball ${ball} differs from the ball ${knownBall} proven earlier.`);
    }
    const knownOwner = knownUnitByBall().get(ball);
    if (knownOwner !== undefined && knownOwner !== unit) {
      bad(`${where}: its ball ${ball} was proven earlier for unit ${knownOwner}.`);
    }
  }
}

/**
 * Our rule: verify each author whose definition in force is known for certain. Returns the
 * authors verified.
 */
function checkJointSignatures(
  unit: Unit,
  proof: WitnessProofResult,
  knownDefinitions: ReadonlyMap<string, AddressDefinition> | undefined,
  where: string,
): string[] {
  const verified: string[] = [];
  const alreadyVerified = proof.verifiedAuthors.get(unit.unit ?? '');
  const authorAddresses = unit.authors.map((a) => a.address);
  let hashToSign: Uint8Array | undefined;
  for (const author of unit.authors) {
    const address = author.address;
    if (alreadyVerified?.has(address)) {
      verified.push(address);
      continue;
    }
    const definition =
      author.definition ??
      (proof.definitionChashes.get(address) === address && !proof.changedWitnesses.has(address)
        ? proof.definitions.get(address)
        : undefined) ??
      knownDefinitions?.get(address);
    if (definition === undefined) continue;
    // A definition in hand means keys sign for this address: only an AA may author unsigned.
    if (author.authentifiers === undefined) bad(`${where}, author ${address}: no signature.`);
    try {
      hashToSign ??= getUnitHashToSign(unit);
      const check = verifyAuthentifiersWithoutReferences(definition, author.authentifiers, {
        hashToSign,
        authorAddresses,
      });
      if (check.status === 'verified') verified.push(address);
    } catch (error) {
      if (error instanceof ProtocolError) bad(`${where}, author ${address}: ${error.message}`);
      throw error;
    }
  }
  return verified;
}

function jointAddresses(unit: AnyUnit): string[] {
  const addresses = new Set<string>();
  for (const author of unit.authors) addresses.add(author.address);
  if (!isVoidedUnit(unit)) {
    for (const message of unit.messages) {
      if (!isPaymentMessage(message) || !message.payload) continue;
      for (const output of message.payload.outputs) {
        if (output.address !== undefined) addresses.add(output.address);
      }
    }
  }
  return [...addresses].sort();
}

/** Index the caller's definitions by chash for the witness proof (ocore readDefinition). */
function definitionLookup(
  known: ReadonlyMap<string, AddressDefinition> | undefined,
): (chash: string) => AddressDefinition | undefined {
  let byChash: Map<string, AddressDefinition> | undefined;
  return (chash) => {
    if (!known || known.size === 0) return undefined;
    if (!byChash) {
      byChash = new Map();
      for (const definition of known.values()) {
        try {
          byChash.set(getAddressFromDefinition(definition), definition);
        } catch {
          // A definition that cannot be serialized has no chash: it can match nothing.
        }
      }
    }
    return byChash.get(chash);
  };
}

const EMPTY_HISTORY: VerifiedHistory = {
  kind: 'empty',
  joints: [],
  lastBalls: [],
  lastBallUnit: null,
  proofMci: null,
  witnessDefinitions: [],
  aaResponses: [],
  addresses: [],
};

/**
 * Verify a parsed `light/get_history` answer (§2.1 steps 1–6 plus our two rules). Throws
 * ProtocolError('unit') on the first problem; returns the verified history otherwise.
 */
export function verifyHistory(
  response: ParsedHistoryResponse,
  options: VerifyHistoryOptions,
): VerifiedHistory {
  checkOptions(options);
  if (response.kind === 'empty') return EMPTY_HISTORY;
  const { network, knownDefinitions, knownBalls } = options;

  // Step 2: witness proof.
  const proof = processWitnessProof({
    unstableMcJoints: response.unstable_mc_joints,
    witnessChangeAndDefinitionJoints: response.witness_change_and_definition_joints,
    witnesses: options.witnesses,
    majority: network.majority,
    lookupDefinition: definitionLookup(knownDefinitions),
  });

  // Step 3: proofchain.
  const { proven, unitByBall } = processProofchain(response, proof, options);

  // Step 4: light validation of every joint, then our ball-consistency rule.
  let knownUnitByBall: Map<string, string> | undefined;
  const lazyKnownUnitByBall = (): Map<string, string> =>
    (knownUnitByBall ??= reverseKnownBalls(knownBalls));
  const seen = new Set<string>();
  const isAddress = addressChecker();
  response.joints.forEach((joint, i) => {
    const where = `joints[${i}] (unit ${joint.unit.unit})`;
    try {
      validateLightJoint(joint, network, isAddress, where);
    } catch (error) {
      if (error instanceof ProtocolError && error.message.startsWith('Bad history')) throw error;
      bad(`${where}: ${reason(error)}`);
    }
    const unit = joint.unit.unit ?? '';
    if (seen.has(unit)) bad(`${where}: the unit appears twice in joints.`);
    seen.add(unit);
    checkBallConsistency(joint, proven, unitByBall, knownBalls, lazyKnownUnitByBall, where);
  });

  // Step 6: AA responses, trusted without proof but tied to a joint.
  const aaResponses: VerifiedAaResponse[] = response.aa_responses.map((aa, i) => {
    if (!seen.has(aa.trigger_unit)) bad(`aa_responses[${i}]: foreign trigger_unit.`);
    return { ...aa, proven: false };
  });

  // Our signature rule, then step 5: what is proven.
  const addresses = new Set<string>();
  const joints: VerifiedJoint[] = response.joints.map((joint, i) => {
    const content = joint.unit;
    const unit = content.unit ?? '';
    const where = `joints[${i}] (unit ${unit})`;
    const provenBall = proven.get(unit);
    const verifiedAuthors =
      !isVoidedUnit(content) &&
      (provenBall === undefined || options.checkProvenSignatures !== false)
        ? checkJointSignatures(content, proof, knownDefinitions, where)
        : [];
    const jointAddressList = jointAddresses(content);
    for (const address of jointAddressList) addresses.add(address);
    const common = {
      unit,
      content,
      main_chain_index: content.main_chain_index ?? null,
      timestamp: content.timestamp ?? 0,
      verifiedAuthors,
      addresses: jointAddressList,
    };
    return provenBall
      ? {
          ...common,
          proven: true,
          sequence: provenBall.nonserial ? 'final-bad' : 'good',
          ball: provenBall.ball,
        }
      : { ...common, proven: false, sequence: 'unconfirmed' };
  });

  const lastBallUnit = proof.lastBalls[0]?.unit ?? null;
  const witnessDefinitions: WitnessDefinition[] = options.witnesses.map((address) => {
    const chash = proof.definitionChashes.get(address) ?? address;
    const definition = proof.definitions.get(chash);
    const out: WitnessDefinition = {
      address,
      definition_chash: chash,
      changed: proof.changedWitnesses.has(address),
    };
    return definition === undefined ? out : { ...out, definition };
  });

  return {
    kind: 'history',
    joints,
    lastBalls: proof.lastBalls,
    lastBallUnit,
    proofMci: reportedMci(response, lastBallUnit),
    witnessDefinitions,
    aaResponses,
    addresses: [...addresses].sort(),
  };
}

/** The hub-reported MCI of a unit, if the answer carries the unit anywhere. */
function reportedMci(response: HistoryResponse, unit: string | null): number | null {
  if (unit === null) return null;
  for (const list of [
    response.unstable_mc_joints,
    response.joints,
    response.witness_change_and_definition_joints,
  ]) {
    const joint = list.find((j) => j.unit.unit === unit);
    if (joint) return joint.unit.main_chain_index ?? null;
  }
  return null;
}

/** Parse and verify the raw `response` of a `light/get_history` answer. Throws on any problem. */
export function verifyHistoryAnswer(raw: unknown, options: VerifyHistoryOptions): VerifiedHistory {
  return verifyHistory(parseHistoryResponse(raw), options);
}

/**
 * Parse and verify, returning a typed verdict instead of throwing: a rejected answer yields
 * `{ok: false, error}` and no data at all. Errors that are not ProtocolErrors are bugs and are
 * rethrown.
 */
export function tryVerifyHistory(raw: unknown, options: VerifyHistoryOptions): HistoryVerdict {
  try {
    return { ok: true, history: verifyHistoryAnswer(raw, options) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error };
    throw error;
  }
}
