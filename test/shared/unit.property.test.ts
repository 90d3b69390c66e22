/**
 * Properties of unit hashing, sizes and fees over generated units of every version: hashes do not
 * depend on key order or on the fields hubs add, parsing round-trips, bad values are rejected
 * with a ProtocolError, sizes move by exactly what a field costs, and the oversize fee is zero up
 * to the threshold and never decreases above it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/bytes';
import {
  getHeadersSize,
  getOversizeFee,
  getPayloadSize,
  getSystemVarValue,
  type SystemVarEntry,
} from '../../shared/protocol/commission';
import type { Hashable } from '../../shared/protocol/json';
import {
  commissionCountsKeyLengths,
  getBallHash,
  getMessagePayloadHash,
  getSerializationKind,
  getUnitContentHash,
  getUnitHash,
  getUnitHashToSignB64,
  isTimestampHashed,
} from '../../shared/protocol/unit';
import { parseUnit } from '../../shared/protocol/unit-parse';
import type { Author, GenericMessage, Message, Unit } from '../../shared/protocol/unit-types';
import { amount, hash44, signature88 } from './arbitraries';
import { expectProtocolError } from './protocol-error';

const BASES = ['1.0', '2.0', '3.0', '4.0'] as const;
const SUFFIXES = ['', 't', 'dev'] as const;

const hashArb = hash44;
const sigArb = signature88;
const addressArb = fc.stringMatching(/^[A-Z2-7]{32}$/);
const amountArb = amount;
const textArb = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0'));
const keyArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
  .filter((s) => !s.includes('\0'));

/** JSON without null, empty lists or empty objects: what a payload can hold. */
const hashableArb: fc.Arbitrary<Hashable> = fc.letrec<{ value: Hashable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    textArb,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
    fc.boolean(),
    fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
    fc
      .dictionary(keyArb, tie('value'), { minKeys: 1, maxKeys: 3 })
      .map((d) => d as Record<string, Hashable>),
  ),
})).value;

const dataPayloadArb = fc
  .dictionary(keyArb, hashableArb, { minKeys: 1, maxKeys: 4 })
  .map((d) => d as Record<string, Hashable>);

const authorArb: fc.Arbitrary<Author> = fc
  .record({ address: addressArb, sig: sigArb, pubkey: sigArb, withDefinition: fc.boolean() })
  .map(({ address, sig, pubkey, withDefinition }) => ({
    address,
    authentifiers: { r: sig },
    ...(withDefinition ? { definition: ['sig', { pubkey: pubkey.slice(0, 44) }] } : {}),
  }));

function withPayloadHash(message: Omit<Message, 'payload_hash'>, version: string): Message {
  const draft = { ...message, payload_hash: '' } as Message;
  return { ...draft, payload_hash: getMessagePayloadHash(draft, version) };
}

function unitArb(version: string): fc.Arbitrary<Unit> {
  const v4 = Number.parseFloat(version) >= 4;
  return fc
    .record({
      authors: fc.uniqueArray(authorArb, {
        minLength: 1,
        maxLength: 3,
        selector: (a) => a.address,
      }),
      inputs: fc.array(
        fc.record({ unit: hashArb, message_index: fc.nat(127), output_index: fc.nat(127) }),
        { minLength: 1, maxLength: 3 },
      ),
      outputs: fc.array(fc.record({ address: addressArb, amount: amountArb }), {
        minLength: 1,
        maxLength: 3,
      }),
      data: fc.option(dataPayloadArb, { nil: undefined }),
      text: fc.option(textArb, { nil: undefined }),
      parents: fc.array(hashArb, { minLength: 1, maxLength: 3 }),
      lastBall: hashArb,
      lastBallUnit: hashArb,
      witnessListUnit: hashArb,
      timestamp: fc.integer({ min: 1, max: 2 ** 31 }),
      tpsFee: fc.nat(1000),
      burnFee: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    })
    .map((r) => {
      const messages: Message[] = [
        withPayloadHash(
          {
            app: 'payment',
            payload_location: 'inline',
            payload: { inputs: r.inputs, outputs: r.outputs },
          },
          version,
        ),
      ];
      if (r.data) {
        messages.push(
          withPayloadHash({ app: 'data', payload_location: 'inline', payload: r.data }, version),
        );
      }
      if (r.text !== undefined) {
        messages.push(
          withPayloadHash({ app: 'text', payload_location: 'inline', payload: r.text }, version),
        );
      }
      const unit: Unit = {
        version,
        alt: '1',
        authors: r.authors,
        messages,
        parent_units: r.parents,
        last_ball: r.lastBall,
        last_ball_unit: r.lastBallUnit,
        timestamp: r.timestamp,
      };
      if (v4) {
        unit.tps_fee = r.tpsFee;
        if (r.burnFee !== undefined) unit.burn_fee = r.burnFee;
      } else {
        unit.witness_list_unit = r.witnessListUnit;
      }
      unit.headers_commission = getHeadersSize(unit);
      unit.payload_commission = getPayloadSize(unit);
      unit.unit = getUnitHash(unit);
      return unit;
    });
}

