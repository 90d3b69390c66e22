/**
 * Textcoins (light-client.md §6): the address from the words against values ocore's own code
 * computed by hand (test/fixtures/textcoin-vectors.json: bitcore-mnemonic + object_hash, never
 * this code), the claim fee rule of wallet.js sendMultiPayment, the links, what a person may
 * paste, and what a claim spends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64 } from '../../shared/protocol/bytes';
import { ProtocolError } from '../../shared/protocol/errors';
import { expandTextcoin } from '../../shared/protocol/hd';
import type { VerifiedJoint } from '../../shared/protocol/history';
import {
  newTextcoin,
  parseTextcoinInput,
  TEXTCOIN_MIN_TPS_FEE,
  textcoinAssetClaimFee,
  textcoinClaimFee,
  textcoinFunding,
  textcoinHoldings,
  textcoinMinTpsFee,
  textcoinTpsAllowance,
  textcoinTpsFloor,
  tpsFeeVariablesOf,
  INITIAL_TPS_FEE_VARIABLES,
  textcoinUri,
  textcoinWebLink,
  toTextcoinString,
} from '../../shared/protocol/textcoin';
import type { Unit } from '../../shared/protocol/unit-types';
import { NETWORKS, type Network } from '../../shared/protocol/wire';
import type { SystemVarEntry } from '../../shared/protocol/commission';
import { readFixture } from '../support/fixtures';

interface Vector {
  entropy_hex: string;
  mnemonic: string;
  textcoin_string: string;
  pubkey_base64: string;
  address: string;
  private_key_hex: string;
}
interface Fixture {
  claim_fees: {
    network: Network;
    version: string;
    TEXTCOIN_CLAIM_FEE: number;
    TEXTCOIN_ASSET_CLAIM_FEE: number;
  }[];
  vectors: Vector[];
  bitcore_noncompliant: Vector & { strict_bip32_address: string };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/textcoin-vectors.json', import.meta.url), 'utf8'),
) as Fixture;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('textcoin address from the words (ocore expandMnemonic, computed by hand)', () => {
  const all = [...fixture.vectors, fixture.bitcore_noncompliant];
  it('has vectors to check', () => {
    expect(fixture.vectors.length).toBeGreaterThanOrEqual(8);
  });
  for (const v of all) {
    it(`${v.textcoin_string.split('-').slice(0, 3).join('-')}… → ${v.address}`, () => {
      const made = newTextcoin(fromHex(v.entropy_hex));
      expect(made.mnemonic).toBe(v.mnemonic);
      expect(made.textcoin).toBe(v.textcoin_string);
      expect(made.pubkey).toBe(v.pubkey_base64);
      expect(made.address).toBe(v.address);
      expect(hex(made.privateKey)).toBe(v.private_key_hex);
      expect(expandTextcoin(v.textcoin_string).address).toBe(v.address);
      expect(parseTextcoinInput(v.textcoin_string).address).toBe(v.address);
    });
  }
  it("follows bitcore's unpadded hardened derivation, not strict BIP-32", () => {
    const v = fixture.bitcore_noncompliant;
    expect(v.strict_bip32_address).not.toBe(v.address);
    expect(expandTextcoin(v.textcoin_string).address).toBe(v.address);
  });
  it('needs exactly 16 bytes of entropy', () => {
    expect(() => newTextcoin(new Uint8Array(32))).toThrow(ProtocolError);
  });
});

describe('claim fee rule (ocore constants.js, wallet.js addFeesToParams)', () => {
  for (const row of fixture.claim_fees) {
    it(`${row.network} (${row.version})`, () => {
      const network = NETWORKS[row.network];
      expect(network.protocolVersion).toBe(row.version);
      expect(textcoinClaimFee(network)).toBe(row.TEXTCOIN_CLAIM_FEE);
      expect(textcoinAssetClaimFee(network)).toBe(row.TEXTCOIN_ASSET_CLAIM_FEE);
    });
  }
  const address = fixture.vectors[0]?.address ?? '';
  it('bytes: one output of amount + claim fee + 2 × the TPS fee', () => {
    const f = textcoinFunding({
      network: NETWORKS.mainnet,
      address,
      asset: 'base',
      amount: 10_000,
      hubTpsFee: 211,
    });
    expect(f).toEqual({
      outputs: [{ address, amount: 10_000 + 772 + 422, asset: 'base' }],
      claimFee: 772,
      tpsAllowance: 422,
      addedBytes: 1194,
    });
  });
  it('an estimate of 0 (an idle network when sending) or a small one still allows for the claim', () => {
    // One unit at one unit per tps_interval by ocore's formula, initial system variables:
    // round(10 × 10 × (e − 1)) = 172 bytes, twice.
    expect(TEXTCOIN_MIN_TPS_FEE).toBe(172);
    expect(textcoinTpsAllowance(0)).toBe(344);
    expect(textcoinTpsAllowance(11)).toBe(344);
    expect(textcoinTpsAllowance(172)).toBe(344);
    expect(textcoinTpsAllowance(173)).toBe(346);
    const f = textcoinFunding({
      network: NETWORKS.mainnet,
      address,
      asset: 'base',
      amount: 10_000,
      hubTpsFee: 0,
    });
    expect(f).toMatchObject({ tpsAllowance: 344, addedBytes: 772 + 344 });
    expect(f.outputs).toEqual([{ address, amount: 10_000 + 772 + 344, asset: 'base' }]);
  });
  it('asset: the asset amount as is, and a bytes output of the asset claim fee + 2 × TPS', () => {
    const asset = toBase64(new Uint8Array(32).fill(3));
    const f = textcoinFunding({
      network: NETWORKS.testnet,
      address,
      asset,
      amount: 5,
      hubTpsFee: 0,
    });
    // The asset claim fee (1073) and the least TPS allowance: its claim pays bytes only from these.
    expect(f.outputs).toEqual([
      { address, amount: 5, asset },
      { address, amount: 1073 + 344, asset: 'base' },
    ]);
    expect(f.addedBytes).toBe(1073 + 344);
  });
  it("refuses a hub's TPS estimate above 100 times the claim's size fees: no claim could pay it, and the sender's bytes would go into the textcoin", () => {
    const base = { network: NETWORKS.mainnet, address, amount: 10_000 };
    // ocore's max_fee_ratio (100) × the claim's size fees: 77 200 bytes for bytes on mainnet.
    expect(textcoinFunding({ ...base, asset: 'base', hubTpsFee: 77_200 }).tpsAllowance).toBe(
      154_400,
    );
    expect(() => textcoinFunding({ ...base, asset: 'base', hubTpsFee: 77_201 })).toThrow(
      "The hub's TPS fee estimate for the claim is 77201 bytes, more than 100 times a claim's size fees (772 bytes): no wallet could claim with it, so it is not believable.",
    );
    expect(() => textcoinFunding({ ...base, asset: 'base', hubTpsFee: 1e12 })).toThrow(
      ProtocolError,
    );
    // A divisible asset's claim is larger (1072 bytes on mainnet).
    const asset = toBase64(new Uint8Array(32).fill(3));
    expect(textcoinFunding({ ...base, asset, hubTpsFee: 107_200 }).tpsAllowance).toBe(214_400);
    expect(() => textcoinFunding({ ...base, asset, hubTpsFee: 107_201 })).toThrow(
      /107201 bytes, more than 100 times a claim's size fees \(1072 bytes\)/,
    );
  });
  it('refuses a zero, negative or fractional amount and a bad TPS figure', () => {
    const base = { network: NETWORKS.mainnet, address, asset: 'base', hubTpsFee: 0 };
    expect(() => textcoinFunding({ ...base, amount: 0 })).toThrow(/positive whole/);
    expect(() => textcoinFunding({ ...base, amount: -5 })).toThrow(ProtocolError);
    expect(() => textcoinFunding({ ...base, amount: 1.5 })).toThrow(ProtocolError);
    expect(() => textcoinFunding({ ...base, amount: 1, hubTpsFee: -1 })).toThrow(/TPS/);
  });
});

describe('links and what a person pastes', () => {
  const v = fixture.vectors[1] as Vector;
  const words = v.textcoin_string;
  it('builds the web link and the URI as the official wallet writes them', () => {
    expect(textcoinWebLink(words)).toBe(`https://obyte.org/#textcoin?${words}`);
    expect(textcoinUri(words, NETWORKS.mainnet)).toBe(`obyte:textcoin?${words}`);
    expect(textcoinUri(words, NETWORKS.testnet)).toBe(`obyte-tn:textcoin?${words}`);
    expect(toTextcoinString(words.toUpperCase())).toBe(words);
  });
  const forms = [
    `https://obyte.org/#textcoin?${words}`,
    `https://www.obyte.org/#textcoin?${words}`,
    `https://byteball.org/#textcoin?${words}`,
    `obyte:textcoin?${words}`,
    `byteball:textcoin?${words}`,
    `obyte:${words}`,
    words,
    words.toUpperCase(),
    v.mnemonic,
    `  ${v.mnemonic.split(' ').join('   ')}\n`,
  ];
  for (const form of forms) {
    it(`reads ${JSON.stringify(form.slice(0, 40))}…`, () => {
      expect(parseTextcoinInput(form, NETWORKS.mainnet)).toEqual({
        textcoin: words,
        mnemonic: v.mnemonic,
        address: v.address,
      });
    });
  }
  it('refuses, in words, what is not a textcoin', () => {
    const swapped = [...v.mnemonic.split(' ')];
    [swapped[0], swapped[1]] = [swapped[1] ?? '', swapped[0] ?? ''];
    const cases: [unknown, RegExp][] = [
      ['', /Paste a textcoin/],
      [42, /Paste a textcoin/],
      ['hello-world', /not a valid textcoin/],
      [swapped.join('-'), /not a valid textcoin/],
      [`obyte-tn:textcoin?${words}`, /testnet link/],
      ['obyte:QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD?amount=5', /not a textcoin/],
      ['https://obyte.org/#textcoin?%E0%A4%A', /damaged/],
      ['x'.repeat(1001), /too long/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseTextcoinInput(input, NETWORKS.mainnet)).toThrow(message);
    }
  });
});

describe('what a claim spends', () => {
  const tc = fixture.vectors[2] as Vector;
  const OTHER = 'QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD';
  const ASSET = toBase64(new Uint8Array(32).fill(9));
  const hash = (n: number) => toBase64(new Uint8Array(32).fill(n));
  function joint(
    n: number,
    author: string,
    payments: { asset?: string; inputs: unknown[]; outputs: [string, number][] }[],
    state: { proven: boolean; sequence: VerifiedJoint['sequence']; mci: number | null },
  ) {
    const content: Unit = {
      unit: hash(n),
      version: '4.0',
      alt: '1',
      authors: [{ address: author, authentifiers: { r: 'x' } }],
      messages: payments.map((p) => ({
        app: 'payment',
        payload_location: 'inline',
        payload_hash: hash(0),
        payload: {
          ...(p.asset === undefined ? {} : { asset: p.asset }),
          inputs: p.inputs as never,
          outputs: p.outputs.map(([address, amount]) => ({ address, amount })),
        },
      })),
    };
    return {
      unit: hash(n),
      content,
      proven: state.proven,
      sequence: state.sequence,
      main_chain_index: state.mci,
    };
  }
  const spend = (n: number, message_index = 0, output_index = 0) => ({
    unit: hash(n),
    message_index,
    output_index,
  });

  it('an unclaimed textcoin: its outputs in every asset, stable or not', () => {
    const funding = joint(
      1,
      OTHER,
      [
        { asset: ASSET, inputs: [spend(50)], outputs: [[tc.address, 5]] },
        {
          inputs: [spend(51)],
          outputs: [
            [OTHER, 900],
            [tc.address, 1100],
          ],
        },
      ],
      { proven: true, sequence: 'good', mci: 40 },
    );
    const more = joint(2, OTHER, [{ inputs: [spend(52)], outputs: [[tc.address, 7]] }], {
      proven: false,
      sequence: 'unconfirmed',
      mci: null,
    });
    const h = textcoinHoldings([funding, more], tc.address);
    expect(h.totals).toEqual({ [ASSET]: 5, base: 1107 });
    expect(h.coins.map((c) => [c.unit, c.message_index, c.output_index, c.is_stable])).toEqual([
      [hash(1), 0, 0, true],
      [hash(1), 1, 1, true],
      [hash(2), 0, 0, false],
    ]);
    expect(h.coins[0]?.main_chain_index).toBe(40);
    expect(h.coins[2]?.main_chain_index).toBeNull();
    expect(h.authored).toBe(false);
    expect(h.definitionRevealedBy(1000)).toBe(false);
  });

  it('a claimed textcoin holds nothing, even while the claim is unconfirmed', () => {
    const funding = joint(1, OTHER, [{ inputs: [spend(50)], outputs: [[tc.address, 1000]] }], {
      proven: true,
      sequence: 'good',
      mci: 40,
    });
    const claim = joint(3, tc.address, [{ inputs: [spend(1)], outputs: [[OTHER, 300]] }], {
      proven: false,
      sequence: 'unconfirmed',
      mci: null,
    });
    const h = textcoinHoldings([funding, claim], tc.address);
    expect(h.coins).toEqual([]);
    expect(h.totals).toEqual({});
    expect(h.authored).toBe(true);
    expect(h.definitionRevealedBy(1000)).toBe(false);
  });

  it('a final-bad claim spends nothing; a stable claim reveals the definition from its MCI', () => {
    const funding = joint(
      1,
      OTHER,
      [
        {
          inputs: [spend(50)],
          outputs: [
            [tc.address, 1000],
            [tc.address, 2000],
          ],
        },
      ],
      { proven: true, sequence: 'good', mci: 40 },
    );
    const bad = joint(4, tc.address, [{ inputs: [spend(1, 0, 0)], outputs: [[OTHER, 1]] }], {
      proven: true,
      sequence: 'final-bad',
      mci: 41,
    });
    const partial = joint(5, tc.address, [{ inputs: [spend(1, 0, 1)], outputs: [[OTHER, 1]] }], {
      proven: true,
      sequence: 'good',
      mci: 45,
    });
    const h = textcoinHoldings([funding, bad, partial], tc.address);
    expect(h.totals).toEqual({ base: 1000 });
    expect(h.definitionRevealedBy(44)).toBe(false);
    expect(h.definitionRevealedBy(45)).toBe(true);
  });
});

type Justsaying = [string, { subject: string; body: Record<string, SystemVarEntry<unknown>[]> }];

/** Every system_vars justsaying the reference hub sent in the captured devnet sessions. */
function capturedSystemVars(): Array<Record<string, SystemVarEntry<unknown>[]>> {
  const frames: Justsaying[] = [
    ...[
      'raw_client/justsayings_on_connect.json',
      'raw_client_fresh/justsayings_on_connect.json',
      'raw_client_first_run_young_dag/justsayings_on_connect.json',
    ].flatMap((file) => readFixture<Justsaying[]>(file)),
    ...readFixture<Array<{ frame: Justsaying }>>(
      'reference_light_client/lightwallet_justsaying_system_vars_hub_to_client.json',
    ).map((f) => f.frame),
  ];
  return frames.filter(([, b]) => b.subject === 'system_vars').map(([, b]) => b.body);
}

