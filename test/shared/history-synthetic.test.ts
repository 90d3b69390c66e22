/**
 * History paths the devnet captures do not contain, on small answers built here with real keys:
 * a final-bad (non-serial) joint proven by an `is_nonserial` ball, a joint served voided
 * (content_hash), a witness that changes its definition and reveals the new one later, and the
 * signature rule with the caller's own definitions.
 */
import { describe, expect, it } from 'vitest';
import { getAddressFromDefinition } from '../../shared/protocol/chash';
import { getHeadersSize, getPayloadSize } from '../../shared/protocol/commission';
import { tryVerifyHistory, type VerifyHistoryOptions } from '../../shared/protocol/history';
import { getPublicKeyB64, sign } from '../../shared/protocol/signature';
import {
  getBallHash,
  getMessagePayloadHash,
  getUnitContentHash,
  getUnitHash,
  getUnitHashToSign,
} from '../../shared/protocol/unit';
import type { AddressDefinition, Message, Unit } from '../../shared/protocol/unit-types';

interface Key {
  privateKey: Uint8Array;
  definition: AddressDefinition;
  address: string;
}

function key(seed: number): Key {
  const privateKey = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? seed : 7));
  const definition: AddressDefinition = ['sig', { pubkey: getPublicKeyB64(privateKey) }];
  return { privateKey, definition, address: getAddressFromDefinition(definition) };
}

const witnessKey = key(1);
const witnessNewKey = key(2);
const payer = key(3);
const me = key(4);
const W = witnessKey.address;

/** Compose like ocore: placeholders, sizes, sign with `signer`, hash. */
function compose(
  author: { address: string; definition?: AddressDefinition },
  signer: Key,
  messages: { app: string; payload: unknown }[],
  header: Partial<Unit>,
): Unit {
  const unit: Unit = {
    version: '4.0dev',
    alt: '3',
    authors: [
      {
        address: author.address,
        authentifiers: { r: '-'.repeat(88) },
        ...(author.definition ? { definition: author.definition } : {}),
      },
    ],
    messages: messages.map(
      (m) =>
        ({
          app: m.app,
          payload_location: 'inline',
          payload_hash: '',
          payload: m.payload,
        }) as Message,
    ),
    ...header,
  };
  for (const message of unit.messages)
    message.payload_hash = getMessagePayloadHash(message, '4.0dev');
  unit.headers_commission = getHeadersSize(unit);
  unit.payload_commission = getPayloadSize(unit);
  const author0 = unit.authors[0];
  if (author0) author0.authentifiers = { r: sign(getUnitHashToSign(unit), signer.privateKey) };
  unit.unit = getUnitHash(unit);
  return unit;
}

