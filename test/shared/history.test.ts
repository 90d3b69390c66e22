/**
 * Verified light history against real answers of a reference hub (../shared/fixtures/devnet-traffic)
 * and against lies: tampered copies of those answers that a verifying light client must reject
 * with a clear error and no data. Expected values come from the fixtures themselves (the hub's own
 * joints, balls, MCIs and balances), never from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromBase64, toBase64, toHex } from '../../shared/protocol/bytes';
import { ProtocolError } from '../../shared/protocol/errors';
import {
  tryVerifyHistory,
  verifyHistory,
  verifyHistoryAnswer,
  type HistoryNetwork,
  type VerifiedHistory,
  type VerifyHistoryOptions,
} from '../../shared/protocol/history';
import { classifyHistoryError, parseHistoryResponse } from '../../shared/protocol/history-parse';
import { computeBalances } from '../../shared/protocol/history-outputs';
import { getMessagePayloadHash, getUnitHash, getUnitHashToSign } from '../../shared/protocol/unit';
import { parseUnit } from '../../shared/protocol/unit-parse';
import type { Unit } from '../../shared/protocol/unit-types';
import { clone, findExchanges, rawClientResponse, type RequestResponse } from '../support/fixtures';

// ---- The raw shapes tampered with below (hub JSON, before any parse). ----

interface RawOutput {
  address: string;
  amount: number;
}
interface RawMessage {
  app: string;
  payload_hash: string;
  payload?: { inputs: unknown[]; outputs: RawOutput[] };
  [key: string]: unknown;
}
interface RawAuthor {
  address: string;
  authentifiers: Record<string, string>;
  definition?: unknown;
}
interface RawUnit {
  unit: string;
  authors: RawAuthor[];
  messages: RawMessage[];
  parent_units?: string[];
  last_ball_unit?: string;
  main_chain_index?: number | null;
  headers_commission?: number;
  [key: string]: unknown;
}
interface RawJoint {
  unit: RawUnit;
  ball?: string;
  [key: string]: unknown;
}
interface RawBall {
  unit: string;
  ball: string;
  parent_balls?: string[];
  skiplist_balls?: string[];
  [key: string]: unknown;
}
interface RawHistory {
  unstable_mc_joints: RawJoint[];
  witness_change_and_definition_joints?: RawJoint[];
  joints: RawJoint[];
  proofchain_balls?: RawBall[];
  aa_responses?: Record<string, unknown>[];
  [key: string]: unknown;
}
interface HistoryParams {
  witnesses: string[];
  addresses?: string[];
}

// ---- The devnet of the captures (fixtures README.txt). ----

const GENESIS = 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=';
const WITNESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';
const DEVNET_VERSIONS = ['1.0dev', '2.0dev', '3.0dev', '4.0dev'];

function devnet(genesisUnit: string): HistoryNetwork {
  return { countWitnesses: 1, majority: 1, genesisUnit, alt: '3', versions: DEVNET_VERSIONS };
}

const exchanges = findExchanges('light/get_history');

function asHistory(value: unknown): RawHistory {
  return value as RawHistory;
}

/** The genesis of the devnet an answer comes from: the hub's MCI-0 definition joint, else README. */
function genesisOf(response: unknown): string {
  const definitions = asHistory(response).witness_change_and_definition_joints ?? [];
  return definitions.find((j) => j.unit.main_chain_index === 0)?.unit.unit ?? GENESIS;
}

function optionsFor(exchange: RequestResponse): VerifyHistoryOptions {
  const params = exchange.params as HistoryParams;
  return { witnesses: params.witnesses, network: devnet(genesisOf(exchange.response)) };
}

const base = rawClientResponse('raw_client', 'get_history');
const baseOptions = optionsFor(base);

/** A fresh copy of the richest capture (4 joints, 18 proofchain balls). */
function answer(): RawHistory {
  return clone(asHistory(base.response));
}

// ---- Tampering helpers: recompute hashes with the (separately vector-tested) unit module. ----

function parsedContent(raw: RawUnit): Unit {
  const unit = parseUnit(raw);
  if (unit.content_hash !== undefined) throw new Error('test joint has no content');
  return unit;
}

function rehashPayload(raw: RawUnit, messageIndex: number): void {
  const message = parsedContent(raw).messages[messageIndex];
  const rawMessage = raw.messages[messageIndex];
  if (!message || !rawMessage) throw new Error('no such message');
  rawMessage.payload_hash = getMessagePayloadHash(message, String(raw['version']));
}