const versionArb = fc
  .tuple(fc.constantFrom(...BASES), fc.constantFrom(...SUFFIXES))
  .map(([base, suffix]) => base + suffix);
const anyUnitArb = versionArb.chain(unitArb);

/** Deterministic shuffle (mulberry32) so a failing case replays from its seed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The same value with the keys of every object inserted in another order. */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorderKeys(v, seed + i + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value);
    for (const [key, member] of shuffled(entries, seed))
      out[key] = reorderKeys(member, seed * 31 + 7);
    return out;
  }
  return value;
}

function dataMessage(payload: unknown): GenericMessage {
  return {
    app: 'data',
    payload_location: 'inline',
    payload_hash: toBase64(new Uint8Array(32)),
    payload: payload as Hashable,
  };
}

function withFirstDefinition(unit: Unit, definition: readonly Hashable[]): Unit {
  const [first, ...rest] = unit.authors;
  if (!first) throw new Error('a generated unit has authors');
  return { ...unit, authors: [{ ...first, definition }, ...rest] };
}

describe('unit hashing properties', () => {
  it('hashes and sizes do not depend on key order', () => {
    fc.assert(
      fc.property(anyUnitArb, fc.integer(), (unit, seed) => {
        const reordered = reorderKeys(unit, seed) as Unit;
        expect(getUnitHash(reordered)).toBe(unit.unit);
        expect(getUnitContentHash(reordered)).toBe(getUnitContentHash(unit));
        expect(getUnitHashToSignB64(reordered)).toBe(getUnitHashToSignB64(unit));
        expect(getHeadersSize(reordered)).toBe(unit.headers_commission);
        expect(getPayloadSize(reordered)).toBe(unit.payload_commission);
      }),
    );
  });

  it('round-trips through JSON and parseUnit, and hub-added fields change nothing', () => {
    fc.assert(
      fc.property(
        anyUnitArb,
        fc.option(fc.nat(), { nil: null }),
        fc.option(fc.nat(), { nil: null }),
        (unit, mci, actualTpsFee) => {
          const wire: unknown = JSON.parse(JSON.stringify(unit));
          expect(parseUnit(wire)).toEqual(unit);
          const served = parseUnit({
            ...(wire as object),
            main_chain_index: mci,
            actual_tps_fee: actualTpsFee,
          }) as Unit;
          expect(getUnitHash(served)).toBe(unit.unit);
          expect(getUnitHashToSignB64(served)).toBe(getUnitHashToSignB64(unit));
          expect(getHeadersSize(served)).toBe(unit.headers_commission);
          expect(getPayloadSize(served)).toBe(unit.payload_commission);
        },
      ),
    );
  });

  it('the unit hash covers the signatures; the hash to sign does not', () => {
    fc.assert(
      fc.property(anyUnitArb, sigArb, (unit, sig) => {
        const [first, ...rest] = unit.authors;
        if (!first || first.authentifiers?.['r'] === sig) return;
        const resigned: Unit = {
          ...unit,
          authors: [{ ...first, authentifiers: { r: sig } }, ...rest],
        };
        expect(getUnitHash(resigned)).not.toBe(unit.unit);
        expect(getUnitHashToSignB64(resigned)).toBe(getUnitHashToSignB64(unit));
      }),
    );
  });

  it('rejects null, empty lists and empty objects in payloads and headers, in every version', () => {
    const bad = fc.constantFrom<unknown>(null, [], {}, { a: null }, { a: [] }, [{}], {
      a: { b: {} },
    });
    fc.assert(
      fc.property(anyUnitArb, bad, (unit, value) => {
        const message = dataMessage({ x: value });
        expectProtocolError(() => getMessagePayloadHash(message, unit.version), 'serialization');
        const wire = { ...unit, messages: [...unit.messages, message] };
        expectProtocolError(() => parseUnit(wire), 'unit');
        const broken = withFirstDefinition(unit, ['sig', { pubkey: value as Hashable }]);
        expectProtocolError(() => getUnitHash(broken), 'serialization');
        expectProtocolError(() => getUnitHashToSignB64(broken), 'serialization');
      }),
    );
  });

  it('rejects NUL in strings for version 1.0 and ball hashes; JSON versions escape it', () => {
    fc.assert(
      fc.property(unitArb('1.0'), unitArb('4.0'), textArb, (v1, v4, text) => {
        const nulDefinition = ['sig', { pubkey: `${text}\0` }];
        expectProtocolError(() => getUnitHash(withFirstDefinition(v1, nulDefinition)));
        expectProtocolError(() => getMessagePayloadHash(dataMessage({ note: `${text}\0` }), '1.0'));
        expectProtocolError(() => getBallHash(`${text}\0`));
        const escaped = withFirstDefinition(v4, nulDefinition);
        const plain = withFirstDefinition(v4, ['sig', { pubkey: text }]);
        expect(getUnitHash(escaped)).not.toBe(getUnitHash(plain));
        expect(getMessagePayloadHash(dataMessage({ note: `${text}\0` }), v4.version)).not.toBe(
          getMessagePayloadHash(dataMessage({ note: text }), v4.version),
        );
      }),
    );
  });

  it('parseUnit rejects non-integer, zero and negative amounts with code "amount"', () => {
    const badAmount = fc.oneof(
      fc.integer({ max: 0 }),
      fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.constant(2 ** 53),
      fc.constant('100'),
    );
    fc.assert(
      fc.property(anyUnitArb, badAmount, (unit, amount) => {
        const wire = JSON.parse(JSON.stringify(unit)) as {
          messages: { payload: { outputs: { amount: unknown }[] } }[];
        };
        const output = wire.messages[0]?.payload.outputs[0];
        if (!output) return;
        output.amount = amount;
        expectProtocolError(() => parseUnit(wire), 'amount');
      }),
    );
  });

  it('parseUnit rejects unknown fields, bad hashes and unknown versions', () => {
    fc.assert(
      fc.property(anyUnitArb, keyArb, (unit, key) => {
        const wire = JSON.parse(JSON.stringify(unit)) as Record<string, unknown>;
        if (!(key in wire)) expectProtocolError(() => parseUnit({ ...wire, [key]: 1 }), 'unit');
        expectProtocolError(() => parseUnit({ ...wire, last_ball: 'not a hash' }), 'unit');
        expectProtocolError(() => parseUnit({ ...wire, version: '4.0x' }), 'unit');
        expectProtocolError(() => parseUnit({ ...wire, parent_units: [] }), 'unit');
      }),
    );
  });
});

