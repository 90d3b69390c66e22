/**
 * test/fixtures/aa-vectors.json, made by running ocore's own code (light mode, the light vendor
 * stubbed; see its generated_with): AA triggers with data composed by composer.composeJoint,
 * signed messages by signed_message.signMessage and judged by validateSignedMessageSync, links
 * by uri.parseUri, bounce fees by aa_addresses.checkAAOutputs. Every expected value comes from
 * the file; the code under test only reproduces it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  getBounceFees,
  missingBounceFees,
  triggerOutputs,
  withBaseDefinition,
} from '../../../shared/protocol/aa';
import { MIN_BYTES_BOUNCE_FEE } from '../../../shared/protocol/constants';
import { decodeBase64Data, parseDataPayload } from '../../../shared/protocol/aa-data';
import { fromBase64, fromHex, fromUtf8, toBase64 } from '../../../shared/protocol/bytes';
import { getHeadersSize, getLength, getPayloadSize } from '../../../shared/protocol/commission';
import { composePayment, signComposedUnit } from '../../../shared/protocol/compose';
import type { CoinCandidate } from '../../../shared/protocol/coins';
import { ProtocolError } from '../../../shared/protocol/errors';
import { getBase64Hash } from '../../../shared/protocol/hash';
import type { Hashable, JsonObject, JsonValue } from '../../../shared/protocol/json';
import {
  buildUnsignedMessagePackage,
  encodeSignedMessage,
  getSignedPackageHashToSign,
  parseSignedMessage,
  signMessagePackage,
  verifySignedMessage,
  type SignedMessagePackage,
} from '../../../shared/protocol/signed-message';
import { getUnitHash, getUnitHashToSign } from '../../../shared/protocol/unit';
import type { AddressDefinition, Unit } from '../../../shared/protocol/unit-types';
import { parseUri, type ObyteUri } from '../../../shared/protocol/uri';
import { NETWORKS } from '../../../shared/protocol/wire';

interface DataUnitVector {
  name: string;
  network_version: string;
  parents_info: {
    parent_units: string[];
    last_stable_mc_ball: string;
    last_stable_mc_ball_unit: string;
    last_stable_mc_ball_mci: number;
    timestamp: number;
    tps_fee: number;
    count_primary_aa_triggers: number;
  };
  vendor_request: { command: string; params: JsonObject };
  authors: { address: string; definition: AddressDefinition; private_key_hex: string }[];
  change_address: string;
  coins: {
    unit: string;
    message_index: number;
    output_index: number;
    amount: number;
    address: string;
    asset: string;
  }[];
  recipients: { address: string; amount: number; asset: string }[];
  data: JsonObject;
  max_aa_responses: number | null;
  threshold_size: number;
  expected: {
    unit: Unit;
    data_payload_hash: string;
    data_payload_length_with_keys: number;
    headers_commission: number;
    payload_commission: number;
    hash_to_sign_base64: string;
    unit_hash: string;
  };
}

interface SignedCase {
  name: string;
  network_aware: boolean;
  message: Hashable;
  address: string;
  private_key_hex: string;
  signed: SignedMessagePackage;
  hash_to_sign_base64: string;
  valid: boolean | null;
  base64: string;
}

interface AaVectors {
  generated_with: string;
  min_bytes_bounce_fee: number;
  aa_definitions: { address: string; definition: JsonValue }[];
  data_units: DataUnitVector[];
  signed_messages: {
    cases: SignedCase[];
    invalid: { name: string; signed: JsonValue; valid: boolean; ocore_error: string }[];
  };
  uris: { uri: string; ocore: { ok: true; value: JsonObject } | { ok: false; error: string } }[];
  bounce_fee_checks: {
    name: string;
    payments: { asset: string | null; outputs: { address: string; amount: number }[] }[];
    ocore: null | {
      error: string;
      missing_bounce_fees: {
        address: string;
        asset: string;
        missing_amount: number;
        recommended_amount: number;
      }[];
    };
  }[];
}

const path = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/aa-vectors.json');
const file = JSON.parse(readFileSync(path, 'utf8')) as AaVectors;

describe('aa-vectors.json', () => {
  it('has every section, none empty', () => {
    expect(Object.keys(file).sort()).toEqual([
      'aa_definitions',
      'bounce_fee_checks',
      'data_units',
      'generated_with',
      'min_bytes_bounce_fee',
      'signed_messages',
      'uris',
    ]);
    expect(file.min_bytes_bounce_fee).toBe(MIN_BYTES_BOUNCE_FEE);
    for (const list of [file.aa_definitions, file.data_units, file.uris, file.bounce_fee_checks]) {
      expect(list.length).toBeGreaterThan(0);
    }
  });
});

describe('AA trigger units with data (ocore composer.composeJoint)', () => {
  it.each(file.data_units.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const unit = v.expected.unit;
    // ocore's own numbers for the unit it composed.
    expect(getHeadersSize(unit)).toBe(v.expected.headers_commission);
    expect(getPayloadSize(unit)).toBe(v.expected.payload_commission);
    expect(unit.headers_commission).toBe(v.expected.headers_commission);
    expect(unit.payload_commission).toBe(v.expected.payload_commission);
    expect(toBase64(getUnitHashToSign(unit))).toBe(v.expected.hash_to_sign_base64);
    expect(getUnitHash(unit)).toBe(v.expected.unit_hash);
    expect(unit.unit).toBe(v.expected.unit_hash);

    // The data payload: checked, hashed and sized as ocore does.
    const data = parseDataPayload(v.data);
    expect(getBase64Hash(data, true)).toBe(v.expected.data_payload_hash);
    expect(getLength(data, true)).toBe(v.expected.data_payload_length_with_keys);

    // Our composer makes the very same unit from the same inputs.
    const byAsset: Record<string, CoinCandidate[]> = {};
    for (const coin of v.coins) {
      (byAsset[coin.asset] ??= []).push({ ...coin, is_stable: true, main_chain_index: 1000 });
    }
    const aaAddresses =
      v.parents_info.count_primary_aa_triggers > 0
        ? [...new Set(v.recipients.map((r) => r.address))]
        : [];
    const composed = composePayment({
      network: 'mainnet',
      parentsInfo: v.parents_info,
      thresholdSize: v.threshold_size,
      authors: v.authors.map((a) => ({ address: a.address, definition: a.definition })),
      changeAddress: v.change_address,
      coins: byAsset,
      coinSelection: 'given',
      recipients: v.recipients,
      messages: [{ app: 'data', payload: data }],
      aaAddresses,
      ...(v.max_aa_responses === null ? {} : { maxAaResponses: v.max_aa_responses }),
    });
    const keys = new Map(v.authors.map((a) => [a.address, a.private_key_hex]));
    const signed = signComposedUnit(composed, (address) => fromHex(keys.get(address) ?? ''));
    expect(signed.unit).toEqual(unit);
    expect(signed.unitHash).toBe(v.expected.unit_hash);

    // What ocore asked the hub for: the same authors, outputs and max_aa_responses.
    const params = v.vendor_request.params;
    expect(v.vendor_request.command).toBe('light/get_parents_and_last_ball_and_witness_list_unit');
    expect(params['from_addresses']).toEqual(v.authors.map((a) => a.address).sort());
    expect(new Set(params['output_addresses'] as string[])).toEqual(
      new Set([v.change_address, ...v.recipients.map((r) => r.address)]),
    );
    expect(params['max_aa_responses']).toBe(v.max_aa_responses ?? 10);
  });
});

function signerOf(c: SignedCase): (path: string) => Uint8Array {
  return () => fromHex(c.private_key_hex);
}

describe('signed messages (ocore signed_message.signMessage)', () => {
  it.each(file.signed_messages.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [author] = c.signed.authors;
    const unsigned = buildUnsignedMessagePackage({
      message: c.message,
      address: c.address,
      network: NETWORKS.mainnet,
      ...(author?.definition ? { definition: author.definition } : {}),
      ...(c.signed.last_ball_unit ? { lastBallUnit: c.signed.last_ball_unit } : {}),
    });
    expect(toBase64(getSignedPackageHashToSign(unsigned))).toBe(c.hash_to_sign_base64);
    const signed = signMessagePackage(unsigned, signerOf(c));
    expect(signed).toEqual(c.signed);
    // The official wallet's base64 reply, byte for byte (field order included).
    expect(encodeSignedMessage(signed)).toBe(c.base64);
    const parsed = parseSignedMessage(c.signed, NETWORKS.mainnet.supportedVersions);
    expect(toBase64(getSignedPackageHashToSign(parsed))).toBe(c.hash_to_sign_base64);
    const verdict = verifySignedMessage(parsed);
    expect(verdict.status).toBe('valid');
    if (c.valid !== null) expect(c.valid).toBe(true);
  });

  it.each(file.signed_messages.invalid.map((c) => [c.name, c] as const))(
    'refuses what ocore refuses: %s',
    (_name, c) => {
      expect(c.valid).toBe(false);
      let verdict: string;
      try {
        verdict = verifySignedMessage(
          parseSignedMessage(c.signed, NETWORKS.mainnet.supportedVersions),
        ).status;
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        verdict = 'refused';
      }
      expect(verdict).not.toBe('valid');
    },
  );
});

/** ocore's parseUri result in the shape of ours. */
function expectedUri(value: JsonObject, scheme: string): Record<string, unknown> {
  const { type, ...rest } = value;
  switch (type) {
    case 'address':
      return {
        type: 'payment',
        address: rest['address'],
        amount: rest['amount'] ?? null,
        asset: rest['asset'] ?? null,
        additional_assets: rest['additional_assets'] ?? null,
        device_address: rest['device_address'] ?? null,
        base64data: rest['base64data'] ?? null,
        from_address: rest['from_address'] ?? null,
        single_address: rest['single_address'] === 1,
        scheme,
      };
    case 'data':
      return { type: 'data', app: rest['app'], params: rest, scheme };
    case 'pairing':
      return { type: 'pairing', ...rest, scheme };
    case 'textcoin':
      return { type: 'textcoin', mnemonic: rest['mnemonic'], scheme };
    case 'auth':
      return { type: 'auth', params: rest['params'], scheme };
    default:
      throw new Error(`unknown ocore link type ${String(type)}`);
  }
}