describe("the claim's least TPS fee from the hub's system variables", () => {
  it('ocore getLocalTpsFee of one unit at one unit per second: 172 bytes with the initial values', () => {
    expect(textcoinMinTpsFee(INITIAL_TPS_FEE_VARIABLES)).toBe(172);
    expect(TEXTCOIN_MIN_TPS_FEE).toBe(172);
    // round(10 × 10 × (exp(1/2) − 1)) = round(64.87) and round(20 × 10 × (exp(1/0.5) − 1)).
    expect(textcoinMinTpsFee({ baseTpsFee: 10, tpsInterval: 2, tpsFeeMultiplier: 10 })).toBe(65);
    expect(textcoinMinTpsFee({ baseTpsFee: 20, tpsInterval: 0.5, tpsFeeMultiplier: 10 })).toBe(
      1278,
    );
    expect(textcoinTpsAllowance(0, 65)).toBe(130);
    expect(textcoinTpsAllowance(70, 65)).toBe(140);
  });

  it('reads every system_vars frame the reference devnet hub sent: tps_interval 2, a floor of 65', () => {
    const captured = capturedSystemVars();
    expect(captured.length).toBeGreaterThanOrEqual(8);
    for (const vars of captured) {
      expect(tpsFeeVariablesOf(vars)).toEqual({
        baseTpsFee: 10,
        tpsInterval: 2,
        tpsFeeMultiplier: 10,
      });
      expect(textcoinTpsFloor(vars, NETWORKS.devnet)).toEqual({ minTpsFee: 65, variables: 'hub' });
    }
    // Nothing from the hub yet: the initial values, said as such.
    expect(textcoinTpsFloor(null, NETWORKS.devnet)).toEqual({
      minTpsFee: 172,
      variables: 'initial',
    });
  });

  it('the newest vote is in force; tampered frames are refused in words, never replaced by the initial values', () => {
    const [vars = {}] = capturedSystemVars();
    const vote = (value: unknown, mci = -1) => ({ vote_count_mci: mci, value, is_emergency: 0 });
    // A later vote (counted at MCI 500) for tps_interval 4 is in force: 100 × (exp(0.25) − 1).
    expect(
      textcoinTpsFloor({ ...vars, tps_interval: [vote(2), vote(4, 500)] }, NETWORKS.devnet),
    ).toEqual({ minTpsFee: 28, variables: 'hub' });
    const refused = (changes: Record<string, SystemVarEntry<unknown>[]>): string => {
      try {
        textcoinTpsFloor({ ...vars, ...changes }, NETWORKS.devnet);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused({ tps_interval: [vote(0)] })).toBe(
      'The hub says tps_interval is 0, which the network would not accept (at least 0.1).',
    );
    expect(refused({ tps_interval: [vote(0.05)] })).toMatch(/tps_interval is 0\.05/);
    expect(refused({ base_tps_fee: [vote(-10)] })).toMatch(/base_tps_fee is -10/);
    expect(refused({ base_tps_fee: [vote(1e9)] })).toMatch(/at most 100000000/);
    expect(refused({ base_tps_fee: [vote(null)] })).toMatch(/base_tps_fee is null/);
    expect(refused({ tps_fee_multiplier: [vote(0.5)] })).toMatch(/from 1 to 1000/);
    expect(refused({ tps_fee_multiplier: [] })).toBe(
      "The hub's system variables have no tps_fee_multiplier.",
    );
    expect(refused({ tps_interval: [vote(2, 1.5)] })).toMatch(/MCI that is not a whole number/);
    // Each within the vote bounds, together a fee of one unit ocore would never compose.
    expect(
      refused({
        base_tps_fee: [vote(1e8)],
        tps_interval: [vote(0.1)],
        tps_fee_multiplier: [vote(1000)],
      }),
    ).toMatch(/more than 100 times a claim's size fees \(\d+ bytes\): they are not believable/);
    const { base_tps_fee: _dropped, ...without } = vars;
    expect(() => textcoinTpsFloor(without, NETWORKS.devnet)).toThrow(/have no base_tps_fee/);
  });
});
