/**
 * encrypted-message.json: the wallet as recipient (permanent, temp and previous temp keys), every
 * decrypt case (key choice, ECDH, AES key, byte-exact re-encryption, nested layers, envelope,
 * hash, ack frame), the pairing flow in both directions, and pairing-code parsing. Every field
 * of every vector is checked; unknown fields fail the run. Expected values come only from the
 * vector file.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../shared/protocol/bytes';
import { getDeviceAddress } from '../../../shared/protocol/chash';
import {
  decryptPackage,
  decryptPackageWithKey,
  deriveAesKey,
  encryptPackage,
  getEcdhSharedX,
  parseEncryptedPackage,
  type DeviceKeys,
} from '../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createInnerMessage,
  createOutboxMessage,
  getDeviceMessageHash,
  hubDeleteJustsaying,
  openHubMessage,
  parseHubMessage,
  parseInnerMessage,
  parseTempPubkeyPackage,
  serializeInnerMessage,
  verifyDeviceObject,
} from '../../../shared/protocol/device';
import type { JsonValue } from '../../../shared/protocol/json';
import {
  createPairingBody,
  formatPairingCode,
  isValidHub,
  parsePairingCode,
  parsePairingRequest,
  splitPairingCode,
} from '../../../shared/protocol/pairing';
import { getPublicKeyB64 } from '../../../shared/protocol/signature';
import { expectProtocolError } from '../protocol-error';
import { expectEncodingLegend, nonEmptyList, obj, onlyKeys, str, type Json } from './fields';
import { loadVectors } from './load';

/** The vectors' keys are raw bytes (DeviceKeys also takes a signer that keeps them). */
type RawDeviceKeys = DeviceKeys & { permanent: Uint8Array; temp: Uint8Array };

