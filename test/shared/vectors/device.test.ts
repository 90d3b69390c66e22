/**
 * device.json: device key and address, hub login (plain and with limits), temp pubkey package,
 * and a complete hub/deliver (temp pubkey fetch, inner message, ECDH, AES-GCM, envelope,
 * signature, hashes, frames, outbox copy). Every field of every vector is checked; unknown
 * fields fail the run. Expected values come only from the vector file.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from '../../../shared/protocol/bytes';
import { chash160Parts, getDeviceAddress } from '../../../shared/protocol/chash';
import {
  decryptPackageWithKey,
  deriveAesKey,
  encryptPackage,
  getEcdhSharedX,
  parseEncryptedPackage,
} from '../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createHubLogin,
  createInnerMessage,
  createOutboxMessage,
  createTempPubkeyPackage,
  DELIVER_ACCEPTED,
  deliverRequest,
  getDeviceHashToSign,
  getDeviceMessageHash,
  getDeviceMessageHashJsonVariant,
  getDeviceSourceString,
  getLoginObject,
  getTempPubkeyRequest,
  hubLoginJustsaying,
  parseHubMessage,
  parseTempPubkeyPackage,
  serializeInnerMessage,
  TEMP_PUBKEY_UPDATED,
  tempPubkeyRequest,
  verifyDeviceObject,
  type LoginLimits,
} from '../../../shared/protocol/device';
import { getBase64Hash } from '../../../shared/protocol/hash';
import { derivePath, masterKeyFromMnemonic, serializeXprv } from '../../../shared/protocol/hd';
import type { JsonValue } from '../../../shared/protocol/json';
import { isValidHub, MAX_DEVICE_NAME_LENGTH } from '../../../shared/protocol/pairing';
import { getSourceString } from '../../../shared/protocol/serialize';
import { getPublicKey, getPublicKeyB64 } from '../../../shared/protocol/signature';
import { expectEncodingLegend, nonEmptyList, obj, onlyKeys, str } from './fields';
import { loadVectors } from './load';

/** A request frame as ocore writes it: tag = b64 sha256 of the JSON source string of {command, params}. */
function requestFrame(request: { command: string; params: unknown }): string {
  const tag = getBase64Hash(request, true);
  return JSON.stringify(['request', { ...request, tag }]);
}

const file = obj(loadVectors('device.json'), 'device.json');
const vectors = nonEmptyList(file['vectors'], 'device.json vectors');

