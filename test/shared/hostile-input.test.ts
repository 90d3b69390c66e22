/**
 * Hostile input against every parser a person's or a peer's text goes through: addresses,
 * amounts, recovery phrases, pairing codes and links. Each bad input is refused with a
 * ProtocolError whose message is one plain sentence (never a stack, never silence), and random
 * text never makes a parser throw anything else. Good inputs in their tolerated spellings
 * (spaces around, upper case words, `%23`) are accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountString, parseDecimalAmount } from '../../shared/protocol/amount';
import { parseAddress } from '../../shared/protocol/chash';
import { ProtocolError } from '../../shared/protocol/errors';
import { parseMnemonic } from '../../shared/protocol/mnemonic';
import { hubProblem, parsePairingCode } from '../../shared/protocol/pairing';
import { parseUri } from '../../shared/protocol/uri';
import { NETWORKS } from '../../shared/protocol/wire';
import { protocolError } from './protocol-error';

/** A refusal a person can read: a capitalised sentence that ends with a full stop. */
function expectSentence(message: string): void {
  expect(message).toMatch(/^["“A-Z]/);
  expect(message).toMatch(/[.]$/);
  expect(message.length).toBeLessThan(400);
  expect(message).not.toMatch(/\n\s+at /);
}

function refused(fn: () => unknown, code: string): string {
  const error = protocolError(fn);
  expect(error.code).toBe(code);
  expectSentence(error.message);
  return error.message;
}

/** Random text, including unicode, controls and the characters each grammar uses. */
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9+/=@#%:.\-_ ?&]{0,120}$/),
);

/** Runs `parse` on random text: it either returns or throws a ProtocolError in a sentence. */
function neverThrowsOtherwise(parse: (text: string) => unknown): void {
  fc.assert(
    fc.property(anyText, (text) => {
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        expectSentence((error as ProtocolError).message);
      }
    }),
    { numRuns: 300 },
  );
}

const ADDRESS = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';

describe('addresses', () => {
  it.each([
    ['', /32 characters/],
    ['javascript:alert(1)', /32 characters/],
    [ADDRESS.toLowerCase(), /upper case/],
    [ADDRESS + 'A', /32 characters/],
    [ADDRESS.slice(1), /32 characters/],
    [ADDRESS.replace('L', 'M'), /checksum/],
    [ADDRESS.replace('O', '0'), /letters A–Z and the digits 2–7/],
    ['\u200b' + ADDRESS, /32 characters/],
    ['Ｌ' + ADDRESS.slice(1), /letters A–Z/],
    [ADDRESS.slice(0, 16) + ' ' + ADDRESS.slice(17), /letters A–Z/],
    ['0' + ADDRESS, /32 characters/],
  ])('refuses %j', (input, reason) => {
    expect(refused(() => parseAddress(input), 'address')).toMatch(reason);
  });

  it('accepts the address with spaces or a newline around it', () => {
    expect(parseAddress(` ${ADDRESS}\n`)).toBe(ADDRESS);
  });

  it('random text', () => neverThrowsOtherwise(parseAddress));
});

