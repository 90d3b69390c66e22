/**
 * addresses.json (ocore object_hash.getChash160 / getDeviceAddress, chash.isChashValid):
 * definition → serialization → RIPEMD-160 → clean data → checksum → packed bytes → address,
 * device addresses from private keys, and checksum validity.
 */
import { describe, expect, it } from 'vitest';
import {
  chash160Parts,
  getAddressFromDefinition,
  getDefinitionPreimage,
  getDeviceAddress,
  isChashValid,
  isValidAddress,
  isValidDeviceAddress,
  parseAddress,
} from '../../../shared/protocol/chash';
import { fromHex, toHex } from '../../../shared/protocol/bytes';
import { ProtocolError } from '../../../shared/protocol/errors';
import { getJsonSourceString, getSourceString } from '../../../shared/protocol/serialize';
import { getPublicKeyB64 } from '../../../shared/protocol/signature';
import { expectFields, optionalStrings, str, type Json } from './fields';
import { loadVectors } from './load';

const DESCRIPTIVE = ['name', 'note'];

interface AddressesFile {
  vectors: Json[];
  device_addresses: Json[];
  checksum_validity: Json[];
}

const file = loadVectors<AddressesFile & Json>('addresses.json');
const SERIALIZERS: Record<string, (value: unknown) => string> = {
  source_string: getSourceString,
  json: getJsonSourceString,
};

describe('addresses.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(
      file,
      ['vectors', 'device_addresses', 'checksum_validity'],
      ['generated_with'],
      'addresses.json',
    );
    optionalStrings(file, ['generated_with']);
    expect(Array.isArray(file.vectors)).toBe(true);
    expect(Array.isArray(file.device_addresses)).toBe(true);
    expect(Array.isArray(file.checksum_validity)).toBe(true);
  });

  describe('definitions', () => {
    for (const [i, v] of file.vectors.entries()) {
      it(`${i}: ${String(v['name'])}`, () => {
        expectFields(
          v,
          ['definition', 'serialization', 'preimage', 'address'],
          [...DESCRIPTIVE, 'ripemd160_hex', 'clean_data_hex', 'checksum_hex', 'chash_bytes_hex'],
          `vectors[${i}]`,
        );
        optionalStrings(v, DESCRIPTIVE);
        const definition = v['definition'];
        const kind = str(v, 'serialization');
        const serializer = SERIALIZERS[kind];
        expect(serializer, `unknown serialization kind ${kind}`).toBeDefined();
        const preimage = str(v, 'preimage');
        expect(serializer?.(definition)).toBe(preimage);
        // The definition alone must select the same serialization (AA → JSON, else source string).
        expect(getDefinitionPreimage(definition)).toBe(preimage);

        const parts = chash160Parts(preimage);
        if ('ripemd160_hex' in v) expect(toHex(parts.ripemd160)).toBe(str(v, 'ripemd160_hex'));
        if ('clean_data_hex' in v) expect(toHex(parts.clean)).toBe(str(v, 'clean_data_hex'));
        if ('checksum_hex' in v) expect(toHex(parts.checksum)).toBe(str(v, 'checksum_hex'));
        if ('chash_bytes_hex' in v) expect(toHex(parts.bytes)).toBe(str(v, 'chash_bytes_hex'));
        const address = str(v, 'address');
        expect(parts.chash).toBe(address);
        expect(getAddressFromDefinition(definition)).toBe(address);
        expect(isChashValid(address)).toBe(true);
        expect(isValidAddress(address)).toBe(true);
        expect(parseAddress(address)).toBe(address);
      });
    }
  });

  describe('device addresses', () => {
    for (const [i, v] of file.device_addresses.entries()) {
      it(`${i}: ${String(v['name'])}`, () => {
        expectFields(
          v,
          ['private_key_hex', 'pubkey_base64', 'device_address'],
          [...DESCRIPTIVE, 'preimage', 'ripemd160_hex'],
          `device_addresses[${i}]`,
        );
        optionalStrings(v, DESCRIPTIVE);
        const pubkey = str(v, 'pubkey_base64');
        expect(getPublicKeyB64(fromHex(str(v, 'private_key_hex')))).toBe(pubkey);
        const preimage = getSourceString(pubkey);
        if ('preimage' in v) expect(preimage).toBe(str(v, 'preimage'));
        const parts = chash160Parts(preimage);
        if ('ripemd160_hex' in v) expect(toHex(parts.ripemd160)).toBe(str(v, 'ripemd160_hex'));
        const deviceAddress = str(v, 'device_address');
        expect('0' + parts.chash).toBe(deviceAddress);
        expect(getDeviceAddress(pubkey)).toBe(deviceAddress);
        expect(isValidDeviceAddress(deviceAddress)).toBe(true);
      });
    }
  });

  describe('checksum validity', () => {
    for (const [i, v] of file.checksum_validity.entries()) {
      it(`${i}: ${String(v['address'])}`, () => {
        expectFields(
          v,
          ['address'],
          [...DESCRIPTIVE, 'valid', 'valid_checksum', 'valid_address'],
          `checksum_validity[${i}]`,
        );
        optionalStrings(v, DESCRIPTIVE);
        const flags = ['valid', 'valid_checksum', 'valid_address'].filter((k) => k in v);
        expect(flags.length, 'a validity case states at least one verdict').toBeGreaterThan(0);
        for (const flag of flags) expect(v[flag], flag).toBeTypeOf('boolean');
        const address = str(v, 'address');

        // `valid` and `valid_address` are ocore ValidationUtils.isValidAddress.
        for (const flag of ['valid', 'valid_address'].filter((k) => k in v)) {
          const expected = v[flag] as boolean;
          expect(isValidAddress(address), flag).toBe(expected);
          // parseAddress is the same verdict for input a person typed (it trims surrounding space).
          if (expected) {
            expect(parseAddress(address)).toBe(address);
          } else if (address === address.trim()) {
            expect(() => parseAddress(address)).toThrow(ProtocolError);
          }
        }
        // `valid_checksum` is ocore chash.isChashValid, which ignores case.
        if ('valid_checksum' in v) {
          expect(isChashValid(address)).toBe(v['valid_checksum']);
        }
      });
    }
  });
});