const pay = (from: string, to: string, amount: number) => ({
  app: 'payment',
  payload: {
    inputs: [
      { unit: 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=', message_index: 0, output_index: 0 },
    ],
    outputs: [
      { address: to, amount },
      { address: from, amount: 1000 },
    ].sort((a, b) => (a.address < b.address ? -1 : 1)),
  },
});

interface Built {
  answer: Record<string, unknown>;
  options: VerifyHistoryOptions;
  units: Record<string, Unit>;
}

/**
 * G (genesis, witness reveals its definition) ← C (witness changes its definition: stable) ←
 * U (payer pays me: the history joint) ← M (witness, signed with the new key, reveals the new
 * definition; names U as last ball unit).
 */
function build(opts: { nonserial?: boolean; change?: boolean } = {}): Built {
  const genesis = compose(
    { address: W, definition: witnessKey.definition },
    witnessKey,
    [pay(W, W, 1e15)],
    {
      timestamp: 1_800_000_000,
    },
  );
  const genesisBall = getBallHash(genesis.unit ?? '');
  const newChash = getAddressFromDefinition(witnessNewKey.definition);
  const change = compose(
    { address: W },
    witnessKey,
    [
      pay(W, W, 5000),
      { app: 'address_definition_change', payload: { definition_chash: newChash } },
    ],
    {
      parent_units: [genesis.unit ?? ''],
      last_ball: genesisBall,
      last_ball_unit: genesis.unit ?? '',
      timestamp: 1_800_000_001,
      tps_fee: 0,
    },
  );
  const changeBall = getBallHash(change.unit ?? '', [genesisBall]);
  const payment = compose(
    { address: payer.address, definition: payer.definition },
    payer,
    [pay(payer.address, me.address, 777)],
    {
      parent_units: [change.unit ?? ''],
      last_ball: genesisBall,
      last_ball_unit: genesis.unit ?? '',
      timestamp: 1_800_000_002,
      tps_fee: 0,
    },
  );
  const paymentBall = getBallHash(payment.unit ?? '', [changeBall], [], opts.nonserial === true);
  const useChange = opts.change !== false;
  const top = compose(
    useChange ? { address: W, definition: witnessNewKey.definition } : { address: W },
    useChange ? witnessNewKey : witnessKey,
    [pay(W, W, 4000)],
    {
      parent_units: [payment.unit ?? ''],
      last_ball: paymentBall,
      last_ball_unit: payment.unit ?? '',
      timestamp: 1_800_000_003,
      tps_fee: 0,
    },
  );
  const served = (unit: Unit, mci: number) => ({
    ...unit,
    main_chain_index: mci,
    actual_tps_fee: 0,
  });
  return {
    units: { genesis, change, payment, top },
    answer: {
      unstable_mc_joints: [{ unit: served(top, 3) }],
      witness_change_and_definition_joints: [
        { unit: served(genesis, 0), ball: genesisBall },
        ...(useChange ? [{ unit: served(change, 1), ball: changeBall }] : []),
      ],
      joints: [{ unit: served(payment, 2), ball: paymentBall }],
      proofchain_balls: [
        {
          unit: payment.unit,
          ball: paymentBall,
          parent_balls: [changeBall],
          ...(opts.nonserial ? { is_nonserial: true } : {}),
        },
      ],
    },
    options: {
      witnesses: [W],
      network: {
        countWitnesses: 1,
        majority: 1,
        genesisUnit: genesis.unit ?? '',
        alt: '3',
        versions: ['4.0dev'],
      },
    },
  };
}

function verify(built: Built, extra: Partial<VerifyHistoryOptions> = {}) {
  const verdict = tryVerifyHistory(built.answer, { ...built.options, ...extra });
  if (!verdict.ok) throw verdict.error;
  return verdict.history;
}

describe('synthetic answers', () => {
  it('a witness definition change, revealed later, is followed', () => {
    const history = verify(build());
    expect(history.witnessDefinitions).toEqual([
      {
        address: W,
        definition_chash: getAddressFromDefinition(witnessNewKey.definition),
        definition: witnessNewKey.definition,
        changed: true,
      },
    ]);
    expect(history.joints.map((j) => [j.proven, j.sequence])).toEqual([[true, 'good']]);
  });

  it('a witness unit still signed with the old key after the change is rejected', () => {
    const built = build({ change: true });
    const top = built.units['top'];
    if (!top) throw new Error('no top');
    // Re-sign the top unit with the old key and without revealing the new definition.
    const forged = compose({ address: W }, witnessKey, [pay(W, W, 4000)], {
      parent_units: top.parent_units ?? [],
      last_ball: top.last_ball ?? '',
      last_ball_unit: top.last_ball_unit ?? '',
      timestamp: top.timestamp ?? 0,
      tps_fee: 0,
    });
    built.answer['unstable_mc_joints'] = [{ unit: forged }];
    const verdict = tryVerifyHistory(built.answer, built.options);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.message).toMatch(/definition .* not found/);
  });

  it('a non-serial ball proves the joint final-bad', () => {
    const history = verify(build({ nonserial: true }));
    expect(history.joints.map((j) => [j.proven, j.sequence, j.ball !== undefined])).toEqual([
      [true, 'final-bad', true],
    ]);
  });

  it('a joint served voided (content_hash) needs a ball and has no signatures to check', () => {
    const built = build({ nonserial: true });
    const payment = built.units['payment'];
    if (!payment) throw new Error('no payment');
    const voided = {
      unit: payment.unit,
      version: payment.version,
      alt: payment.alt,
      authors: payment.authors.map((a) => ({ address: a.address })),
      content_hash: getUnitContentHash(payment),
      parent_units: payment.parent_units,
      last_ball: payment.last_ball,
      last_ball_unit: payment.last_ball_unit,
      timestamp: payment.timestamp,
      main_chain_index: 2,
    };
    const joints = built.answer['joints'] as { unit: unknown; ball?: string }[];
    const ball = joints[0]?.ball;
    built.answer['joints'] = [{ unit: voided, ball }];
    const history = verify(built);
    expect(history.joints.map((j) => [j.unit, j.sequence, j.verifiedAuthors])).toEqual([
      [payment.unit, 'final-bad', []],
    ]);
    built.answer['joints'] = [{ unit: voided }];
    const verdict = tryVerifyHistory(built.answer, built.options);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.error.message).toMatch(/content_hash allowed only in finished ball/);
  });

  it('own definitions: a forged spend from my address is caught without a ball', () => {
    const built = build({ change: false });
    const payment = built.units['payment'];
    if (!payment) throw new Error('no payment');
    // A hub invents an unconfirmed spend from my address, signed with some other key.
    const fake = compose({ address: me.address }, payer, [pay(me.address, payer.address, 5)], {
      parent_units: payment.parent_units ?? [],
      last_ball: payment.last_ball ?? '',
      last_ball_unit: payment.last_ball_unit ?? '',
      timestamp: 1_800_000_009,
      tps_fee: 0,
    });
    const joints = built.answer['joints'] as unknown[];
    built.answer['joints'] = [...joints, { unit: fake }];
    // Without my definition nothing can tell: it is accepted as unconfirmed.
    expect(verify(built).joints.map((j) => j.sequence)).toEqual(['good', 'unconfirmed']);
    const knownDefinitions = new Map([[me.address, me.definition]]);
    const verdict = tryVerifyHistory(built.answer, { ...built.options, knownDefinitions });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.message).toMatch(/joints\[1\].*author .*bad signature/);
  });
});