describe('version helpers', () => {
  it('the network suffix never changes the rules', () => {
    for (const base of BASES) {
      for (const suffix of SUFFIXES) {
        const version = base + suffix;
        expect(getSerializationKind(version)).toBe(base === '1.0' ? 'source_string' : 'json');
        expect(isTimestampHashed(version)).toBe(base !== '1.0');
        expect(commissionCountsKeyLengths(version)).toBe(base === '3.0' || base === '4.0');
      }
    }
    for (const bad of ['4', '4.0x', 'v4.0', '', '4.0 ']) {
      expectProtocolError(() => getSerializationKind(bad), 'unit');
    }
  });
});

describe('size properties', () => {
  const costs = [
    ['burn_fee', 1],
    ['tps_fee', 0],
    ['max_aa_responses', 1],
  ] as const;

  it('a numeric header field costs 8, plus its key length from version 3.0', () => {
    fc.assert(
      fc.property(anyUnitArb, fc.constantFrom(...costs), fc.nat(10), (unit, [key, min], n) => {
        // An undefined field counts as absent.
        const base: Unit = { ...unit, [key]: undefined };
        const grown: Unit = { ...base, [key]: min + n };
        const keyCost = commissionCountsKeyLengths(unit.version) ? key.length : 0;
        expect(getHeadersSize(grown) - getHeadersSize(base)).toBe(8 + keyCost);
      }),
    );
  });

  it('a timestamp costs nothing in version 1.0 and 8 (+9 for its key from 3.0) after', () => {
    fc.assert(
      fc.property(anyUnitArb, (unit) => {
        const { timestamp: _t, ...without } = unit;
        const delta = getHeadersSize(unit) - getHeadersSize(without);
        const expected = !isTimestampHashed(unit.version)
          ? 0
          : 8 + (commissionCountsKeyLengths(unit.version) ? 'timestamp'.length : 0);
        expect(delta).toBe(expected);
      }),
    );
  });

  it('the parent list costs the same whatever the number of parents', () => {
    fc.assert(
      fc.property(
        anyUnitArb,
        fc.array(hashArb, { minLength: 1, maxLength: 16 }),
        (unit, parents) => {
          expect(getHeadersSize({ ...unit, parent_units: parents })).toBe(getHeadersSize(unit));
        },
      ),
    );
  });

  it('temp_data: the data is paid at half price and purging it changes neither hash nor size', () => {
    fc.assert(
      fc.property(anyUnitArb, fc.string({ minLength: 1, maxLength: 64 }), (unit, data) => {
        const payload = { data_length: data.length, data_hash: toBase64(new Uint8Array(32)) };
        const purged: GenericMessage = {
          app: 'temp_data',
          payload_location: 'inline',
          payload_hash: getMessagePayloadHash(
            { app: 'temp_data', payload_location: 'inline', payload_hash: '', payload },
            unit.version,
          ),
          payload,
        };
        const full: GenericMessage = { ...purged, payload: { ...payload, data } };
        expect(getMessagePayloadHash(full, unit.version)).toBe(purged.payload_hash);
        const withFull: Unit = { ...unit, messages: [...unit.messages, full] };
        const withPurged: Unit = { ...unit, messages: [...unit.messages, purged] };
        expect(getPayloadSize(withFull)).toBe(getPayloadSize(withPurged));
        expect(getUnitHash(withFull)).toBe(getUnitHash(withPurged));
        const dataFee = Math.ceil((data.length + 4) / 2);
        const keys = commissionCountsKeyLengths(unit.version);
        const messageSize =
          'temp_data'.length +
          'inline'.length +
          44 +
          8 +
          44 +
          (keys ? 'app'.length + 'payload_location'.length + 'payload_hash'.length : 0) +
          (keys ? 'payload'.length + 'data_length'.length + 'data_hash'.length : 0);
        expect(getPayloadSize(withPurged) - getPayloadSize(unit)).toBe(dataFee + messageSize);
      }),
    );
  });
});