describe('device.json', () => {
  it('has only known top-level fields and descriptive metadata', () => {
    onlyKeys(file, ['generated_with', 'about', 'encoding', 'vectors'], 'device.json');
    expect(typeof file['generated_with']).toBe('string');
    expect(typeof file['about']).toBe('string');
    expectEncodingLegend(file['encoding']);
  });

  vectors.forEach((raw: unknown, i) => {
    const v = obj(raw, `vectors[${i}]`);
    const id = typeof v['id'] === 'string' ? v['id'] : `#${i}`;
    const deviceKey = obj(v['key_derivation'], `${id}.key_derivation`);
    const privateKey = fromHex(str(deviceKey, 'device_private_key_hex', id));
    const pubkey = str(v, 'device_pubkey_b64', id);
    const deviceAddress = str(v, 'device_address', id);
    const hub = str(v, 'hub', id);

    describe(`vector ${id}`, () => {
      it('has only known fields', () => {
        onlyKeys(
          v,
          [
            'id',
            'key_derivation',
            'device_pubkey_b64',
            'device_pubkey_hex',
            'device_address_preimage',
            'ripemd160_of_preimage_hex',
            'device_address',
            'hub',
            'device_name',
            'login',
            'login_with_limits',
            'temp_pubkey',
            'deliver',
          ],
          id,
        );
        expect(typeof v['id']).toBe('string');
      });

      it('key derivation: mnemonic -> root xprv -> path -> private key -> pubkey -> address', () => {
        onlyKeys(
          deviceKey,
          ['mnemonic', 'passphrase', 'bip32_root_xprv', 'path', 'device_private_key_hex'],
          'key_derivation',
        );
        const root = masterKeyFromMnemonic(
          str(deviceKey, 'mnemonic', id),
          str(deviceKey, 'passphrase', id),
        );
        expect(serializeXprv(root)).toBe(str(deviceKey, 'bip32_root_xprv', id));
        expect(str(deviceKey, 'path', id)).toBe("m/1'");
        expect(toHex(derivePath(root, str(deviceKey, 'path', id)).privateKey)).toBe(
          toHex(privateKey),
        );

        expect(getPublicKeyB64(privateKey)).toBe(pubkey);
        expect(toHex(getPublicKey(privateKey))).toBe(str(v, 'device_pubkey_hex', id));
        const preimage = getSourceString(pubkey);
        expect(preimage).toBe(str(v, 'device_address_preimage', id));
        expect(toHex(chash160Parts(preimage).ripemd160)).toBe(
          str(v, 'ripemd160_of_preimage_hex', id),
        );
        expect(getDeviceAddress(pubkey)).toBe(deviceAddress);
      });

      it('hub and device name are usable', () => {
        expect(isValidHub(hub)).toBe(true);
        const name = str(v, 'device_name', id);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(MAX_DEVICE_NAME_LENGTH);
      });

      for (const section of ['login', 'login_with_limits'] as const) {
        it(`${section}: object, source string, digest, signature, body, frame`, () => {
          const login = obj(v[section], section);
          onlyKeys(
            login,
            [
              'note',
              'challenge',
              'object_to_sign',
              'source_string',
              'sha256_hex',
              'signature_b64',
              'justsaying_body',
              'wire',
            ],
            section,
          );
          if ('note' in login) expect(typeof login['note']).toBe('string');
          const challenge = str(login, 'challenge', section);
          const toSign = obj(login['object_to_sign'], `${section}.object_to_sign`);
          onlyKeys(
            toSign,
            ['challenge', 'pubkey', 'max_message_length', 'max_message_count'],
            `${section}.object_to_sign`,
          );
          const limits: LoginLimits = {};
          const { max_message_length: length, max_message_count: count } = toSign;
          if (typeof length === 'number') limits.max_message_length = length;
          if (typeof count === 'number') limits.max_message_count = count;

          const object = getLoginObject(challenge, pubkey, limits);
          expect(object).toEqual(toSign);
          expect(getDeviceSourceString(object)).toBe(str(login, 'source_string', section));
          expect(toHex(getDeviceHashToSign(object))).toBe(str(login, 'sha256_hex', section));

          const signed = createHubLogin(challenge, privateKey, limits);
          expect(signed.signature).toBe(str(login, 'signature_b64', section));
          // The body goes on the wire as built: compare the JSON text, key order included.
          expect(JSON.stringify(signed)).toBe(JSON.stringify(login['justsaying_body']));
          const body = obj(login['justsaying_body'], `${section}.justsaying_body`);
          expect(verifyDeviceObject(body, pubkey)).toBe(true);
          expect(getDeviceSourceString(body)).toBe(str(login, 'source_string', section));
          if ('wire' in login) {
            expect(JSON.stringify(['justsaying', hubLoginJustsaying(signed)])).toBe(
              str(login, 'wire', section),
            );
          }
        });
      }

      it('temp_pubkey: key, object, source string, digest, signature, package, frame', () => {
        const t = obj(v['temp_pubkey'], 'temp_pubkey');
        onlyKeys(
          t,
          [
            'temp_private_key_hex',
            'temp_pubkey_b64',
            'object_to_sign',
            'source_string',
            'sha256_hex',
            'signature_b64',
            'package',
            'request_wire',
            'expected_response',
          ],
          'temp_pubkey',
        );
        const tempPubkey = getPublicKeyB64(fromHex(str(t, 'temp_private_key_hex', 'temp_pubkey')));
        expect(tempPubkey).toBe(str(t, 'temp_pubkey_b64', 'temp_pubkey'));
        const pkg = createTempPubkeyPackage(tempPubkey, privateKey);
        const { signature, ...unsigned } = pkg;
        expect(unsigned).toEqual(t['object_to_sign']);
        expect(getDeviceSourceString(unsigned)).toBe(str(t, 'source_string', 'temp_pubkey'));
        expect(toHex(getDeviceHashToSign(unsigned))).toBe(str(t, 'sha256_hex', 'temp_pubkey'));
        expect(signature).toBe(str(t, 'signature_b64', 'temp_pubkey'));
        expect(JSON.stringify(pkg)).toBe(JSON.stringify(t['package']));
        expect(parseTempPubkeyPackage(t['package'], pubkey)).toEqual(pkg);
        expect(requestFrame(tempPubkeyRequest(pkg))).toBe(str(t, 'request_wire', 'temp_pubkey'));
        expect(str(t, 'expected_response', 'temp_pubkey')).toBe(TEMP_PUBKEY_UPDATED);
      });

      describe('deliver', () => {
        const d = obj(v['deliver'], 'deliver');
        const recipient = obj(d['recipient'], 'deliver.recipient');
        const recipientPubkey = str(recipient, 'pubkey_b64', 'recipient');
        const recipientTempPriv = fromHex(str(recipient, 'temp_private_key_hex', 'recipient'));
        const recipientAddress = str(recipient, 'device_address', 'recipient');
        const innerJson = str(d, 'inner_json_string', 'deliver');
        const params = obj(d['params'], 'deliver.params');

        it('has only known fields', () => {
          onlyKeys(
            d,
            [
              'description',
              'sent_to_hub',
              'recipient',
              'get_temp_pubkey_request_wire',
              'inner_message',
              'inner_json_string',
              'sender_ephemeral_private_key_hex',
              'iv_hex',
              'ecdh_shared_x_hex',
              'aes128_key_hex',
              'params',
              'object_to_sign',
              'source_string',
              'sha256_hex',
              'signature_b64',
              'hub_message_hash',
              'hub_message_hash_json_variant',
              'deliver_request_wire',
              'expected_response',
              'outbox_copy',
            ],
            'deliver',
          );
          onlyKeys(
            recipient,
            ['pubkey_b64', 'device_address', 'temp_private_key_hex', 'temp_pubkey_package'],
            'deliver.recipient',
          );
          expect(typeof d['description']).toBe('string');
          expect(isValidHub(str(d, 'sent_to_hub', 'deliver'))).toBe(true);
        });

        it('recipient address, temp pubkey package and get_temp_pubkey frame', () => {
          expect(getDeviceAddress(recipientPubkey)).toBe(recipientAddress);
          const pkg = parseTempPubkeyPackage(recipient['temp_pubkey_package'], recipientPubkey);
          expect(pkg.temp_pubkey).toBe(getPublicKeyB64(recipientTempPriv));
          expect(JSON.stringify(pkg)).toBe(JSON.stringify(recipient['temp_pubkey_package']));
          expect(() => parseTempPubkeyPackage(recipient['temp_pubkey_package'], pubkey)).toThrow(
            /another permanent pubkey/,
          );
          expect(requestFrame(getTempPubkeyRequest(recipientPubkey))).toBe(
            str(d, 'get_temp_pubkey_request_wire', 'deliver'),
          );
        });

        it('inner message and its JSON text', () => {
          const inner = obj(d['inner_message'], 'deliver.inner_message');
          onlyKeys(inner, ['from', 'device_hub', 'subject', 'body'], 'inner_message');
          const body = inner['body'] as JsonValue;
          const message = createInnerMessage(
            deviceAddress,
            hub,
            str(inner, 'subject', 'inner_message'),
            body,
          );
          expect(message).toEqual(inner);
          expect(serializeInnerMessage(message)).toBe(innerJson);
        });

        it('ECDH, AES key and the encrypted package (both directions)', () => {
          const ephPriv = fromHex(str(d, 'sender_ephemeral_private_key_hex', 'deliver'));
          const pkgExpected = obj(params['encrypted_package'], 'params.encrypted_package');
          const tempPubkey = getPublicKeyB64(recipientTempPriv);
          const sharedX = getEcdhSharedX(ephPriv, tempPubkey);
          expect(toHex(sharedX)).toBe(str(d, 'ecdh_shared_x_hex', 'deliver'));
          const dh = obj(pkgExpected['dh'], 'dh');
          expect(
            toHex(getEcdhSharedX(recipientTempPriv, str(dh, 'sender_ephemeral_pubkey', 'dh'))),
          ).toBe(str(d, 'ecdh_shared_x_hex', 'deliver'));
          expect(toHex(deriveAesKey(sharedX))).toBe(str(d, 'aes128_key_hex', 'deliver'));
          const iv = fromHex(str(d, 'iv_hex', 'deliver'));
          const pkg = encryptPackage(innerJson, tempPubkey, ephPriv, iv);
          expect(JSON.stringify(pkg)).toBe(JSON.stringify(pkgExpected));
          expect(pkg.iv).toBe(toBase64(iv));
          expect(decryptPackageWithKey(pkg, recipientTempPriv)).toBe(innerJson);
        });

        it('envelope, signature, hashes and the deliver frame', () => {
          const pkg = parseEncryptedPackage(params['encrypted_package']);
          const envelope = createDeviceEnvelope(pkg, recipientAddress, privateKey);
          const { signature, ...unsigned } = envelope;
          expect(JSON.stringify(unsigned)).toBe(JSON.stringify(d['object_to_sign']));
          expect(getDeviceSourceString(unsigned)).toBe(str(d, 'source_string', 'deliver'));
          expect(toHex(getDeviceHashToSign(unsigned))).toBe(str(d, 'sha256_hex', 'deliver'));
          expect(signature).toBe(str(d, 'signature_b64', 'deliver'));
          expect(JSON.stringify(envelope)).toBe(JSON.stringify(params));
          expect(verifyDeviceObject(params, pubkey)).toBe(true);
          expect(getDeviceMessageHash(envelope)).toBe(str(d, 'hub_message_hash', 'deliver'));
          expect(getDeviceMessageHashJsonVariant(envelope)).toBe(
            str(d, 'hub_message_hash_json_variant', 'deliver'),
          );
          expect(requestFrame(deliverRequest(envelope))).toBe(
            str(d, 'deliver_request_wire', 'deliver'),
          );
          expect(str(d, 'expected_response', 'deliver')).toBe(DELIVER_ACCEPTED);
          // What the recipient does with it once its hub pushes it (both hash variants).
          for (const hash of [
            str(d, 'hub_message_hash', 'deliver'),
            str(d, 'hub_message_hash_json_variant', 'deliver'),
          ]) {
            const received = parseHubMessage(
              { message_hash: hash, message: params },
              recipientAddress,
            );
            expect(JSON.stringify(received.message)).toBe(JSON.stringify(params));
          }
        });

        it('outbox copy to the permanent key', () => {
          const o = obj(d['outbox_copy'], 'outbox_copy');
          onlyKeys(
            o,
            [
              'note',
              'sender_ephemeral_private_key_hex',
              'iv_hex',
              'ecdh_shared_x_hex',
              'aes128_key_hex',
              'encrypted_package',
              'outbox_message_hash',
            ],
            'outbox_copy',
          );
          expect(typeof o['note']).toBe('string');
          const ephPriv = fromHex(str(o, 'sender_ephemeral_private_key_hex', 'outbox_copy'));
          const sharedX = getEcdhSharedX(ephPriv, recipientPubkey);
          expect(toHex(sharedX)).toBe(str(o, 'ecdh_shared_x_hex', 'outbox_copy'));
          expect(toHex(deriveAesKey(sharedX))).toBe(str(o, 'aes128_key_hex', 'outbox_copy'));
          const pkg = encryptPackage(
            innerJson,
            recipientPubkey,
            ephPriv,
            fromHex(str(o, 'iv_hex', 'outbox_copy')),
          );
          expect(JSON.stringify(pkg)).toBe(JSON.stringify(o['encrypted_package']));
          expect(getDeviceMessageHash(createOutboxMessage(pkg))).toBe(
            str(o, 'outbox_message_hash', 'outbox_copy'),
          );
        });
      });
    });
  });
});
