/**
 * Properties of BIP-39 phrases and HD derivation. @scure/bip39 and @scure/bip32 serve as
 * independent implementations of the standards; bitcore-lib 0.13's hardened-step quirk is
 * restated here from light-client.md §5 as its own small oracle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import * as scureBip39 from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { toBase64, toHex } from '../../shared/protocol/bytes';
import { getAddressFromDefinition } from '../../shared/protocol/chash';
import {
  HARDENED_OFFSET,
  chainOf,
  deriveAccount,
  deriveAddressPrivateKey,
  deriveAddressPubkey,
  deriveChild,
  derivePath,
  masterKeyFromSeed,
  mnemonicToTextcoin,
  parseTextcoin,
  parseXprv,
  parseXpub,
  serializeXprv,
  serializeXpub,
  toHdPublicKey,
  type HdPrivateKey,
} from '../../shared/protocol/hd';
import {
  generateMnemonic,
  mnemonicToEntropy,
  mnemonicToSeed,
  parseMnemonic,
  validateMnemonic,
} from '../../shared/protocol/mnemonic';
import { getPublicKeyB64, isValidPrivateKey } from '../../shared/protocol/signature';
import { bytes, bytes32 } from './arbitraries';
import { protocolError } from './protocol-error';

const N = secp256k1.Point.Fn.ORDER;

const entropy = fc.constantFrom(16, 20, 24, 28, 32).chain((n) => bytes(n));
const seed = fc.uint8Array({ minLength: 16, maxLength: 64 });
const pathStep = fc.tuple(fc.nat({ max: HARDENED_OFFSET - 1 }), fc.boolean());
const path = fc
  .array(pathStep, { maxLength: 4 })
  .map((steps) => ['m', ...steps.map(([i, h]) => `${i}${h ? "'" : ''}`)].join('/'));
const index = fc.nat({ max: 0xffffffff });

function scalar(bytes: Uint8Array): bigint {
  return BigInt('0x' + (toHex(bytes) || '0'));
}

describe('BIP-39 phrases', () => {
  it('entropy → words → entropy, as in @scure/bip39', () => {
    fc.assert(
      fc.property(entropy, (e) => {
        const phrase = generateMnemonic(e);
        expect(phrase).toBe(scureBip39.entropyToMnemonic(e, wordlist));
        expect(phrase.split(' ')).toHaveLength((e.length * 3) / 4);
        expect(validateMnemonic(phrase)).toBe(true);
        expect(parseMnemonic(phrase)).toBe(phrase);
        expect(toHex(mnemonicToEntropy(phrase))).toBe(toHex(e));
      }),
    );
  });

  it('a last word with a wrong checksum is rejected with the checksum message', () => {
    fc.assert(
      fc.property(entropy, fc.integer({ min: 1, max: 255 }), (e, flip) => {
        const words = generateMnemonic(e).split(' ');
        const checksumBits = e.length / 4;
        const last = wordlist.indexOf(words[words.length - 1] ?? '');
        // Changing only the checksum bits keeps the entropy and breaks the checksum.
        words[words.length - 1] = wordlist[last ^ (flip % (1 << checksumBits) || 1)] ?? '';
        const phrase = words.join(' ');
        expect(scureBip39.validateMnemonic(phrase, wordlist)).toBe(false);
        expect(validateMnemonic(phrase)).toBe(false);
        const error = protocolError(() => parseMnemonic(phrase));
        expect(error.code).toBe('mnemonic');
        expect(error.message).toMatch(/checksum/);
      }),
    );
  });

  it('an unknown word is named with its position', () => {
    fc.assert(
      fc.property(
        entropy,
        fc.nat(),
        fc.stringMatching(/^[a-z]{3,9}$/).filter((w) => !wordlist.includes(w)),
        (e, at, typo) => {
          const words = generateMnemonic(e).split(' ');
          const position = at % words.length;
          words[position] = typo;
          const error = protocolError(() => parseMnemonic(words.join(' ')));
          expect(error.code).toBe('mnemonic');
          expect(error.message).toContain(`Word ${position + 1}, "${typo}"`);
        },
      ),
    );
  });

  it('case and spacing do not matter; the canonical phrase and seed are the same', () => {
    fc.assert(
      fc.property(
        bytes(16),
        fc.array(fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0'), {
          minLength: 12,
          maxLength: 12,
        }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (e, gaps, upper) => {
          const phrase = generateMnemonic(e);
          const messy = phrase
            .split(' ')
            .map((w, i) => (upper[i] ? w.toUpperCase() : w) + (gaps[i] ?? ' '))
            .join('');
          expect(parseMnemonic(`  ${messy}`)).toBe(phrase);
        },
      ),
    );
  });

  it('the seed matches @scure/bip39 for any passphrase', () => {
    fc.assert(
      fc.property(bytes(16), fc.string({ unit: 'grapheme', maxLength: 20 }), (e, passphrase) => {
        const phrase = generateMnemonic(e);
        expect(toHex(mnemonicToSeed(phrase, passphrase))).toBe(
          toHex(scureBip39.mnemonicToSeedSync(phrase, passphrase)),
        );
      }),
      { numRuns: 20 },
    );
  });

  it('textcoin strings round-trip', () => {
    fc.assert(
      fc.property(bytes(16), (e) => {
        const phrase = generateMnemonic(e);
        const textcoin = mnemonicToTextcoin(phrase);
        expect(textcoin).toBe(phrase.split(' ').join('-'));
        expect(parseTextcoin(textcoin)).toBe(phrase);
      }),
    );
  });
});

describe('BIP-32 derivation', () => {
  it('strict mode equals @scure/bip32 for any seed and path', () => {
    fc.assert(
      fc.property(seed, path, (s, p) => {
        const ours = derivePath(masterKeyFromSeed(s), p, { strictBip32: true });
        const theirs = HDKey.fromMasterSeed(s).derive(p);
        expect(serializeXprv(ours)).toBe(theirs.privateExtendedKey);
        expect(serializeXpub(toHdPublicKey(ours))).toBe(theirs.publicExtendedKey);
      }),
      { numRuns: 50 },
    );
  });

  const parent = (leadingZero: boolean) =>
    fc
      .tuple(bytes32, bytes32, fc.nat({ max: 254 }))
      .map(([key, chainCode, depth]): HdPrivateKey => {
        const privateKey = key.slice();
        if (leadingZero) privateKey[0] = 0;
        else privateKey[0] = (privateKey[0] ?? 0) | 1;
        return { depth, parentFingerprint: depth === 0 ? 0 : 1, index: 0, chainCode, privateKey };
      })
      .filter((k) => isValidPrivateKey(k.privateKey));

  it('bitcore and strict BIP-32 agree unless a hardened parent key starts with 0x00', () => {
    fc.assert(
      fc.property(parent(false), index, (p, i) => {
        expect(deriveChild(p, i)).toEqual(deriveChild(p, i, { strictBip32: true }));
      }),
    );
    fc.assert(
      fc.property(parent(true), fc.nat({ max: HARDENED_OFFSET - 1 }), (p, i) => {
        expect(deriveChild(p, i)).toEqual(deriveChild(p, i, { strictBip32: true }));
      }),
    );
  });

  it('with a 0x00-led parent, a hardened step hashes the key unpadded (bitcore-lib 0.13)', () => {
    fc.assert(
      fc.property(parent(true), fc.integer({ min: HARDENED_OFFSET, max: 0xffffffff }), (p, i) => {
        const minimal = p.privateKey.slice(p.privateKey.findIndex((b) => b !== 0));
        const data = Uint8Array.of(
          0,
          ...minimal,
          i >>> 24,
          (i >>> 16) & 255,
          (i >>> 8) & 255,
          i & 255,
        );
        const I = hmac(sha512, p.chainCode, data);
        const expected = (scalar(I.slice(0, 32)) + scalar(p.privateKey)) % N;
        const child = deriveChild(p, i);
        expect(scalar(child.privateKey)).toBe(expected);
        expect(toHex(child.chainCode)).toBe(toHex(I.slice(32)));
        expect(toHex(child.privateKey)).not.toBe(
          toHex(deriveChild(p, i, { strictBip32: true }).privateKey),
        );
      }),
    );
  });

  it('address pubkeys from the xpub match the private keys from the root, in both modes', () => {
    fc.assert(
      fc.property(
        seed,
        fc.nat({ max: 3 }),
        fc.boolean(),
        fc.nat({ max: 1000 }),
        fc.boolean(),
        (s, account, isChange, i, strictBip32) => {
          const root = masterKeyFromSeed(s);
          const xpub = deriveAccount(root, account, { strictBip32 });
          const priv = deriveAddressPrivateKey(root, account, isChange, i, { strictBip32 });
          expect(deriveAddressPubkey(xpub, isChange, i)).toBe(getPublicKeyB64(priv));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a cached chain gives the addresses @scure/bip32 derives from the xpub, in any order', () => {
    fc.assert(
      fc.property(
        seed,
        fc.boolean(),
        fc.array(fc.nat({ max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 6 }),
        (s, isChange, indexes) => {
          const xpub = deriveAccount(masterKeyFromSeed(s), 0);
          const chain = chainOf(xpub, isChange);
          const reference = HDKey.fromExtendedKey(xpub).deriveChild(isChange ? 1 : 0);
          for (const i of indexes) {
            const pubkey = toBase64(reference.deriveChild(i).publicKey ?? new Uint8Array());
            expect(chain.pubkey(i)).toBe(pubkey);
            expect(chain.address(i).address).toBe(getAddressFromDefinition(['sig', { pubkey }]));
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('extended keys parse back to themselves; an xprv is not accepted as an xpub', () => {
    fc.assert(
      fc.property(seed, path, (s, p) => {
        const key = derivePath(masterKeyFromSeed(s), p);
        const xprv = serializeXprv(key);
        const xpub = serializeXpub(toHdPublicKey(key));
        expect(parseXprv(xprv)).toEqual(key);
        expect(parseXpub(xpub)).toEqual(toHdPublicKey(key));
        expect(protocolError(() => parseXpub(xprv)).message).toMatch(/xprv/);
      }),
      { numRuns: 30 },
    );
  });

  it('a changed character in an xpub is caught', () => {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    fc.assert(
      fc.property(seed, fc.nat({ max: 110 }), fc.nat({ max: 56 }), (s, at, pick) => {
        const xpub = deriveAccount(masterKeyFromSeed(s), 0);
        const position = at % xpub.length;
        const replacement = alphabet.replace(xpub[position] ?? '', '')[pick] ?? '1';
        const typo = xpub.slice(0, position) + replacement + xpub.slice(position + 1);
        expect(protocolError(() => parseXpub(typo)).code).toBe('key');
      }),
      { numRuns: 30 },
    );
  });
});