describe('oversize fee properties', () => {
  const thresholdArb = fc.integer({ min: 1000, max: 100_000 });

  it('is zero at and below the threshold', () => {
    fc.assert(
      fc.property(thresholdArb, fc.double({ min: 0, max: 1, noNaN: true }), (threshold, f) => {
        expect(getOversizeFee(Math.floor(threshold * f), threshold)).toBe(0);
        expect(getOversizeFee(threshold, threshold)).toBe(0);
      }),
    );
  });

  it('is positive above the threshold and never decreases as the size grows', () => {
    // Up to ten times the threshold: beyond that the fee exceeds any balance (tested below).
    const caseArb = thresholdArb.chain((threshold) =>
      fc.record({
        threshold: fc.constant(threshold),
        over: fc.integer({ min: 1, max: 9 * threshold }),
        step: fc.integer({ min: 1, max: 5_000 }),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ threshold, over, step }) => {
        const size = threshold + over;
        const fee = getOversizeFee(size, threshold);
        expect(fee).toBeGreaterThan(0);
        expect(Number.isSafeInteger(fee)).toBe(true);
        expect(getOversizeFee(size + step, threshold)).toBeGreaterThanOrEqual(fee);
        expect(getOversizeFee(size + 1, threshold)).toBeGreaterThan(fee);
      }),
    );
  });

  it('rejects negative or fractional sizes and non-positive thresholds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: -1 }),
          fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
        ),
        (bad) => {
          expectProtocolError(() => getOversizeFee(bad, 10_000), 'unit');
          expectProtocolError(() => getOversizeFee(10_000, bad), 'unit');
          expectProtocolError(() => getOversizeFee(10_000, 0), 'unit');
        },
      ),
    );
  });

  it('fails instead of returning a fee beyond any balance', () => {
    expectProtocolError(() => getOversizeFee(5_000_000, 1000), 'amount');
  });
});

describe('system variables', () => {
  const entriesArb = fc
    .uniqueArray(fc.integer({ min: -1, max: 1_000_000 }), { minLength: 1, maxLength: 6 })
    .map((mcis) =>
      mcis
        .sort((a, b) => b - a)
        .map((vote_count_mci, i): SystemVarEntry<number> => ({
          vote_count_mci,
          value: i,
          is_emergency: 0,
        })),
    );

  it('takes the newest entry voted strictly before the MCI, whatever the list order', () => {
    fc.assert(
      fc.property(
        entriesArb,
        fc.integer({ min: -1, max: 1_000_001 }),
        fc.integer(),
        (entries, mci, seed) => {
          const inForce = entries.find((e) => e.vote_count_mci < mci);
          if (inForce === undefined) {
            expectProtocolError(() => getSystemVarValue(entries, mci), 'unit');
            return;
          }
          expect(getSystemVarValue(entries, mci)).toBe(inForce.value);
          expect(getSystemVarValue(shuffled(entries, seed), mci)).toBe(inForce.value);
          expect(getSystemVarValue(entries, inForce.vote_count_mci + 1)).toBe(inForce.value);
        },
      ),
    );
  });
});
