/**
 * Properties of the device layer: encryption round trips for any keys and texts, tampering and
 * forgery are refused, the hash to sign ignores key order and nulls, pairing codes round trip
 * and malformed ones are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../shared/protocol/bytes';
import { getDeviceAddress } from '../../shared/protocol/chash';
import {
  decryptPackage,
  decryptPackageWithKey,
  encryptJson,
  encryptPackage,
  type DeviceKeys,
  type EncryptedPackage,
} from '../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createInnerMessage,
  getDeviceHashToSign,
  getDeviceMessageHash,
  openHubMessage,
  parseHubMessage,
  signDeviceObject,
  verifyDeviceObject,
} from '../../shared/protocol/device';
import {
  formatPairingCode,
  parsePairingCode,
  type PairingCode,
} from '../../shared/protocol/pairing';
import { getPublicKeyB64 } from '../../shared/protocol/signature';
import { bytes, privateKey } from './arbitraries';
import { protocolError } from './protocol-error';

const iv = bytes(12);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('😀', 'héllo 👋🏽 мир', '👨‍👩‍👧‍👦'.repeat(700), '\u0000', ''),
);

/** Flip one bit of a base64 field's bytes. */
function flipBit(b64: string, position: number): string {
  const bytes = fromBase64(b64);
  const index = position % (bytes.length * 8);
  bytes[index >> 3] = (bytes[index >> 3] ?? 0) ^ (1 << (index & 7));
  return toBase64(bytes);
}