describe('amounts typed by a person (GBYTE, 9 decimals)', () => {
  it.each([
    ['', /Enter an amount/],
    ['   ', /Enter an amount/],
    ['0', /more than zero/],
    ['0.000000000', /more than zero/],
    ['-1', /negative/],
    ['-0', /negative/],
    ['+1', /without a sign/],
    ['1e3', /not an amount/],
    ['1E-9', /not an amount/],
    ['9e15', /not an amount/],
    ['0x10', /not an amount/],
    ['Infinity', /not an amount/],
    ['NaN', /not an amount/],
    ['٣', /not an amount/],
    ['１', /not an amount/],
    ['１.５', /not an amount/],
    ['½', /not an amount/],
    ['1 000', /not an amount/],
    ['1_000', /not an amount/],
    ['1\u200b', /not an amount/],
    ['1,5', /point, not a comma/],
    ['.', /not an amount/],
    ['1..2', /not an amount/],
    ['1.2.3', /not an amount/],
    ['0.0000000001', /at most 9 decimals/],
    ['9007199254.740993', /too large|maximum/],
    ['9007199254740993', /too large|maximum/],
    ['9000000.000000001', /maximum/],
    ['1' + '0'.repeat(40), /too large/],
  ])('refuses %j', (input, reason) => {
    expect(refused(() => parseDecimalAmount(input, 9), 'amount')).toMatch(reason);
  });

  it.each([
    [' 1 ', 1_000_000_000],
    ['\t0.1', 100_000_000],
    ['1.', 1_000_000_000],
    ['.5', 500_000_000],
    ['00001', 1_000_000_000],
    ['1.0000000000', 1_000_000_000],
    ['9000000', 9e15],
    ['0.000000001', 1],
  ])('accepts %j', (input, units) => {
    expect(parseDecimalAmount(input, 9)).toBe(units);
  });

  it('an asset without decimals refuses any fraction, and 2^53 in its units', () => {
    expect(refused(() => parseDecimalAmount('1.5', 0), 'amount')).toMatch(/no decimals/);
    expect(refused(() => parseDecimalAmount(String(2 ** 53), 0), 'amount')).toMatch(/too large/);
    expect(parseDecimalAmount('1.000', 0)).toBe(1);
  });

  it('random text', () => neverThrowsOtherwise((text) => parseDecimalAmount(text, 9)));
});

describe('amounts in links (integers of the smallest unit)', () => {
  it.each(['', '0', '01', '1.0', '-1', '+1', '1e3', '٣', ' 1', '1 ', '9007199254740993', '0x1'])(
    'refuses %j',
    (input) => {
      refused(() => parseAmountString(input), 'amount');
    },
  );

  it('random text', () => neverThrowsOtherwise(parseAmountString));
});

const PHRASE =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('recovery phrases', () => {
  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    [PHRASE.replace('about', 'abandon'), /checksum/],
    [PHRASE.split(' ').reverse().join(' '), /checksum/],
    [`${PHRASE} about`, /12, 15, 18, 21 or 24 words; this one has 13/],
    [PHRASE.split(' ').slice(0, 11).join(' '), /this one has 11/],
    [PHRASE.replace('about', 'abou'), /Word 12, "abou"/],
    [PHRASE.replace('about', 'ab\u200bout'), /Word 12/],
    [PHRASE.replace(/a/g, 'а'), /not in the BIP-39 English word list/],
    [PHRASE.replace(/ /g, ','), /not in the BIP-39 English word list/],
    ['1 2 3 4 5 6 7 8 9 10 11 12', /not in the BIP-39 English word list/],
  ])('refuses %j', (input, reason) => {
    expect(refused(() => parseMnemonic(input), 'mnemonic')).toMatch(reason);
  });

  it.each([
    PHRASE.toUpperCase(),
    `  ${PHRASE.replace(/ /g, '   ')}\n`,
    PHRASE.replace(/ /g, '\t'),
    PHRASE.replace(/ /g, '\u3000'),
    PHRASE.replace(/ /g, '\u00a0'),
    PHRASE.replace('abandon', 'Abandon'),
  ])('accepts the phrase written %j', (input) => {
    expect(parseMnemonic(input)).toBe(PHRASE);
  });

  it('names at most a few unknown words, never the whole phrase back', () => {
    const message = refused(
      () => parseMnemonic(PHRASE.replace(/abandon/g, 'abandonner')),
      'mnemonic',
    );
    expect(message.split('abandonner').length - 1).toBeLessThanOrEqual(3);
  });

  it('random text', () => neverThrowsOtherwise(parseMnemonic));
});

const PUBKEY = 'A7SWMmbGhAKRsdMKm/2UZ5ZOBOC+ul8sL30VeP5AbPhc';