/** Same JSON text (key order included): what the wire and the signatures see. */
function sameJson(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const file = obj(loadVectors('encrypted-message.json'), 'encrypted-message.json');
const vectors = nonEmptyList(file['vectors'], 'vectors');
const pairingCodes = nonEmptyList(file['pairing_codes'], 'pairing_codes');

/** Private keys by their b64 pubkey, so each envelope can be re-signed by whoever signed it. */
type KeyRing = Map<string, Uint8Array>;

function addKey(ring: KeyRing, hex: string): string {
  const priv = fromHex(hex);
  const pub = getPublicKeyB64(priv);
  ring.set(pub, priv);
  return pub;
}

function privOf(ring: KeyRing, pubkey: string): Uint8Array {
  const priv = ring.get(pubkey);
  if (!priv) throw new Error(`no private key in the vector for ${pubkey}`);
  return priv;
}

/**
 * Checks a `hub_message` against everything known: open-part checks by the recipient, the
 * envelope re-signed byte-exactly by its signer, the hash, decryption and the sender binding.
 */
function checkHubMessage(
  hubMessageRaw: unknown,
  ring: KeyRing,
  recipientAddress: string,
  recipientKeys: DeviceKeys,
  expected: { pkg: unknown; inner: unknown; keysUsed?: string },
): void {
  const hubMessage = obj(hubMessageRaw, 'hub_message');
  onlyKeys(hubMessage, ['message_hash', 'message'], 'hub_message');
  const envelope = obj(hubMessage['message'], 'hub_message.message');
  onlyKeys(envelope, ['encrypted_package', 'to', 'pubkey', 'signature'], 'hub_message.message');
  sameJson(envelope['encrypted_package'], expected.pkg);
  expect(envelope['to']).toBe(recipientAddress);

  const signerPubkey = str(envelope, 'pubkey', 'envelope');
  const resigned = createDeviceEnvelope(
    parseEncryptedPackage(envelope['encrypted_package']),
    recipientAddress,
    privOf(ring, signerPubkey),
  );
  sameJson(resigned, envelope);
  expect(getDeviceMessageHash(resigned)).toBe(str(hubMessage, 'message_hash', 'hub_message'));

  const parsed = parseHubMessage(hubMessage, recipientAddress);
  sameJson(parsed.message, envelope);
  const opened = openHubMessage(parsed, recipientKeys);
  expect(opened.message).toEqual(expected.inner);
  expect(opened.from).toBe(getDeviceAddress(signerPubkey));
  expect(opened.sender_pubkey).toBe(signerPubkey);
  if (expected.keysUsed !== undefined)
    expect(opened.keys_used.join(', then ')).toBe(expected.keysUsed);

  // Refusals: another addressee, a wrong hash, a broken signature, a forged signer.
  expectProtocolError(
    () => parseHubMessage(hubMessage, getDeviceAddress(getPublicKeyB64(fromHex('11'.repeat(32))))),
    'device_message',
    /another device/,
  );
  expectProtocolError(
    () =>
      parseHubMessage(
        { ...hubMessage, message_hash: getDeviceMessageHash({ x: 'y' }) },
        recipientAddress,
      ),
    'device_message',
    /hash does not match/,
  );
  const forger = fromHex('22'.repeat(32));
  const forged = createDeviceEnvelope(resigned.encrypted_package, recipientAddress, forger);
  const forgedMessage = parseHubMessage(
    { message_hash: getDeviceMessageHash(forged), message: forged },
    recipientAddress,
  );
  expectProtocolError(
    () => openHubMessage(forgedMessage, recipientKeys),
    'device_message',
    /"from"/,
  );
  const badSig = { ...envelope, signature: str(forged as unknown as Json, 'signature', 'forged') };
  expectProtocolError(
    () =>
      parseHubMessage(
        { message_hash: getDeviceMessageHash(badSig), message: badSig },
        recipientAddress,
      ),
    'device_message',
    /signature/,
  );
}

describe('encrypted-message.json', () => {
  it('has only known top-level fields and descriptive metadata', () => {
    onlyKeys(file, ['generated_with', 'about', 'encoding', 'vectors', 'pairing_codes'], 'file');
    expect(typeof file['generated_with']).toBe('string');
    expect(typeof file['about']).toBe('string');
    expectEncodingLegend(file['encoding']);
  });

  vectors.forEach((raw, i) => {
    const v = obj(raw, `vectors[${i}]`);
    const id = typeof v['id'] === 'string' ? v['id'] : `#${i}`;
    const recipient = obj(v['recipient'], `${id}.recipient`);
    const sender = obj(v['sender'], `${id}.sender`);
    const ring: KeyRing = new Map();
    const recipientPermanent = fromHex(str(recipient, 'device_private_key_hex', 'recipient'));
    const recipientTemp = fromHex(str(recipient, 'temp_private_key_hex', 'recipient'));
    const recipientPrevTemp = fromHex(str(recipient, 'prev_temp_private_key_hex', 'recipient'));
    const recipientKeys: RawDeviceKeys = {
      permanent: recipientPermanent,
      temp: recipientTemp,
      prev_temp: recipientPrevTemp,
    };
    const recipientAddress = str(recipient, 'device_address', 'recipient');
    addKey(ring, str(recipient, 'device_private_key_hex', 'recipient'));
    addKey(ring, str(sender, 'device_private_key_hex', 'sender'));

    describe(`vector ${id}`, () => {
      it('has only known fields', () => {
        onlyKeys(v, ['id', 'recipient', 'sender', 'cases', 'pairing'], id);
        expect(typeof v['id']).toBe('string');
        onlyKeys(
          recipient,
          [
            'role',
            'device_private_key_hex',
            'device_pubkey_b64',
            'device_address',
            'hub',
            'temp_private_key_hex',
            'temp_pubkey_b64',
            'prev_temp_private_key_hex',
            'prev_temp_pubkey_b64',
            'temp_pubkey_package',
            'prev_temp_pubkey_package',
          ],
          'recipient',
        );
        onlyKeys(
          sender,
          [
            'role',
            'device_private_key_hex',
            'device_pubkey_b64',
            'device_address',
            'hub',
            'device_name',
            'temp_private_key_hex',
            'temp_pubkey_package',
          ],
          'sender',
        );
        expect(typeof recipient['role']).toBe('string');
        expect(typeof sender['role']).toBe('string');
      });

      it('recipient keys, address and signed temp packages', () => {
        const pubkey = getPublicKeyB64(recipientPermanent);
        expect(pubkey).toBe(str(recipient, 'device_pubkey_b64', 'recipient'));
        expect(getDeviceAddress(pubkey)).toBe(recipientAddress);
        expect(isValidHub(recipient['hub'])).toBe(true);
        expect(getPublicKeyB64(recipientTemp)).toBe(str(recipient, 'temp_pubkey_b64', 'recipient'));
        expect(getPublicKeyB64(recipientPrevTemp)).toBe(
          str(recipient, 'prev_temp_pubkey_b64', 'recipient'),
        );
        for (const [field, priv] of [
          ['temp_pubkey_package', recipientTemp],
          ['prev_temp_pubkey_package', recipientPrevTemp],
        ] as const) {
          const pkg = parseTempPubkeyPackage(recipient[field], pubkey);
          expect(pkg.temp_pubkey).toBe(getPublicKeyB64(priv));
          sameJson(pkg, recipient[field]);
        }
      });

      it('sender keys, address, name and signed temp package', () => {
        const pubkey = getPublicKeyB64(fromHex(str(sender, 'device_private_key_hex', 'sender')));
        expect(pubkey).toBe(str(sender, 'device_pubkey_b64', 'sender'));
        expect(getDeviceAddress(pubkey)).toBe(str(sender, 'device_address', 'sender'));
        expect(isValidHub(sender['hub'])).toBe(true);
        expect(() => createPairingBody('x', str(sender, 'device_name', 'sender'))).not.toThrow();
        const pkg = parseTempPubkeyPackage(sender['temp_pubkey_package'], pubkey);
        expect(pkg.temp_pubkey).toBe(
          getPublicKeyB64(fromHex(str(sender, 'temp_private_key_hex', 'sender'))),
        );
        sameJson(pkg, sender['temp_pubkey_package']);
      });

      nonEmptyList(v['cases'], `${id}.cases`).forEach((rawCase, j) => {
        const c = obj(rawCase, `cases[${j}]`);
        const name = typeof c['name'] === 'string' ? c['name'] : `#${j}`;
        it(`case ${name}`, () => {
          onlyKeys(
            c,
            [
              'name',
              'note',
              'recipient_key_used',
              'sender_ephemeral_private_key_hex',
              'sender_ephemeral_pubkey_b64',
              'iv_hex',
              'ecdh_shared_x_hex',
              'aes128_key_hex',
              'plaintext',
              'outer_plaintext',
              'inner_encrypted_package',
              'inner_message',
              'encrypted_package',
              'hub_message',
              'expected_ack_wire',
            ],
            name,
          );
          expect(typeof c['name']).toBe('string');
          expect(typeof c['note']).toBe('string');
          const pkg = parseEncryptedPackage(c['encrypted_package']);
          sameJson(pkg, c['encrypted_package']);
          const ephPriv = fromHex(str(c, 'sender_ephemeral_private_key_hex', name));
          expect(getPublicKeyB64(ephPriv)).toBe(str(c, 'sender_ephemeral_pubkey_b64', name));
          expect(pkg.dh.sender_ephemeral_pubkey).toBe(str(c, 'sender_ephemeral_pubkey_b64', name));

          // The outer layer's text: the plaintext itself, or the wrapped outbox copy.
          const hasOuter = 'outer_plaintext' in c;
          expect(hasOuter ? !('plaintext' in c) : 'plaintext' in c).toBe(true);
          const layerText = str(c, hasOuter ? 'outer_plaintext' : 'plaintext', name);

          const sharedX = getEcdhSharedX(ephPriv, pkg.dh.recipient_ephemeral_pubkey);
          expect(toHex(sharedX)).toBe(str(c, 'ecdh_shared_x_hex', name));
          expect(toHex(deriveAesKey(sharedX))).toBe(str(c, 'aes128_key_hex', name));
          const reencrypted = encryptPackage(
            layerText,
            pkg.dh.recipient_ephemeral_pubkey,
            ephPriv,
            fromHex(str(c, 'iv_hex', name)),
          );
          sameJson(reencrypted, c['encrypted_package']);

          const decrypted = decryptPackage(c['encrypted_package'], recipientKeys);
          expect(decrypted.keys_used.join(', then ')).toBe(str(c, 'recipient_key_used', name));
          expect(decrypted.json).toEqual(c['inner_message']);
          const inner = parseInnerMessage(decrypted.json);
          expect(inner).toEqual(c['inner_message']);
          expect(inner.from).toBe(str(sender, 'device_address', 'sender'));
          expect(inner.device_hub).toBe(str(sender, 'hub', 'sender'));
          if (hasOuter) {
            const firstKey = decrypted.keys_used[0];
            const outerPriv =
              firstKey === 'temp'
                ? recipientTemp
                : firstKey === 'prev_temp'
                  ? recipientPrevTemp
                  : recipientPermanent;
            expect(decryptPackageWithKey(pkg, outerPriv)).toBe(layerText);
            const innerPkg = parseEncryptedPackage(c['inner_encrypted_package']);
            expect(JSON.stringify(createOutboxMessage(innerPkg))).toBe(layerText);
            expect(decryptPackage(innerPkg, recipientKeys).json).toEqual(c['inner_message']);
            // ocore's sender wrote the inner layer with JSON.stringify of this very message.
            expect(decrypted.plaintext).toBe(JSON.stringify(c['inner_message']));
          } else {
            expect('inner_encrypted_package' in c).toBe(false);
            expect(decrypted.plaintext).toBe(layerText);
            expect(serializeInnerMessage(inner)).toBe(layerText);
          }

          // Without the key it was encrypted to, the message cannot be read.
          const [usedKey] = decrypted.keys_used;
          const without: DeviceKeys = { ...recipientKeys };
          const stranger = fromHex('33'.repeat(32));
          if (usedKey === 'temp') without.temp = stranger;
          if (usedKey === 'prev_temp') without.prev_temp = null;
          if (usedKey === 'permanent') without.permanent = stranger;
          expectProtocolError(
            () => decryptPackage(pkg, without),
            'device_message',
            /does not have/,
          );

          if ('hub_message' in c) {
            const expected: { pkg: unknown; inner: unknown; keysUsed: string } = {
              pkg: c['encrypted_package'],
              inner: c['inner_message'],
              keysUsed: str(c, 'recipient_key_used', name),
            };
            checkHubMessage(c['hub_message'], ring, recipientAddress, recipientKeys, expected);
            const hash = str(obj(c['hub_message'], 'hub_message'), 'message_hash', name);
            expect(JSON.stringify(['justsaying', hubDeleteJustsaying(hash)])).toBe(
              str(c, 'expected_ack_wire', name),
            );
          } else {
            expect('expected_ack_wire' in c).toBe(false);
          }
        });
      });

      describe('pairing flow', () => {
        const p = obj(v['pairing'], 'pairing');
        const toBot = obj(p['wallet_to_bot'], 'wallet_to_bot');
        const reverse = obj(p['bot_to_wallet_reverse'], 'bot_to_wallet_reverse');
        const directionKeys = [
          'sent_to_hub',
          'sender_ephemeral_private_key_hex',
          'iv_hex',
          'ecdh_shared_x_hex',
          'aes128_key_hex',
          'plaintext',
          'inner_message',
          'hub_message',
        ];

        it('has only known fields; the bot pairing code names the bot', () => {
          onlyKeys(
            p,
            ['note', 'bot_pairing_code', 'wallet_to_bot', 'bot_to_wallet_reverse'],
            'pairing',
          );
          expect(typeof p['note']).toBe('string');
          onlyKeys(
            toBot,
            [
              ...directionKeys,
              'recipient_private_key_hex',
              'recipient_temp_private_key_hex',
              'recipient_temp_pubkey_package',
            ],
            'wallet_to_bot',
          );
          onlyKeys(reverse, directionKeys, 'bot_to_wallet_reverse');
          const code = parsePairingCode(str(p, 'bot_pairing_code', 'pairing'));
          expect(code.pubkey).toBe(str(sender, 'device_pubkey_b64', 'sender'));
          expect(code.device_address).toBe(str(sender, 'device_address', 'sender'));
          expect(code.hub).toBe(str(sender, 'hub', 'sender'));
          expect(str(toBot, 'sent_to_hub', 'wallet_to_bot')).toBe(code.hub);
          expect(str(reverse, 'sent_to_hub', 'reverse')).toBe(str(recipient, 'hub', 'recipient'));
        });

        /**
         * One direction: rebuild the inner message and its text, re-encrypt to the peer's temp
         * key and re-sign byte-exactly, then let the peer verify, decrypt and parse the pairing.
         */
        function checkDirection(
          d: Json,
          where: string,
          from: { address: string; hub: string },
          to: { address: string; keys: RawDeviceKeys },
          body: { secret: string; name: string; reverse?: string },
        ): void {
          const inner = obj(d['inner_message'], `${where}.inner_message`);
          onlyKeys(inner, ['from', 'device_hub', 'subject', 'body'], `${where}.inner_message`);
          expect(inner['subject']).toBe('pairing');
          const pairingBody = createPairingBody(body.secret, body.name, body.reverse);
          const message = createInnerMessage(from.address, from.hub, 'pairing', pairingBody);
          sameJson(message, inner);
          expect(serializeInnerMessage(message)).toBe(str(d, 'plaintext', where));

          const hubMessage = obj(d['hub_message'], `${where}.hub_message`);
          const envelope = obj(hubMessage['message'], `${where}.hub_message.message`);
          const pkg = parseEncryptedPackage(envelope['encrypted_package']);
          const ephPriv = fromHex(str(d, 'sender_ephemeral_private_key_hex', where));
          expect(pkg.dh.sender_ephemeral_pubkey).toBe(getPublicKeyB64(ephPriv));
          expect(pkg.dh.recipient_ephemeral_pubkey).toBe(getPublicKeyB64(to.keys.temp));
          const sharedX = getEcdhSharedX(ephPriv, pkg.dh.recipient_ephemeral_pubkey);
          expect(toHex(sharedX)).toBe(str(d, 'ecdh_shared_x_hex', where));
          expect(toHex(getEcdhSharedX(to.keys.temp, pkg.dh.sender_ephemeral_pubkey))).toBe(
            toHex(sharedX),
          );
          expect(toHex(deriveAesKey(sharedX))).toBe(str(d, 'aes128_key_hex', where));
          const reencrypted = encryptPackage(
            str(d, 'plaintext', where),
            pkg.dh.recipient_ephemeral_pubkey,
            ephPriv,
            fromHex(str(d, 'iv_hex', where)),
          );
          sameJson(reencrypted, envelope['encrypted_package']);
          expect(verifyDeviceObject(envelope, str(envelope, 'pubkey', where))).toBe(true);

          checkHubMessage(hubMessage, ring, to.address, to.keys, {
            pkg: envelope['encrypted_package'],
            inner,
            keysUsed: 'temp',
          });
          const received = parsePairingRequest(inner['body'] as JsonValue, inner['device_hub']);
          expect(received.pairing_secret).toBe(body.secret);
          expect(received.device_name).toBe(body.name.replace(/<[^>]*>?/g, ''));
          expect(received.reverse_pairing_secret).toBe(body.reverse);
          expect(received.device_hub).toBe(from.hub);
        }

        it('wallet -> bot: pairing with the code secret and a reverse secret', () => {
          const botPriv = str(toBot, 'recipient_private_key_hex', 'wallet_to_bot');
          const botPub = addKey(ring, botPriv);
          const code = parsePairingCode(str(p, 'bot_pairing_code', 'pairing'));
          expect(botPub).toBe(code.pubkey);
          const botTemp = fromHex(str(toBot, 'recipient_temp_private_key_hex', 'wallet_to_bot'));
          const tempPkg = parseTempPubkeyPackage(toBot['recipient_temp_pubkey_package'], botPub);
          expect(tempPkg.temp_pubkey).toBe(getPublicKeyB64(botTemp));
          sameJson(tempPkg, toBot['recipient_temp_pubkey_package']);
          const body = obj(obj(toBot['inner_message'], 'inner')['body'], 'inner.body');
          onlyKeys(body, ['pairing_secret', 'device_name', 'reverse_pairing_secret'], 'body');
          expect(body['pairing_secret']).toBe(code.pairing_secret);
          checkDirection(
            toBot,
            'wallet_to_bot',
            { address: recipientAddress, hub: str(recipient, 'hub', 'recipient') },
            { address: code.device_address, keys: { permanent: fromHex(botPriv), temp: botTemp } },
            {
              secret: code.pairing_secret,
              name: str(body, 'device_name', 'body'),
              reverse: str(body, 'reverse_pairing_secret', 'body'),
            },
          );
        });

        it('bot -> wallet: reverse pairing with the wallet secret and the bot name', () => {
          const sentBody = obj(obj(toBot['inner_message'], 'inner')['body'], 'inner.body');
          const body = obj(obj(reverse['inner_message'], 'inner')['body'], 'inner.body');
          onlyKeys(body, ['pairing_secret', 'device_name'], 'reverse body');
          checkDirection(
            reverse,
            'bot_to_wallet_reverse',
            { address: str(sender, 'device_address', 'sender'), hub: str(sender, 'hub', 'sender') },
            { address: recipientAddress, keys: recipientKeys },
            {
              secret: str(sentBody, 'reverse_pairing_secret', 'sent body'),
              name: str(sender, 'device_name', 'sender'),
            },
          );
        });
      });
    });
  });

  describe('pairing_codes', () => {
    pairingCodes.forEach((raw, i) => {
      const pc = obj(raw, `pairing_codes[${i}]`);
      const input = str(pc, 'input', `pairing_codes[${i}]`);
      it(`${pc['valid'] === true ? 'valid' : 'invalid'}: ${String(pc['note'])}`, () => {
        onlyKeys(
          pc,
          ['input', 'note', 'valid', 'reason', 'parsed', 'device_address'],
          'pairing code',
        );
        expect(typeof pc['note']).toBe('string');
        expect(typeof pc['valid']).toBe('boolean');
        const parsed = pc['parsed'] === null ? null : obj(pc['parsed'], 'parsed');
        if (parsed) onlyKeys(parsed, ['pubkey', 'hub', 'pairing_secret'], 'parsed');
        // The shape alone (prefix, %23, pattern) gives `parsed` whenever the vector has one.
        expect(splitPairingCode(input)).toEqual(parsed);
        if (pc['valid'] === true) {
          expect(pc['reason']).toBeNull();
          const code = parsePairingCode(input);
          expect(code).toEqual({ ...parsed, device_address: pc['device_address'] });
          expect(parsePairingCode(formatPairingCode(code))).toEqual(code);
        } else {
          expect(pc['device_address']).toBeNull();
          expectProtocolError(() => parsePairingCode(input), 'pairing_code');
          expect(() => parsePairingCode(input)).toThrow(str(pc, 'reason', 'pairing code'));
        }
      });
    });
  });
});
