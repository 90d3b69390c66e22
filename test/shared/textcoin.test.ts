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
  textcoinTpsAllowance,
  textcoinUri,
  textcoinWebLink,
  toTextcoinString,
} from '../../shared/protocol/textcoin';
import type { Unit } from '../../shared/protocol/unit-types';
import { NETWORKS, type Network } from '../../shared/protocol/wire';

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
