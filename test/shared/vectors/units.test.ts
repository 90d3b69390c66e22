/**
 * units.json (ocore object_hash / object_length / storage.getOversizeFee, every unit accepted by
 * validation.validateLight): unit, content, stripped-unit, payload and signing hashes with their
 * preimages, both commissions, oversize fees, balance breakdowns, signatures by the test keys,
 * hub-served copies, ball hashes and oversize-fee examples.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, isBase64, toBase64, toHex } from '../../../shared/protocol/bytes';
import { getAddressFromDefinition } from '../../../shared/protocol/chash';
import {
  getBaseBalance,
  getHeadersSize,
  getOversizeFee,
  getPayloadSize,
  getUnitOversizeFee,
  isBaseBalanced,
  verifyUnitCommissions,
} from '../../../shared/protocol/commission';
import { sha256Base64 } from '../../../shared/protocol/hash';
import { getPublicKeyB64, sign, verify } from '../../../shared/protocol/signature';
import {
  commissionCountsKeyLengths,
  getBallHash,
  getBallPreimage,
  getContentHashPreimage,
  getHashToSignPreimage,
  getMessagePayloadHash,
  getSerializationKind,
  getStrippedUnit,
  getUnitContentHash,
  getUnitHash,
  getUnitHashPreimage,
  getUnitHashToSign,
  getUnitHashToSignB64,
  isTimestampHashed,
  serializeForVersion,
} from '../../../shared/protocol/unit';
import { parseUnit } from '../../../shared/protocol/unit-parse';
import type { Unit } from '../../../shared/protocol/unit-types';
import {
  isPaymentMessage,
  isVoidedUnit,
  parseUnitVersion,
} from '../../../shared/protocol/unit-types';
import { bool, expectFields, int, list, optionalStrings, record, str, type Json } from './fields';
import { loadVectors } from './load';

/** Free text that explains a vector; nothing to compute from it. */
const DESCRIPTIVE = ['name', 'note'];

/** Descriptive fields, when present, are non-empty text. */
function expectDescriptive(obj: Json): void {
  for (const text of optionalStrings(obj, DESCRIPTIVE)) expect(text.length).toBeGreaterThan(0);
}

function fullUnit(raw: unknown): Unit {
  const unit = parseUnit(raw);
  if (isVoidedUnit(unit)) throw new Error('this suite checks units with content only');
  return unit;
}

const OVERSIZE_AT_RE = /^oversize_fee_at_threshold_(\d+)$/;

const EXPECTED_FIELDS = [
  'unit_hash',
  'content_hash',
  'content_hash_preimage',
  'stripped_unit',
  'stripped_unit_preimage',
  'hash_to_sign_hex',
  'hash_to_sign_base64',
  'hash_to_sign_preimage',
  'payload_hashes',
  'headers_commission',
  'payload_commission',
  'serialization',
  'commission_counts_key_lengths',
  'passes_ocore_validateLight',
  'balance_check',
  'note_excluded_fields',
];

const BALANCE_FIELDS = [
  'assumed_total_input',
  'total_output',
  'headers_commission',
  'payload_commission',
  'oversize_fee',
  'tps_fee',
  'burn_fee',
  'change_amount',
];

/** Alt per network (light-client.md §0); the version suffix must name the same network. */
const NETWORK_ALT: Record<string, string> = { mainnet: '1', testnet: '2', devnet: '3' };

/**
 * What a light client can re-check of ocore's validateLight offline: the unit hash, every payload
 * hash and the declared commissions and oversize fee. Returns the problems found.
 */
function localProblems(unit: Unit, threshold: number | undefined): string[] {
  const problems: string[] = [];
  const attempt = (what: string, check: () => boolean): void => {
    try {
      if (!check()) problems.push(what);
    } catch (error) {
      problems.push(`${what}: ${String(error)}`);
    }
  };
  attempt('unit hash', () => unit.unit === getUnitHash(unit));
  for (const [i, m] of unit.messages.entries()) {
    if (m.payload_location !== 'inline') continue;
    attempt(`payload hash ${i}`, () => getMessagePayloadHash(m, unit.version) === m.payload_hash);
  }
  attempt('commissions', () => {
    if (threshold === undefined) throw new Error('no threshold_size_used to check fees with');
    verifyUnitCommissions(unit, threshold);
    return true;
  });
  return problems;
}