describe('device encryption', () => {
  it('decrypts what it encrypts, for any keys and any text (emoji included)', () => {
    fc.assert(
      fc.property(privateKey, privateKey, iv, text, (recipient, ephemeral, nonce, plaintext) => {
        const pkg = encryptPackage(plaintext, getPublicKeyB64(recipient), ephemeral, nonce);
        expect(fromBase64(pkg.iv)).toEqual(nonce);
        expect(fromBase64(pkg.authtag)).toHaveLength(16);
        expect(decryptPackageWithKey(pkg, recipient)).toBe(plaintext);
      }),
      { numRuns: 60 },
    );
  });

  it('picks the right one of my three keys and reports it', () => {
    const kinds = ['temp', 'prev_temp', 'permanent'] as const;
    fc.assert(
      fc.property(
        fc.tuple(privateKey, privateKey, privateKey),
        privateKey,
        iv,
        fc.constantFrom(...kinds),
        text,
        ([permanent, temp, prevTemp], ephemeral, nonce, kind, body) => {
          fc.pre(new Set([permanent, temp, prevTemp].map((k) => toBase64(k))).size === 3);
          const keys: DeviceKeys = { permanent, temp, prev_temp: prevTemp };
          const target = { temp, prev_temp: prevTemp, permanent }[kind];
          const json = { subject: 'text', body };
          const pkg = encryptJson(json, getPublicKeyB64(target), ephemeral, nonce);
          const result = decryptPackage(pkg, keys);
          expect(result.json).toEqual(json);
          expect(result.keys_used).toEqual([kind]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a flipped bit in the ciphertext, the tag or the IV', () => {
    fc.assert(
      fc.property(
        privateKey,
        privateKey,
        iv,
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.constantFrom('encrypted_message', 'authtag', 'iv'),
        fc.nat(),
        (recipient, ephemeral, nonce, plaintext, field, position) => {
          const pkg = encryptPackage(plaintext, getPublicKeyB64(recipient), ephemeral, nonce);
          const tampered: EncryptedPackage = { ...pkg, [field]: flipBit(pkg[field], position) };
          const error = protocolError(() => decryptPackageWithKey(tampered, recipient));
          expect(error.code).toBe('device_message');
          expect(error.message).toMatch(/failed authentication/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a package for a key I do not hold, and non-JSON plaintext', () => {
    fc.assert(
      fc.property(privateKey, privateKey, privateKey, iv, (mine, other, ephemeral, nonce) => {
        fc.pre(toBase64(mine) !== toBase64(other));
        const keys: DeviceKeys = { permanent: mine, temp: mine };
        const toOther = encryptJson({ a: 1 }, getPublicKeyB64(other), ephemeral, nonce);
        expect(protocolError(() => decryptPackage(toOther, keys)).message).toMatch(/does not have/);
        const notJson = encryptPackage('{"a":', getPublicKeyB64(mine), ephemeral, nonce);
        expect(protocolError(() => decryptPackage(notJson, keys)).message).toMatch(
          /not valid JSON/,
        );
      }),
      { numRuns: 20 },
    );
  });

  it('stops after three nested layers', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const nonce = new Uint8Array(12);
    let layer: EncryptedPackage = encryptJson({ a: 1 }, getPublicKeyB64(key), key, nonce);
    for (let i = 0; i < 2; i++) {
      layer = encryptJson({ encrypted_package: { ...layer } }, getPublicKeyB64(key), key, nonce);
    }
    expect(decryptPackage(layer, { permanent: key, temp: key }).keys_used).toHaveLength(3);
    const four = encryptJson({ encrypted_package: { ...layer } }, getPublicKeyB64(key), key, nonce);
    expect(
      protocolError(() => decryptPackage(four, { permanent: key, temp: key })).message,
    ).toMatch(/more than 3 layers/);
  });
});

describe('device signatures and envelopes', () => {
  const jsonObject = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes('\u0000')),
    fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')),
      fc.integer(),
    ),
    { minKeys: 1, maxKeys: 6 },
  );

  it('the hash to sign ignores key order, null members and the signature field', () => {
    fc.assert(
      fc.property(jsonObject, privateKey, (object, key) => {
        fc.pre(!('signature' in object));
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        const digest = getDeviceHashToSign(object);
        expect(getDeviceHashToSign(reversed)).toEqual(digest);
        expect(getDeviceHashToSign({ ...object, extra_null: null })).toEqual(digest);
        const signed = signDeviceObject(object, key);
        expect(getDeviceHashToSign(signed)).toEqual(digest);
        expect(verifyDeviceObject(signed, getPublicKeyB64(key))).toBe(true);
        expect(verifyDeviceObject({ ...signed, tampered: 'x' }, getPublicKeyB64(key))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an envelope whose signer is not the encrypted sender ("from")', () => {
    fc.assert(
      fc.property(
        privateKey,
        privateKey,
        privateKey,
        privateKey,
        iv,
        (sender, forger, recipient, ephemeral, nonce) => {
          fc.pre(new Set([sender, forger, recipient].map((k) => toBase64(k))).size === 3);
          const recipientAddress = getDeviceAddress(getPublicKeyB64(recipient));
          const from = getDeviceAddress(getPublicKeyB64(sender));
          const inner = createInnerMessage(from, 'obyte.org/bb', 'text', 'hi');
          const pkg = encryptJson(inner, getPublicKeyB64(recipient), ephemeral, nonce);
          const keys: DeviceKeys = { permanent: recipient, temp: recipient };

          const genuine = createDeviceEnvelope(pkg, recipientAddress, sender);
          const body = { message_hash: getDeviceMessageHash(genuine), message: genuine };
          const opened = openHubMessage(parseHubMessage(body, recipientAddress), keys);
          expect(opened.from).toBe(from);
          expect(opened.message).toEqual(inner);

          // A hub (or anyone) re-signs the same package with its own key.
          const forged = createDeviceEnvelope(pkg, recipientAddress, forger);
          const forgedBody = { message_hash: getDeviceMessageHash(forged), message: forged };
          const parsed = parseHubMessage(forgedBody, recipientAddress);
          expect(protocolError(() => openHubMessage(parsed, keys)).message).toMatch(/"from"/);

          // Swapping only the pubkey breaks the signature.
          const swapped = { ...genuine, pubkey: getPublicKeyB64(forger) };
          const swappedBody = { message_hash: getDeviceMessageHash(swapped), message: swapped };
          expect(
            protocolError(() => parseHubMessage(swappedBody, recipientAddress)).message,
          ).toMatch(/signature/);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('pairing codes', () => {
  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  // The last label of a host name is not a number (a URL parser would read an IPv4 address).
  const lastLabel = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  const ipv4 = fc.ipV4();
  const host = fc.oneof(
    fc
      .tuple(fc.array(label, { maxLength: 2 }), lastLabel)
      .map(([labels, last]) => [...labels, last].join('.')),
    ipv4,
  );
  const hub = fc
    .tuple(
      host,
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.option(fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,11}$/), { nil: undefined }),
    )
    .map(([name, port, path]) => {
      return name + (port === undefined ? '' : `:${port}`) + (path ? `/${path}` : '');
    });
  const secret = fc.stringMatching(/^[A-Za-z0-9+/=*_-]{1,40}$/);
  const code = fc
    .tuple(privateKey, hub, secret)
    .map(([key, h, s]) => ({ pubkey: getPublicKeyB64(key), hub: h, pairing_secret: s }));

  it('format then parse gives the parts back, with or without a URI wrapper', () => {
    fc.assert(
      fc.property(
        code,
        fc.constantFrom('', 'obyte:', 'byteball:', 'OBYTE:', 'obyte-tn:'),
        (c, prefix) => {
          const expected: PairingCode = { ...c, device_address: getDeviceAddress(c.pubkey) };
          const textCode = formatPairingCode(c);
          expect(parsePairingCode(textCode)).toEqual(expected);
          expect(parsePairingCode(prefix + textCode)).toEqual(expected);
          expect(parsePairingCode(prefix + textCode.replace('#', '%23'))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses malformed codes with a pairing_code error', () => {
    const breakIt = fc.constantFrom(
      (t: string) => t.replace('#', ''),
      (t: string) => t.replace('@', ''),
      (t: string) => t.slice(1),
      (t: string) => '!' + t.slice(1),
      (t: string) => t.replace('@', '@ '),
      (t: string) => t.slice(0, t.indexOf('#') + 1),
      (t: string) => 'bitcoin:' + t,
      (t: string) => 'Av' + '/'.repeat(42) + t.slice(44),
    );
    fc.assert(
      fc.property(code, breakIt, (c, mutate) => {
        const error = protocolError(() => parsePairingCode(mutate(formatPairingCode(c))));
        expect(error.code).toBe('pairing_code');
      }),
      { numRuns: 80 },
    );
  });

  it('refuses to format parts that would not parse back', () => {
    fc.assert(
      fc.property(code, fc.constantFrom('a%23b', '', 'x\ny'), (c, badSecret) => {
        expect(
          protocolError(() => formatPairingCode({ ...c, pairing_secret: badSecret })).code,
        ).toBe('pairing_code');
      }),
      { numRuns: 10 },
    );
  });
});