function rehashUnit(raw: RawUnit): string {
  raw.unit = getUnitHash(parseUnit(raw));
  return raw.unit;
}

function paymentOf(raw: RawUnit): { inputs: unknown[]; outputs: RawOutput[] } {
  const payload = raw.messages.find((m) => m.app === 'payment')?.payload;
  if (!payload) throw new Error('no payment');
  return payload;
}

function at<T>(list: readonly T[] | undefined, index: number): T {
  const item = list?.[index];
  if (item === undefined) throw new Error(`no element ${index}`);
  return item;
}

const N = secp256k1.Point.Fn.ORDER;

function highSTwin(signature: string): string {
  const raw = fromBase64(signature);
  const s = BigInt('0x' + toHex(raw.slice(32)));
  const twin = new Uint8Array(64);
  twin.set(raw.slice(0, 32));
  twin.set(Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return toBase64(twin);
}

/** The lie must be rejected: a ProtocolError('unit') naming the problem, no data at all. */
function expectRejected(
  tampered: RawHistory,
  message: RegExp,
  options: VerifyHistoryOptions = baseOptions,
): void {
  const snapshot = clone(tampered);
  const verdict = tryVerifyHistory(tampered, options);
  expect(verdict.ok).toBe(false);
  if (verdict.ok) return;
  expect(verdict).not.toHaveProperty('history');
  expect(verdict.error).toBeInstanceOf(ProtocolError);
  expect(verdict.error.code).toBe('unit');
  expect(verdict.error.message).toMatch(message);
  expect(() => verifyHistoryAnswer(tampered, options)).toThrow(message);
  expect(tampered).toEqual(snapshot);
}

function verified(raw: unknown, options: VerifyHistoryOptions = baseOptions): VerifiedHistory {
  const verdict = tryVerifyHistory(raw, options);
  if (!verdict.ok) throw verdict.error;
  return verdict.history;
}

// ---------------------------------------------------------------------------------------------

describe('history fixtures', () => {
  it('finds every light/get_history exchange in every capture', () => {
    const sources = exchanges.map((e) => e.source);
    for (const file of [
      'raw_client/get_history.json',
      'raw_client_fresh/get_history.json',
      'raw_client_first_run_young_dag/get_history.json',
      'reference_light_client/lightwallet_light_get_history_1_by_client.json',
      'reference_light_client/lightwallet_light_get_history_5_by_client.json',
    ]) {
      expect(sources).toContain(file);
    }
    expect(sources.filter((s) => s.startsWith('proxy_frames.jsonl'))).toHaveLength(5);
    expect(sources.filter((s) => s.includes('raw_session_frames'))).toHaveLength(3);
    expect(new Set(exchanges.map((e) => e.tag)).size).toBe(8);
  });
});

describe('verifyHistory on real answers', () => {
  it.each(exchanges.map((e) => [e.source, e] as const))('%s', (_source, exchange) => {
    const response = exchange.response;
    const snapshot = clone(response);
    const raw = asHistory(response);
    if ('error' in raw) {
      // The young devnet: nothing is provable yet.
      expect(raw['error']).toBe('already_current');
      expect(classifyHistoryError(String(raw['error']))).toBe('not_provable_yet');
      expect(() => parseHistoryResponse(response)).toThrow(/already_current/);
      return;
    }
    const history = verified(response, optionsFor(exchange));
    expect(response).toEqual(snapshot); // never mutated
    if (!('joints' in raw)) {
      expect(history.kind).toBe('empty');
      expect(history.joints).toEqual([]);
      return;
    }
    const params = exchange.params as HistoryParams;
    const witness = at(params.witnesses, 0);
    const provenUnits = new Map((raw.proofchain_balls ?? []).map((b) => [b.unit, b.ball]));

    expect(history.kind).toBe('history');
    expect(history.joints.map((j) => j.unit)).toEqual(raw.joints.map((j) => j.unit.unit));
    history.joints.forEach((joint, i) => {
      const hubJoint = at(raw.joints, i);
      const proofBall = provenUnits.get(joint.unit);
      expect(joint.proven).toBe(proofBall !== undefined);
      expect(joint.main_chain_index).toBe(hubJoint.unit.main_chain_index);
      if (proofBall !== undefined) {
        expect(joint.sequence).toBe('good');
        expect(joint.ball).toBe(proofBall);
        expect(joint.ball).toBe(hubJoint.ball); // the hub's own ball, where it proved it
      } else {
        expect(joint.sequence).toBe('unconfirmed');
        expect(joint).not.toHaveProperty('ball');
      }
      // Every author here either includes its definition or is the witness: all are checked.
      const checkable = hubJoint.unit.authors
        .filter((a) => a.definition !== undefined || a.address === witness)
        .map((a) => a.address);
      expect(joint.verifiedAuthors).toEqual(checkable);
      expect(joint.addresses).toEqual(
        expect.arrayContaining([
          ...hubJoint.unit.authors.map((a) => a.address),
          ...paymentOf(hubJoint.unit).outputs.map((o) => o.address),
        ]),
      );
    });

    // The newest trusted last ball: named by the newest witness-authored MC unit.
    const top = raw.unstable_mc_joints.find((j) =>
      j.unit.authors.some((a) => a.address === witness),
    );
    expect(history.lastBallUnit).toBe(top?.unit.last_ball_unit);
    expect(history.lastBalls[0]).toEqual({
      unit: top?.unit.last_ball_unit,
      ball: top?.unit['last_ball'],
    });
    const lastBallMc = raw.unstable_mc_joints.find((j) => j.unit.unit === top?.unit.last_ball_unit);
    expect(history.proofMci).toBe(lastBallMc?.unit.main_chain_index ?? null);

    const definitionJoint = at(raw.witness_change_and_definition_joints, 0);
    expect(history.witnessDefinitions).toEqual([
      {
        address: witness,
        definition_chash: witness,
        changed: false,
        definition: at(definitionJoint.unit.authors, 0).definition,
      },
    ]);
    for (const address of params.addresses ?? []) {
      const paid = raw.joints.some((j) =>
        paymentOf(j.unit).outputs.some((o) => o.address === address),
      );
      if (paid) expect(history.addresses).toContain(address);
    }
  });

  it('computes the balances the hub reports, but only proven coins are stable', () => {
    // raw_client: every joint is proven; the hub's get_balances answer is the expectation.
    const history = verified(base.response);
    const hubBalances = rawClientResponse('raw_client', 'get_balances').response as Record<
      string,
      { base: { stable: number; pending: number } }
    >;
    for (const [address, { base: hub }] of Object.entries(hubBalances)) {
      const ours = computeBalances(history.joints, [address]).get(null);
      expect(ours).toEqual({ stable: hub.stable, pending: hub.pending });
    }
    // raw_client_fresh: the hub calls the payment stable but sent no proof for it, so it is ours
    // only as pending (same total).
    const fresh = rawClientResponse('raw_client_fresh', 'get_history');
    const freshHistory = verified(fresh.response, optionsFor(fresh));
    const freshHub = rawClientResponse('raw_client_fresh', 'get_balances').response as Record<
      string,
      { base: { stable: number; pending: number } }
    >;
    for (const [address, { base: hub }] of Object.entries(freshHub)) {
      expect(hub.pending).toBe(0);
      expect(computeBalances(freshHistory.joints, [address]).get(null)).toEqual({
        stable: 0,
        pending: hub.stable,
      });
    }
  });

  it('parses {} as the empty history and rejects non-objects', () => {
    expect(parseHistoryResponse({})).toEqual({ kind: 'empty' });
    expect(verifyHistory({ kind: 'empty' }, baseOptions).kind).toBe('empty');
    for (const value of [null, [], 'x', 1]) {
      expect(() => parseHistoryResponse(value)).toThrow(ProtocolError);
    }
  });

  it('checks the witness list against the network', () => {
    const twoWitnesses = { ...baseOptions, witnesses: [WITNESS, WITNESS] };
    expect(() => verifyHistoryAnswer(base.response, twoWitnesses)).toThrow(/1 addresses, not 2/);
    const invalid = { ...baseOptions, witnesses: ['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2E'] };
    expect(() => verifyHistoryAnswer(base.response, invalid)).toThrow(/invalid address/);
  });
});

describe('lies are rejected', () => {
  it('a changed output amount with payload and unit hashes recomputed (ball consistency)', () => {
    const lie = answer();
    const joint = at(lie.joints, 3); // pays 5HQY… 100 000 000 at MCI 1, proven
    at(paymentOf(joint.unit).outputs, 0).amount = 200_000_000;
    rehashPayload(joint.unit, 0);
    rehashUnit(joint.unit);
    // Every hash is self-consistent: only the ball gives it away.
    expect(parseHistoryResponse(lie).kind).toBe('history');
    expectRejected(lie, /ball .* is the proofchain's ball of unit GQyjFOm8/);
  });

  it('the same forgery without its ball (the author signature gives it away)', () => {
    const lie = answer();
    const joint = at(lie.joints, 3);
    at(paymentOf(joint.unit).outputs, 0).amount = 200_000_000;
    rehashPayload(joint.unit, 0);
    rehashUnit(joint.unit);
    delete joint.ball;
    expectRejected(lie, /author XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D: .*bad signature at path r/);
  });

  it('with checkProvenSignatures false, unproven joints are still checked', () => {
    const options = { ...baseOptions, checkProvenSignatures: false };
    const history = verified(base.response, options);
    expect(history.joints.every((j) => j.proven && j.verifiedAuthors.length === 0)).toBe(true);
    const lie = answer();
    const joint = at(lie.joints, 3);
    at(paymentOf(joint.unit).outputs, 0).amount = 200_000_000;
    rehashPayload(joint.unit, 0);
    rehashUnit(joint.unit);
    delete joint.ball;
    expectRejected(lie, /bad signature at path r/, options);
  });

  it('a changed output amount without a new payload hash', () => {
    const lie = answer();
    at(paymentOf(at(lie.joints, 0).unit).outputs, 0).amount += 1;
    expectRejected(lie, /joints\[0\].*wrong payload hash of message 0/);
  });

  it('a removed proofchain ball', () => {
    const lie = answer();
    lie.proofchain_balls?.splice(5, 1);
    expectRejected(lie, /proofchain_balls\[5\].*ball not known/);
  });

  it('a proof withheld at the end only downgrades the joint to unconfirmed', () => {
    // Allowed by §2.1 step 5: a joint with a ball but no proof is unconfirmed, not a lie.
    const withheld = answer();
    const last = withheld.proofchain_balls?.pop();
    expect(last?.unit).toBe(at(withheld.joints, 3).unit.unit);
    const history = verified(withheld);
    expect(history.joints.map((j) => j.proven)).toEqual([true, true, true, false]);
    expect(at(history.joints, 3)).not.toHaveProperty('ball');
  });

  it('a proofchain ball that does not hash', () => {
    const lie = answer();
    const element = at(lie.proofchain_balls, 2);
    element.parent_balls = [...(element.parent_balls ?? [])].reverse().concat(element.ball);
    expectRejected(lie, /proofchain_balls\[2\].*wrong ball hash/);
  });

  it('a forged witness signature', () => {
    const lie = answer();
    const top = at(lie.unstable_mc_joints, 0).unit;
    const other = at(lie.unstable_mc_joints, 1).unit;
    at(top.authors, 0).authentifiers['r'] = at(other.authors, 0).authentifiers['r'] ?? '';
    rehashUnit(top); // the newest element: no parent link to break
    expectRejected(lie, /witness XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D: .*bad signature at path r/);
  });

  it('the high-S twin of a valid witness signature', () => {
    const lie = answer();
    const top = at(lie.unstable_mc_joints, 0).unit;
    const author = at(top.authors, 0);
    const signature = author.authentifiers['r'] ?? '';
    const twin = highSTwin(signature);
    // The twin is mathematically valid ECDSA for the same digest: only low-S rejects it.
    const definition = at(at(lie.witness_change_and_definition_joints, 0).unit.authors, 0)
      .definition as [string, { pubkey: string }];
    const digest = getUnitHashToSign(parsedContent(top));
    expect(
      secp256k1.verify(fromBase64(twin), digest, fromBase64(definition[1].pubkey), {
        prehash: false,
        lowS: false,
      }),
    ).toBe(true);
    author.authentifiers['r'] = twin;
    rehashUnit(top);
    expectRejected(lie, /bad signature at path r/);
  });

  it('a forged signature on the witness definition joint', () => {
    const lie = answer();
    const genesis = at(lie.witness_change_and_definition_joints, 0).unit;
    at(genesis.authors, 0).authentifiers['r'] = highSTwin(
      at(genesis.authors, 0).authentifiers['r'] ?? '',
    );
    rehashUnit(genesis);
    expectRejected(lie, /witness_change_and_definition_joints\[0\].*bad signature at path r/);
  });

  it('a witness definition that does not hash to the witness', () => {
    const lie = answer();
    const genesis = at(lie.witness_change_and_definition_joints, 0).unit;
    const author = at(genesis.authors, 0);
    author.definition = ['sig', { pubkey: 'AixIm1BMTJp8ctrlVRiSs+EOkZMvx40DePSdDa5inHk0' }];
    rehashUnit(genesis);
    expectRejected(lie, /definition doesn't hash to the expected value/);
  });

  it('a wrong unit hash', () => {
    const lie = answer();
    at(lie.joints, 1).unit.unit = at(lie.joints, 2).unit.unit;
    expectRejected(lie, /joints\[1\].*wrong unit hash/);
  });

  it('a unit moved to another address', () => {
    const lie = answer();
    const joint = at(lie.joints, 2); // by E4CT…, pays 5HQY… 10 000 000
    const output = at(paymentOf(joint.unit).outputs, 0);
    expect(output.address).toBe('5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV');
    output.address = 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX';
    rehashPayload(joint.unit, 0);
    rehashUnit(joint.unit);
    delete joint.ball; // not even claimed as stable
    expectRejected(lie, /author E4CTALQY2WYDRHOQ73LY4D5UVKIAVIWI: .*bad signature at path r/);
  });

  it('a unit moved to another address, keeping its ball', () => {
    const lie = answer();
    const joint = at(lie.joints, 2);
    at(paymentOf(joint.unit).outputs, 0).address = 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX';
    rehashPayload(joint.unit, 0);
    rehashUnit(joint.unit);
    expectRejected(lie, /is the proofchain's ball of unit 92HtSpOj/);
  });

  it('an extra unknown field in a unit, a joint, a proofchain ball', () => {
    const inUnit = answer();
    at(inUnit.joints, 0).unit['note'] = 'hi';
    expectRejected(inUnit, /joints\[0\] unit: .*unknown fields: note/);
    const inJoint = answer();
    at(inJoint.joints, 0)['note'] = 'hi';
    expectRejected(inJoint, /joints\[0\] has unknown fields: note/);
    const inBall = answer();
    at(inBall.proofchain_balls, 0)['note'] = 'hi';
    expectRejected(inBall, /proofchain_balls\[0\] has unknown fields: note/);
    const skiplistWithoutBall = answer();
    delete at(skiplistWithoutBall.joints, 0).ball;
    at(skiplistWithoutBall.joints, 0)['skiplist_units'] = [GENESIS];
    expectRejected(skiplistWithoutBall, /unknown fields: skiplist_units/);
  });

  it('a ball on an unstable MC joint', () => {
    const lie = answer();
    at(lie.unstable_mc_joints, 1).ball = at(lie.proofchain_balls, 1).ball;
    expectRejected(lie, /unstable_mc_joints\[1\]: unstable mc but has ball/);
  });

  it('a broken parent chain', () => {
    const lie = answer();
    lie.unstable_mc_joints.splice(1, 1);
    expectRejected(lie, /unstable_mc_joints\[1\].*not in parents/);
  });

  it('too few witnesses', () => {
    const options: VerifyHistoryOptions = {
      witnesses: [WITNESS, 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX'],
      network: { ...devnet(GENESIS), countWitnesses: 2, majority: 2 },
    };
    expectRejected(answer(), /not enough witnesses: 1 of the required 2/, options);
    const otherWitness = { ...baseOptions, witnesses: ['GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX'] };
    expectRejected(answer(), /not enough witnesses: 0 of the required 1/, otherWitness);
  });

  it('a joint ball that contradicts the proofchain for the same unit', () => {
    const lie = answer();
    at(lie.joints, 0).ball = at(lie.proofchain_balls, 0).ball;
    expectRejected(lie, /joints\[0\].*differs from the proofchain's/);
  });

  it('a ball that contradicts one proven earlier', () => {
    const joint = at(answer().joints, 1); // voXQ…, proven in this answer
    const otherBall = at(answer().proofchain_balls, 0).ball;
    const sameUnit = new Map([[joint.unit.unit, GENESIS]]);
    expectRejected(answer(), /ball .* contradicts the ball .* proven earlier/, {
      ...baseOptions,
      knownBalls: sameUnit,
    });
    const sameBall = new Map([[GENESIS, otherBall]]);
    expectRejected(answer(), /was proven earlier for unit InFFA9ix/, {
      ...baseOptions,
      knownBalls: sameBall,
    });
    // The right ball is fine.
    const good = new Map([[joint.unit.unit, joint.ball ?? '']]);
    expect(verified(base.response, { ...baseOptions, knownBalls: good }).joints).toHaveLength(4);
  });

  it('wrong commissions, alt, version or a missing timestamp', () => {
    const headers = answer();
    const unit = at(headers.joints, 0).unit;
    unit.headers_commission = (unit.headers_commission ?? 0) + 1; // not hashed
    expectRejected(headers, /wrong headers commission/);
    expectRejected(answer(), /wrong alt 3/, {
      ...baseOptions,
      network: { ...devnet(GENESIS), alt: '1' },
    });
    expectRejected(answer(), /wrong version 4.0dev/, {
      ...baseOptions,
      network: { ...devnet(GENESIS), versions: ['4.0'] },
    });
  });

  it('an AA response for a unit that is not in the answer', () => {
    const lie = answer();
    lie.aa_responses = [
      {
        mci: 5,
        trigger_address: WITNESS,
        aa_address: 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX',
        trigger_unit: GENESIS,
        bounced: 0,
        response: '{}',
        creation_date: '2026-11-26 03:03:22',
      },
    ];
    expectRejected(lie, /aa_responses\[0\]: foreign trigger_unit/);
    const tied = answer();
    tied.aa_responses = [
      { ...at(lie.aa_responses, 0), trigger_unit: at(tied.joints, 0).unit.unit },
    ];
    const history = verified(tied);
    expect(history.aaResponses).toEqual([{ ...at(tied.aa_responses, 0), proven: false }]);
    const badJson = clone(tied);
    at(badJson.aa_responses, 0)['response'] = '{';
    expectRejected(badJson, /bad response json/);
  });

  it('a witness definition the answer lacks: found with the caller, else rejected', () => {
    const lie = answer();
    const definition = at(at(lie.witness_change_and_definition_joints, 0).unit.authors, 0)
      .definition as ['sig', { pubkey: string }];
    delete lie.witness_change_and_definition_joints;
    expectRejected(lie, /witness XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D: definition XMXX.* not found/);
    // ocore storage.readDefinition: a definition the client already has (keyed by chash).
    const knownDefinitions = new Map([['any key', definition]]);
    const history = verified(lie, { ...baseOptions, knownDefinitions });
    expect(history.witnessDefinitions).toEqual([
      { address: WITNESS, definition_chash: WITNESS, changed: false, definition },
    ]);
  });

  it('a witness change joint with neither a definition nor a change', () => {
    const lie = answer();
    const plain = clone(at(lie.unstable_mc_joints, 2)); // witness-signed, no definition
    plain.ball = at(lie.proofchain_balls, 0).ball;
    lie.witness_change_and_definition_joints?.push(plain);
    expectRejected(lie, /witness_change_and_definition_joints\[1\].*neither definition nor change/);
  });

  it('a joint unit that is not well-formed or too deep', () => {
    const nul = answer();
    at(nul.joints, 0).unit['alt'] = '3\u0000';
    expectRejected(nul, /invalid string/);
    const deep = answer();
    let nested: unknown = 'x';
    for (let i = 0; i < 120; i++) nested = [nested];
    at(deep.joints, 0).unit['deep'] = nested;
    expectRejected(deep, /too deeply nested/);
  });
});

describe('witness-proof joints as a reference hub serves them', () => {
  // ocore's hub deletes `ball` from the main-chain joints of a witness proof but keeps their
  // `skiplist_units` (seen live on a reference devnet hub, at MCIs divisible by 10).
  it('accepts skiplist_units left on an unstable_mc joint, and proves the same', () => {
    const plain = verified(answer());
    const served = answer();
    const first = at(served.unstable_mc_joints, 0);
    const second = at(served.unstable_mc_joints, 1);
    second['skiplist_units'] = [first.unit.unit];
    const result = verified(served);
    expect(result.joints.map((j) => [j.unit, j.proven, j.sequence])).toEqual(
      plain.joints.map((j) => [j.unit, j.proven, j.sequence]),
    );
  });

  it('still rejects malformed skiplist_units there', () => {
    const served = answer();
    at(served.unstable_mc_joints, 1)['skiplist_units'] = ['not a hash'];
    expectRejected(served, /skiplist_units/);
    const empty = answer();
    at(empty.unstable_mc_joints, 1)['skiplist_units'] = [];
    expectRejected(empty, /skiplist_units/);
  });

  it('still rejects a ball on an unstable_mc joint', () => {
    const served = answer();
    const joint = at(served.unstable_mc_joints, 1);
    joint.ball = 'CxK1luSnAk5+MaGyaE9wl26JdwAkSPFDqWJdYs9gRng=';
    expectRejected(served, /unstable mc but has ball/);
  });
});
