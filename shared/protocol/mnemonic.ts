/**
 * BIP-39 recovery phrases as the official wallets use them (bitcore-mnemonic 1.0: English word
 * list, PBKDF2-HMAC-SHA512 with 2048 rounds, salt "mnemonic" + passphrase, NFKD). Entropy is
 * always passed in: nothing here draws randomness.
 *
 * Phrases typed by a person are untrusted: `parseMnemonic` normalizes spacing and case and names
 * the offending word, so the restore screen can say what to fix.
 */
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { concatBytes, utf8 } from './bytes';
import { fail } from './errors';

/** Word counts BIP-39 defines (128 to 256 bits of entropy in 32-bit steps). */
export const MNEMONIC_WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];

const WORD_INDEX: ReadonlyMap<string, number> = new Map(wordlist.map((word, i) => [word, i]));

function readBits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const p = start + k;
    value = (value << 1) | (((bytes[p >> 3] ?? 0) >> (7 - (p & 7))) & 1);
  }
  return value;
}

function writeBits(bytes: Uint8Array, start: number, count: number, value: number): void {
  for (let k = 0; k < count; k++) {
    if ((value >> (count - 1 - k)) & 1) {
      const p = start + k;
      bytes[p >> 3] = (bytes[p >> 3] ?? 0) | (1 << (7 - (p & 7)));
    }
  }
}

/**
 * The phrase for the given entropy (16 bytes → 12 words; 20/24/28/32 bytes → 15–24 words).
 * The caller supplies the entropy from a CSPRNG.
 */
export function generateMnemonic(entropy: Uint8Array): string {
  if (!(entropy instanceof Uint8Array) || ![16, 20, 24, 28, 32].includes(entropy.length)) {
    fail('mnemonic', 'A recovery phrase needs 16, 20, 24, 28 or 32 bytes of entropy.');
  }
  const entropyBits = entropy.length * 8;
  const bits = concatBytes(entropy, sha256(entropy));
  const count = (entropyBits + entropyBits / 32) / 11;
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(wordlist[readBits(bits, i * 11, 11)] ?? '');
  return words.join(' ');
}

interface ParsedPhrase {
  phrase: string;
  entropy: Uint8Array;
}

function parse(input: unknown): ParsedPhrase {
  if (typeof input !== 'string') fail('mnemonic', 'A recovery phrase must be text.');
  const words = input.normalize('NFKD').toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) fail('mnemonic', 'The recovery phrase is empty.');

  const unknown = words.flatMap((word, i) => (WORD_INDEX.has(word) ? [] : [{ word, n: i + 1 }]));
  const [first] = unknown;
  if (first !== undefined) {
    if (unknown.length === 1) {
      fail(
        'mnemonic',
        `Word ${first.n}, "${first.word.slice(0, 20)}", is not in the BIP-39 English word list.`,
      );
    }
    // A few are named, never the whole phrase (an unknown word may be a typo of a secret one).
    const list = unknown
      .slice(0, 3)
      .map(({ word, n }) => `${n} ("${word.slice(0, 20)}")`)
      .join(', ');
    const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
    fail('mnemonic', `Words ${list}${more} are not in the BIP-39 English word list.`);
  }
  if (!MNEMONIC_WORD_COUNTS.includes(words.length)) {
    fail(
      'mnemonic',
      `A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}.`,
    );
  }

  const totalBits = words.length * 11;
  const checksumBits = totalBits / 33;
  const entropyBytes = (totalBits - checksumBits) / 8;
  const bits = new Uint8Array(Math.ceil(totalBits / 8));
  words.forEach((word, i) => writeBits(bits, i * 11, 11, WORD_INDEX.get(word) ?? 0));
  const entropy = bits.slice(0, entropyBytes);
  const expected = readBits(sha256(entropy), 0, checksumBits);
  if (readBits(bits, entropyBytes * 8, checksumBits) !== expected) {
    fail(
      'mnemonic',
      'Every word is valid, but the checksum does not match: a word is wrong or the words are out of order.',
    );
  }
  return { phrase: words.join(' '), entropy };
}

/**
 * Validate a phrase a person typed or pasted; returns its canonical form (lower case, single
 * spaces), the form bitcore-mnemonic accepts and hashes. Throws ProtocolError('mnemonic') naming
 * any unknown word, a wrong word count or a bad checksum.
 */
export function parseMnemonic(input: unknown): string {
  return parse(input).phrase;
}

export function validateMnemonic(input: unknown): boolean {
  try {
    parse(input);
    return true;
  } catch {
    return false;
  }
}

/** The entropy a valid phrase encodes (inverse of generateMnemonic). */
export function mnemonicToEntropy(mnemonic: string): Uint8Array {
  return parse(mnemonic).entropy;
}

/**
 * bitcore-mnemonic Mnemonic#toSeed: the 64-byte BIP-39 seed. The phrase is validated and
 * canonicalized first (bitcore refuses any other form); the passphrase is taken as given, NFKD.
 */
export function mnemonicToSeed(mnemonic: string, passphrase = ''): Uint8Array {
  if (typeof passphrase !== 'string') fail('mnemonic', 'The passphrase must be text.');
  const phrase = parseMnemonic(mnemonic);
  const salt = utf8(('mnemonic' + passphrase).normalize('NFKD'));
  return pbkdf2(sha512, utf8(phrase.normalize('NFKD')), salt, { c: 2048, dkLen: 64 });
}