describe('pairing codes', () => {
  it.each([
    ['', /empty/],
    [`${PUBKEY}@obyte.org/bb`, /no # between the hub and the pairing secret/],
    [`${PUBKEY}obyte.org/bb#x`, /no @/],
    [`${PUBKEY}@obyte.org/bb#`, /secret after # is empty/],
    [`${PUBKEY}@#x`, /names no hub/],
    [`${PUBKEY.slice(1)}@obyte.org/bb#x`, /44 characters of base64, not 43/],
    [`${PUBKEY}A@obyte.org/bb#x`, /not 45/],
    [`${PUBKEY.replace('A', 'B')}@obyte.org/bb#x`, /not a valid compressed secp256k1 point/],
    [`${'A'.repeat(44)}@obyte.org/bb#x`, /secp256k1/],
    [`${PUBKEY}@localhost:0#x`, /port "0"/],
    [`${PUBKEY}@localhost:65536#x`, /port "65536"/],
    [`${PUBKEY}@localhost:99999#x`, /port/],
    [`${PUBKEY}@localhost:00080#x`, /port "00080"/],
    [`${PUBKEY}@obyte.org:#x`, /port ""/],
    [`${PUBKEY}@obyte.org:80:90#x`, /port "80:90"/],
    [`${PUBKEY}@a_b#x`, /host name "a_b"/],
    [`${PUBKEY}@a.-b#x`, /host name/],
    [`${PUBKEY}@-a#x`, /host name/],
    [`${PUBKEY}@obyte.org.#x`, /host name/],
    [`${PUBKEY}@.obyte.org#x`, /host name/],
    [`${PUBKEY}@obyte..org#x`, /host name/],
    [`${PUBKEY}@${'a'.repeat(64)}.org#x`, /host name/],
    [`${PUBKEY}@999.999.999.999#x`, /neither a host name nor an IPv4 address/],
    [`${PUBKEY}@1.2.3#x`, /neither/],
    [`${PUBKEY}@0#x`, /neither/],
    [`${PUBKEY}@obyte.0x10#x`, /neither/],
    [`${PUBKEY}@обыте.орг#x`, /may hold only letters/],
    [`${PUBKEY}@[::1]:80#x`, /may hold only letters/],
    [`${PUBKEY}@obyte.org/bb #x`, /may hold only letters/],
    [`${PUBKEY}@obyte.org//#x`, /path "\/\/"/],
    [`${PUBKEY}@obyte.org/../x#x`, /path/],
    [`${PUBKEY}@${'a.'.repeat(100)}org#x`, /longer than 200/],
    [`${PUBKEY}@obyte.org/bb#sec ret`, /spaces/],
    [`${PUBKEY}@obyte.org/bb#é`, /outside ASCII/],
    [`${PUBKEY}@obyte.org/bb#x\u0000`, /control characters/],
    [`${PUBKEY}@obyte.org/bb#x\u202e`, /outside ASCII/],
    [`${PUBKEY}@obyte.org/bb#a#b`, /more than one #/],
    [`${PUBKEY}@obyte.org/bb#${'x'.repeat(101)}`, /longer than 100/],
    [`${PUBKEY}@obyte.org/bb#${'x'.repeat(5000)}`, /longer than 500/],
    [`bitcoin:${PUBKEY}@obyte.org/bb#x`, /PUBKEY/],
    [`${PUBKEY}@obyte.org/bb\n#x`, /PUBKEY/],
  ])('refuses %j', (input, reason) => {
    expect(refused(() => parsePairingCode(input), 'pairing_code')).toMatch(reason);
  });

  it.each([
    [`${PUBKEY}@obyte.org/bb#0000`, 'obyte.org/bb', '0000'],
    [` obyte:${PUBKEY}@obyte.org/bb#x \n`, 'obyte.org/bb', 'x'],
    [`OBYTE:${PUBKEY}@obyte.org/bb%23*`, 'obyte.org/bb', '*'],
    [`byteball-tn:${PUBKEY}@obyte.org/bb-test#aB3/+xYz`, 'obyte.org/bb-test', 'aB3/+xYz'],
    [`${PUBKEY}@127.0.0.1:6611#x`, '127.0.0.1:6611', 'x'],
    [`${PUBKEY}@localhost:65535/#x`, 'localhost:65535/', 'x'],
    [`${PUBKEY}@Hub-1.Example.COM/a_b/c.d#x`, 'Hub-1.Example.COM/a_b/c.d', 'x'],
  ])('accepts %j', (input, hub, secret) => {
    const code = parsePairingCode(input);
    expect(code.hub).toBe(hub);
    expect(code.pairing_secret).toBe(secret);
  });

  it('every hub it accepts is a valid wss:// URL with that very host and port', () => {
    const hubText = fc.stringMatching(/^[A-Za-z0-9_.:/-]{1,40}$/);
    fc.assert(
      fc.property(hubText, (hub) => {
        if (hubProblem(hub) !== null) return;
        const url = new URL(`wss://${hub}`);
        const hostPort = hub.split('/')[0] ?? '';
        expect(url.host).toBe(hostPort.toLowerCase().replace(/:443$/, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('random text', () => neverThrowsOtherwise(parsePairingCode));
});

describe('links', () => {
  const mainnet = { network: NETWORKS.mainnet };
  it.each([
    [`bitcoin:${ADDRESS}`, /not an Obyte link/],
    [`ethereum:${ADDRESS}`, /not an Obyte link/],
    ['javascript:alert(1)', /not an Obyte link/],
    [`obyte-tn:${ADDRESS}`, /testnet link .* but the wallet is on mainnet/],
    [`byteball-tn:${ADDRESS}`, /testnet link/],
    ['obyte:', /not an Obyte link/],
    ['obyte:javascript:alert(1)', /not an Obyte address/],
    [`obyte://${ADDRESS}`, /not an Obyte address/],
    [`obyte:${ADDRESS.toLowerCase()}`, /upper case/],
    [`obyte:${ADDRESS}#x`, /not an Obyte address/],
    [`obyte: ${ADDRESS}`, /not an Obyte address/],
    [`obyte:${ADDRESS}?amount=1e3`, /amount/],
    [`obyte:${ADDRESS}?amount=-1`, /amount/],
    [`obyte:${ADDRESS}?amount=1.5`, /amount/],
    [`obyte:${ADDRESS}?amount=0`, /more than zero/],
    [`obyte:${ADDRESS}?amount=9007199254740993`, /too large/],
    [`obyte:${ADDRESS}?amount=٣`, /amount/],
    [`obyte:${ADDRESS}?amount= 10`, /amount/],
    [`obyte:${ADDRESS}?amount=100&amount=200`, /twice/],
    [`obyte:${ADDRESS}?amount=100&asset=bad`, /asset/],
    [`obyte:${ADDRESS}?amount=%ZZ`, /%-escape/],
    [`obyte:${ADDRESS}?amount=1?x=2`, /more than one "\?"/],
    [`obyte:${ADDRESS}\n?amount=1`, /one line/],
    [`obyte:${PUBKEY}@localhost:0#x`, /port/],
  ])('refuses %j', (input, reason) => {
    const error = protocolError(() => parseUri(input, mainnet));
    expectSentence(error.message);
    expect(error.message).toMatch(reason);
  });

  it.each([
    [`obyte:${ADDRESS}`, 'mainnet'],
    [`byteball:${ADDRESS}`, 'mainnet'],
    [`OBYTE:${ADDRESS}?amount=10`, 'mainnet'],
    [`obyte-tn:${ADDRESS}`, 'testnet'],
    [`byteball-tn:${ADDRESS}?amount=10`, 'testnet'],
  ] as const)('accepts %j on %s', (input, network) => {
    expect(parseUri(input, { network: NETWORKS[network] }).type).toBe('payment');
  });

  it('random text', () => neverThrowsOtherwise((text) => parseUri(text, mainnet)));
  it('random text after obyte:', () =>
    neverThrowsOtherwise((text) => parseUri(`obyte:${text}`, mainnet)));
});