/** The `sig` leaf an authentifier path ("r", "r.1", …) designates in a definition. */
function definitionAt(definition: unknown, path: string): unknown {
  const [root, ...indexes] = path.split('.');
  expect(root, `authentifier path ${path}`).toBe('r');
  let node = definition;
  for (const index of indexes) {
    const [op, args] = node as [string, unknown];
    const i = Number(index);
    if (op === 'or' || op === 'and') node = (args as unknown[])[i];
    else if (op === 'r of set') node = (args as { set: unknown[] }).set[i];
    else if (op === 'weighted and') node = (args as { set: { value: unknown }[] }).set[i]?.value;
    else throw new Error(`cannot follow path ${path} into a "${op}" definition`);
  }
  return node;
}

interface UnitsFile {
  vectors: unknown[];
  ball_examples?: unknown[];
  oversize_fee_examples?: unknown[];
}

const file = loadVectors<UnitsFile & Json>('units.json');
const threshold = 'threshold_size_used' in file ? int(file, 'threshold_size_used') : undefined;

describe('units.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(
      file,
      ['vectors'],
      ['generated_with', 'threshold_size_used', 'ball_examples', 'oversize_fee_examples'],
      'units.json',
    );
    if ('generated_with' in file) expect(str(file, 'generated_with')).toMatch(/ocore/);
    expect(list(file, 'vectors').length).toBeGreaterThan(0);
    if ('ball_examples' in file) list(file, 'ball_examples');
    if ('oversize_fee_examples' in file) list(file, 'oversize_fee_examples');
  });

  it('threshold_size_used is a positive integer (the threshold every unit fee below uses)', () => {
    if (threshold === undefined) return;
    expect(threshold).toBeGreaterThan(0);
  });

  for (const [i, rawVector] of file.vectors.entries()) {
    const v = rawVector as Json;
    describe(`vectors[${i}]: ${String(v['name'])}`, () => {
      it('has only fields this suite checks', () => {
        expectFields(
          v,
          ['unit', 'expected'],
          [...DESCRIPTIVE, 'source', 'version', 'signers', 'as_served_by_hub', 'ball_as_published'],
          `vectors[${i}]`,
        );
        expectDescriptive(v);
        expectFields(
          record(v, 'expected'),
          ['unit_hash'],
          [...EXPECTED_FIELDS, OVERSIZE_AT_RE],
          `vectors[${i}].expected`,
        );
      });

      const unit = (): Unit => fullUnit(v['unit']);
      const expected = (): Json => record(v, 'expected');

      it('parses as a typed unit with content', () => {
        expect(isVoidedUnit(parseUnit(v['unit']))).toBe(false);
      });

      it('version and source agree with the unit (network suffix and alt)', () => {
        const u = unit();
        if ('version' in v) expect(str(v, 'version')).toBe(u.version);
        if (!('source' in v)) return;
        const source = str(v, 'source');
        expect(['mainnet', 'testnet', 'devnet', 'synthetic']).toContain(source);
        if (source === 'synthetic') return;
        expect(parseUnitVersion(u.version).network).toBe(source);
        expect(u.alt).toBe(NETWORK_ALT[source]);
      });

      it('unit_hash: the stripped unit hashes to it, and the unit names it', () => {
        const u = unit();
        const hash = str(expected(), 'unit_hash');
        expect(getUnitHash(u)).toBe(hash);
        if (u.unit !== undefined) expect(u.unit).toBe(hash);
      });

      it('content_hash and its preimage (naked unit)', () => {
        const e = expected();
        const u = unit();
        if ('content_hash' in e) expect(getUnitContentHash(u)).toBe(str(e, 'content_hash'));
        if ('content_hash_preimage' in e) {
          const preimage = str(e, 'content_hash_preimage');
          expect(getContentHashPreimage(u)).toBe(preimage);
          if ('content_hash' in e) expect(sha256Base64(preimage)).toBe(str(e, 'content_hash'));
        }
      });

      it('stripped_unit deep-equals ours, and its preimage hashes to unit_hash', () => {
        const e = expected();
        const u = unit();
        if ('stripped_unit' in e) {
          const stripped = record(e, 'stripped_unit');
          expect(getStrippedUnit(u)).toEqual(stripped);
          if ('content_hash' in e) expect(stripped['content_hash']).toBe(e['content_hash']);
          expect(sha256Base64(serializeForVersion(stripped, u.version))).toBe(e['unit_hash']);
        }
        if ('stripped_unit_preimage' in e) {
          const preimage = str(e, 'stripped_unit_preimage');
          expect(getUnitHashPreimage(u)).toBe(preimage);
          expect(sha256Base64(preimage)).toBe(str(e, 'unit_hash'));
        }
      });

      it('hash to sign: hex, base64 and preimage', () => {
        const e = expected();
        const u = unit();
        const digest = getUnitHashToSign(u);
        expect(digest.length).toBe(32);
        if ('hash_to_sign_hex' in e) expect(toHex(digest)).toBe(str(e, 'hash_to_sign_hex'));
        if ('hash_to_sign_base64' in e) {
          expect(getUnitHashToSignB64(u)).toBe(str(e, 'hash_to_sign_base64'));
        }
        if ('hash_to_sign_hex' in e && 'hash_to_sign_base64' in e) {
          expect(toBase64(fromHex(str(e, 'hash_to_sign_hex')))).toBe(e['hash_to_sign_base64']);
        }
        if ('hash_to_sign_preimage' in e) {
          const preimage = str(e, 'hash_to_sign_preimage');
          expect(getHashToSignPreimage(u)).toBe(preimage);
          expect(sha256Base64(preimage)).toBe(toBase64(digest));
        }
      });

      it('payload_hashes: one per message, recomputed and as carried', () => {
        const e = expected();
        if (!('payload_hashes' in e)) return;
        const u = unit();
        const hashes = list(e, 'payload_hashes');
        expect(hashes.length).toBe(u.messages.length);
        for (const [m, message] of u.messages.entries()) {
          expect(getMessagePayloadHash(message, u.version), `message ${m}`).toBe(hashes[m]);
          expect(message.payload_hash, `message ${m}`).toBe(hashes[m]);
        }
      });

      it('headers_commission and payload_commission: recomputed and as declared', () => {
        const e = expected();
        const u = unit();
        if ('headers_commission' in e) {
          expect(getHeadersSize(u)).toBe(int(e, 'headers_commission'));
          if (u.headers_commission !== undefined)
            expect(u.headers_commission).toBe(e['headers_commission']);
        }
        if ('payload_commission' in e) {
          expect(getPayloadSize(u)).toBe(int(e, 'payload_commission'));
          if (u.payload_commission !== undefined)
            expect(u.payload_commission).toBe(e['payload_commission']);
        }
      });

      it('serialization kind and whether key lengths count', () => {
        const e = expected();
        const u = unit();
        if ('serialization' in e)
          expect(getSerializationKind(u.version)).toBe(str(e, 'serialization'));
        if ('commission_counts_key_lengths' in e) {
          expect(commissionCountsKeyLengths(u.version)).toBe(
            bool(e, 'commission_counts_key_lengths'),
          );
        }
      });

      it('oversize_fee_at_threshold_N: recomputed, and declared exactly when non-zero', () => {
        const e = expected();
        const u = unit();
        for (const key of Object.keys(e)) {
          const match = OVERSIZE_AT_RE.exec(key);
          if (!match) continue;
          const at = Number(match[1]);
          if (threshold !== undefined) expect(at, 'threshold_size_used').toBe(threshold);
          const fee = int(e, key);
          expect(getUnitOversizeFee(u, at)).toBe(fee);
          expect(u.oversize_fee).toBe(fee === 0 ? undefined : fee);
        }
      });

      it('passes_ocore_validateLight: agrees with the offline checks (hashes, fees)', () => {
        const e = expected();
        if (!('passes_ocore_validateLight' in e)) return;
        const problems = localProblems(unit(), threshold);
        if (bool(e, 'passes_ocore_validateLight')) expect(problems).toEqual([]);
        else expect(problems.length).toBeGreaterThan(0);
      });

      it('note_excluded_fields is prose; its claim holds: unhashed fields do not move the hashes', () => {
        const e = expected();
        if ('note_excluded_fields' in e)
          expect(str(e, 'note_excluded_fields').length).toBeGreaterThan(0);
        const u = unit();
        const hash = getUnitHash(u);
        const digest = getUnitHashToSignB64(u);
        const changes: Partial<Unit>[] = [
          { unit: sha256Base64('another unit') },
          { headers_commission: 1 },
          { payload_commission: 1 },
          { oversize_fee: 1 },
          { main_chain_index: 42 },
          { actual_tps_fee: null },
          { actual_tps_fee: 7 },
        ];
        if (!isTimestampHashed(u.version)) changes.push({ timestamp: 1 });
        for (const change of changes) {
          const changed: Unit = { ...u, ...change };
          expect(getUnitHash(changed), JSON.stringify(change)).toBe(hash);
          expect(getUnitHashToSignB64(changed), JSON.stringify(change)).toBe(digest);
        }
        if (isTimestampHashed(u.version) && u.timestamp !== undefined) {
          expect(getUnitHash({ ...u, timestamp: u.timestamp + 1 })).not.toBe(hash);
        }
        if (u.tps_fee !== undefined) {
          expect(getUnitHashToSignB64({ ...u, tps_fee: u.tps_fee + 1 })).not.toBe(digest);
        }
      });

      it('balance_check: Σ inputs = Σ outputs + headers + payload + oversize + tps + burn', () => {
        const e = expected();
        if (!('balance_check' in e)) return;
        const b = expectFields(e['balance_check'], BALANCE_FIELDS, [], 'balance_check');
        const u = unit();
        const balance = getBaseBalance(u);
        expect(balance.total_output).toBe(int(b, 'total_output'));
        expect(balance.headers_commission).toBe(int(b, 'headers_commission'));
        expect(getHeadersSize(u)).toBe(b['headers_commission']);
        expect(balance.payload_commission).toBe(int(b, 'payload_commission'));
        expect(getPayloadSize(u)).toBe(b['payload_commission']);
        expect(balance.oversize_fee).toBe(int(b, 'oversize_fee'));
        expect(threshold, 'threshold_size_used is needed to check oversize_fee').toBeDefined();
        expect(getUnitOversizeFee(u, threshold ?? 0)).toBe(b['oversize_fee']);
        expect(balance.tps_fee).toBe(int(b, 'tps_fee'));
        expect(balance.burn_fee).toBe(int(b, 'burn_fee'));
        expect(balance.vote_count_fee).toBe(0);
        const input = int(b, 'assumed_total_input');
        expect(balance.total_input).toBe(input);
        expect(isBaseBalanced(u, input)).toBe(true);
        expect(isBaseBalanced(u, input + 1)).toBe(false);
        // The change is what the payment returns to the unit's own authors.
        const authors = new Set(u.authors.map((a) => a.address));
        const payment = u.messages.filter(isPaymentMessage).find((m) => !m.payload?.asset);
        const outputs = payment?.payload?.outputs ?? [];
        const change = outputs
          .filter((o) => o.address !== undefined && authors.has(o.address))
          .reduce((sum, o) => sum + o.amount, 0);
        expect(change).toBe(int(b, 'change_amount'));
      });

      it('signers: keys derive the pubkeys, definitions the addresses; signatures verify and re-sign identically', () => {
        if (!('signers' in v)) return;
        const u = unit();
        const digest = getUnitHashToSign(u);
        const signers = record(v, 'signers');
        expect(Object.keys(signers).length).toBeGreaterThan(0);
        for (const [address, rawSigner] of Object.entries(signers)) {
          const signer = expectFields(rawSigner, ['signing_keys'], ['definition'], address);
          const author = u.authors.find((a) => a.address === address);
          expect(author, `author ${address}`).toBeDefined();
          if (!author) continue;
          const definition = 'definition' in signer ? signer['definition'] : author.definition;
          if ('definition' in signer) {
            expect(getAddressFromDefinition(definition)).toBe(address);
            if (author.definition) expect(author.definition).toEqual(definition);
          }
          const keys = record(signer, 'signing_keys');
          const authentifiers = author.authentifiers ?? {};
          expect(Object.keys(keys).sort()).toEqual(Object.keys(authentifiers).sort());
          for (const [path, rawKey] of Object.entries(keys)) {
            const key = expectFields(
              rawKey,
              ['private_key_hex', 'pubkey'],
              [],
              `${address} ${path}`,
            );
            const priv = fromHex(str(key, 'private_key_hex'));
            const pubkey = str(key, 'pubkey');
            expect(getPublicKeyB64(priv)).toBe(pubkey);
            if (definition !== undefined) {
              expect(definitionAt(definition, path)).toEqual(['sig', { pubkey }]);
            } else {
              expect(path).toBe('r');
              expect(getAddressFromDefinition(['sig', { pubkey }])).toBe(address);
            }
            const signature = authentifiers[path];
            expect(verify(digest, signature, pubkey), `${address} ${path}`).toBe(true);
            expect(sign(digest, priv)).toBe(signature);
          }
        }
      });

      it('as_served_by_hub: the served copy (main_chain_index, actual_tps_fee) hashes the same', () => {
        if (!('as_served_by_hub' in v)) return;
        const served = expectFields(
          v['as_served_by_hub'],
          ['joint'],
          DESCRIPTIVE,
          'as_served_by_hub',
        );
        expectDescriptive(served);
        const joint = expectFields(served['joint'], ['unit'], [], 'as_served_by_hub.joint');
        const e = expected();
        const copy = fullUnit(joint['unit']);
        expect(getUnitHash(copy)).toBe(e['unit_hash']);
        expect(copy.unit).toBe(e['unit_hash']);
        if ('content_hash' in e) expect(getUnitContentHash(copy)).toBe(e['content_hash']);
        if ('stripped_unit' in e) expect(getStrippedUnit(copy)).toEqual(e['stripped_unit']);
        if ('hash_to_sign_base64' in e)
          expect(getUnitHashToSignB64(copy)).toBe(e['hash_to_sign_base64']);
        if ('headers_commission' in e) expect(getHeadersSize(copy)).toBe(e['headers_commission']);
        if ('payload_commission' in e) expect(getPayloadSize(copy)).toBe(e['payload_commission']);
        const { main_chain_index: _mci, actual_tps_fee: _fee, ...rest } = copy;
        const { main_chain_index: _mci2, actual_tps_fee: _fee2, ...original } = unit();
        expect(rest).toEqual(original);
      });

      it('ball_as_published cannot be recomputed offline (the parents’ balls are not in the vector): it is a 32-byte hash distinct from the unit hash', () => {
        if (!('ball_as_published' in v)) return;
        const ball = str(v, 'ball_as_published');
        expect(isBase64(ball, 32)).toBe(true);
        expect(ball).not.toBe(expected()['unit_hash']);
        expect(ball).not.toBe(getBallHash(str(expected(), 'unit_hash')));
      });
    });
  }

  describe('ball_examples', () => {
    for (const [i, raw] of (file.ball_examples ?? []).entries()) {
      const b = raw as Json;
      it(`${i}: ${String(b['name'])}`, () => {
        expectFields(
          b,
          ['unit', 'preimage', 'ball'],
          [...DESCRIPTIVE, 'parent_balls', 'skiplist_balls', 'is_nonserial'],
          `ball_examples[${i}]`,
        );
        expectDescriptive(b);
        const parents = 'parent_balls' in b ? (list(b, 'parent_balls') as string[]) : [];
        const skiplist = 'skiplist_balls' in b ? (list(b, 'skiplist_balls') as string[]) : [];
        const nonserial = 'is_nonserial' in b ? bool(b, 'is_nonserial') : false;
        const unitHash = str(b, 'unit');
        expect(getBallPreimage(unitHash, parents, skiplist, nonserial)).toBe(str(b, 'preimage'));
        expect(getBallHash(unitHash, parents, skiplist, nonserial)).toBe(str(b, 'ball'));
      });
    }
  });

  describe('oversize_fee_examples', () => {
    for (const [i, raw] of (file.oversize_fee_examples ?? []).entries()) {
      const o = raw as Json;
      it(`${i}: size ${String(o['size'])} at threshold ${String(o['threshold_size'])}`, () => {
        expectFields(
          o,
          ['size', 'threshold_size', 'oversize_fee'],
          DESCRIPTIVE,
          `oversize_fee_examples[${i}]`,
        );
        expectDescriptive(o);
        expect(getOversizeFee(int(o, 'size'), int(o, 'threshold_size'))).toBe(
          int(o, 'oversize_fee'),
        );
      });
    }
  });
});