function ours(uri: ObyteUri): Record<string, unknown> {
  const { ...copy } = uri as unknown as Record<string, unknown>;
  if (uri.type === 'payment') delete copy['recipient_kind'];
  if (uri.type === 'pairing') delete copy['device_address'];
  return copy;
}

describe('obyte: links (ocore uri.parseUri)', () => {
  it.each(file.uris.map((u) => [u.uri, u] as const))('%s', (_text, u) => {
    if (!u.ocore.ok) {
      expect(() => parseUri(u.uri)).toThrow(ProtocolError);
      return;
    }
    const scheme = (u.uri.split(':')[0] ?? '').toLowerCase();
    const parsed = parseUri(u.uri);
    expect(ours(parsed)).toEqual(expectedUri(u.ocore.value, scheme));
    if (parsed.type === 'payment' && parsed.base64data !== null) {
      // The data the link carries, as the official wallet decodes it.
      const decoded = JSON.parse(fromUtf8(fromBase64(parsed.base64data))) as JsonValue;
      expect(decodeBase64Data(parsed.base64data)).toEqual(decoded);
    }
  });
});

describe('AA definitions and bounce fees (ocore aa_addresses.checkAAOutputs)', () => {
  const definitions = new Map(file.aa_definitions.map((d) => [d.address, d.definition]));

  it.each(file.aa_definitions.map((d) => [d.address, d] as const))(
    'the definition of %s hashes to it, and to no other address',
    (address, d) => {
      const kind = classifyAddress(address, d.definition);
      expect(kind.kind).toBe('aa');
      const other = file.aa_definitions.find((x) => x.address !== address);
      expect(() => classifyAddress(other?.address ?? '', d.definition)).toThrow(ProtocolError);
      if (kind.kind === 'aa' && kind.aa.baseAa !== null) {
        expect(kind.aa.bounceFees).toBeNull();
        const full = withBaseDefinition(kind.aa, definitions.get(kind.aa.baseAa));
        const base = classifyAddress(kind.aa.baseAa, definitions.get(kind.aa.baseAa));
        expect(base.kind === 'aa' && full.bounceFees).toEqual(
          base.kind === 'aa' && base.aa.bounceFees,
        );
        expect(() => withBaseDefinition(kind.aa, d.definition)).toThrow(ProtocolError);
      }
    },
  );

  it.each(file.bounce_fee_checks.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outputs = c.payments.flatMap((p) =>
      p.outputs.map((o) => ({ ...o, asset: p.asset ?? 'base' })),
    );
    const missing = [...new Set(outputs.map((o) => o.address))].flatMap((address) => {
      const kind = classifyAddress(address, definitions.get(address));
      if (kind.kind !== 'aa') throw new Error('not an AA in the vectors');
      const fees = getBounceFees(kind.aa.template, address);
      return missingBounceFees(fees, triggerOutputs(address, outputs)).map((m) => ({
        address,
        ...m,
      }));
    });
    expect(missing).toEqual(c.ocore?.missing_bounce_fees ?? []);
  });
});
