/**
 * obyte: links (ocore uri.js parseUri) and links in chat text (official wallet chat renderer):
 * round trips for random valid requests, ocore's rules and our documented refusals, and
 * parseChatText's guarantees on arbitrary input (never throws, gives the text back).
 */
import { MAX_CAP } from '../../shared/protocol/constants';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from '../../shared/protocol/bytes';
import type { ChatLink, ChatSegment } from '../../shared/protocol/chat-links';
import { CHAT_LINK_KINDS, getChatLinks, parseChatText } from '../../shared/protocol/chat-links';
import { getAddressFromDefinition } from '../../shared/protocol/chash';
import { ProtocolError } from '../../shared/protocol/errors';
import type { PaymentRequest, PaymentUri, UriScheme } from '../../shared/protocol/uri';
import {
  buildPaymentUri,
  parseQueryString,
  parseUri,
  URI_SCHEMES,
} from '../../shared/protocol/uri';
import { NETWORKS } from '../../shared/protocol/wire';
import { address, amount, hash44 } from './arbitraries';
import { protocolError } from './protocol-error';

function uriError(text: string, options?: Parameters<typeof parseUri>[1]): string {
  const error = protocolError(() => parseUri(text, options));
  expect(error.code).toBe('uri');
  return error.message;
}

function payment(text: string): PaymentUri {
  const uri = parseUri(text);
  expect(uri.type).toBe('payment');
  return uri as PaymentUri;
}

const ADDR = '4GDZSXHEFVFMHCUCSHZVXBVF5T2LJHMU';
const ADDR2 = 'GFK3RDAPQLLNCMQEVGGD2KCPZTLSG3HN';
const DEVICE = '0IFELMLENBBDEJKERPVOZCVNPLJPTW6MT';
const PUBKEY = 'ApCXmlSQ88tMOIU3XeGJ1uBC3/wq484d3eE8uNc4LHfd';
const ASSET = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';
const ASSET_ENC = encodeURIComponent(ASSET);
const WORDS = Array(11).fill('abandon').concat('about') as string[];

const asset = hash44;
const scheme = fc.constantFrom<UriScheme>(...URI_SCHEMES);

const request: fc.Arbitrary<PaymentRequest> = fc
  .record({
    address,
    amount: fc.option(amount, { nil: null }),
    asset: fc.option(fc.oneof(fc.constant('base'), asset), { nil: null }),
    extra: fc.uniqueArray(fc.tuple(fc.oneof(fc.constant('base'), asset), amount), {
      maxLength: 4,
      selector: ([a]) => a,
    }),
    device_address: fc.option(
      address.map((a) => '0' + a),
      { nil: null },
    ),
    base64data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 60 }).map(toBase64), {
      nil: null,
    }),
    from_address: fc.option(address, { nil: null }),
    single_address: fc.boolean(),
  })
  .map(({ extra, ...r }) => {
    const main = r.asset ?? 'base';
    const rest = r.amount === null ? [] : extra.filter(([a]) => a !== main);
    return {
      ...r,
      additional_assets: rest.length > 0 ? Object.fromEntries(rest) : null,
    };
  });

/** What parseUri returns for a request built by buildPaymentUri. */
function expectedPayment(r: PaymentRequest, s: UriScheme): PaymentUri {
  const amountValue = r.amount ?? null;
  return {
    type: 'payment',
    scheme: s,
    address: r.address,
    recipient_kind: 'address',
    amount: amountValue,
    asset: r.asset ?? (amountValue === null ? null : 'base'),
    additional_assets: r.additional_assets ?? null,
    device_address: r.device_address ?? null,
    base64data: r.base64data ?? null,
    from_address: r.from_address ?? null,
    single_address: r.single_address ?? false,
  };
}

describe('payment links round trip', () => {
  it('buildPaymentUri → parseUri gives the request back, and rebuilding is stable', () => {
    fc.assert(
      fc.property(request, scheme, (r, s) => {
        const text = buildPaymentUri(r, s);
        const parsed = parseUri(text);
        expect(parsed).toStrictEqual(expectedPayment(r, s));
        expect(buildPaymentUri(parsed as PaymentUri, s)).toBe(text);
      }),
    );
  });

  it('a built link with an amount is the same payment request in chat', () => {
    fc.assert(
      fc.property(
        request,
        scheme,
        fc.string({ unit: fc.constantFrom(...'ab c.'), maxLength: 12 }),
        (r, s, label) => {
          if (r.amount === null || r.amount === undefined) return;
          const uri = buildPaymentUri(r, s);
          const links = getChatLinks(`Please [${label}](${uri}) now`);
          const parsed = parseUri(uri) as PaymentUri;
          expect(links).toStrictEqual([
            {
              kind: 'payment',
              label,
              uri,
              scheme: s,
              address: parsed.address,
              amount: parsed.amount,
              asset: parsed.asset,
              additional_assets: parsed.additional_assets,
              device_address: parsed.device_address,
              base64data: parsed.base64data,
              from_address: parsed.from_address,
              single_address: parsed.single_address,
            },
          ]);
        },
      ),
    );
  });

  it('buildPaymentUri refuses values that would not parse back', () => {
    const bad: PaymentRequest[] = [
      { address: ADDR.toLowerCase() },
      { address: ADDR, amount: 0 },
      { address: ADDR, amount: 1.5 },
      { address: ADDR, amount: MAX_CAP + 1 },
      { address: ADDR, amount: 1, asset: 'bytes' },
      { address: ADDR, additional_assets: { [ASSET]: 5 } },
      { address: ADDR, amount: 1, additional_assets: { base: 5 } },
      { address: ADDR, device_address: ADDR },
      { address: ADDR, base64data: 'abc' },
      { address: ADDR, from_address: 'x' },
    ];
    for (const r of bad) expect(protocolError(() => buildPaymentUri(r)).code).toBe('uri');
    expect(buildPaymentUri({ address: ADDR, amount: 5, asset: 'base' })).toBe(
      `obyte:${ADDR}?amount=5`,
    );
    expect(buildPaymentUri({ address: ADDR, asset: 'base' })).toBe(`obyte:${ADDR}?asset=base`);
    expect(buildPaymentUri({ address: ADDR, amount: 5, asset: ASSET }, 'byteball')).toBe(
      `byteball:${ADDR}?amount=5&asset=qO2JsiuDMh%2Fj%2BpqJYZw3u82O71WjCDf0vTNvsnntr8o%3D`,
    );
  });
});

describe('parseUri: payment requests (ocore uri.js)', () => {
  it('amount, default asset base, scheme case-insensitive', () => {
    expect(payment(`obyte:${ADDR}?amount=100000000`)).toMatchObject({
      scheme: 'obyte',
      address: ADDR,
      amount: 100_000_000,
      asset: 'base',
      additional_assets: null,
    });
    expect(payment(`  OBYTE:${ADDR}  `)).toMatchObject({
      scheme: 'obyte',
      amount: null,
      asset: null,
    });
    expect(payment(`Byteball:${ADDR}?asset=${ASSET_ENC}`)).toMatchObject({
      scheme: 'byteball',
      amount: null,
      asset: ASSET,
    });
  });

  it('additional assets, options and the legacy single_address form', () => {
    const p = payment(
      `obyte:${ADDR}?amount=10&asset=base&amount2=20&asset2=${ASSET_ENC}&amount3=30&asset3=${encodeURIComponent(
        'dpsgaj9Z6uLtdFXkqSaRIc4g8mU0wG4y+fpghccnSmM=',
      )}&device_address=${DEVICE}&base64data=eyJhIjoxfQ%3D%3D&from_address=${ADDR2}&single_address=1`,
    );
    expect(p.additional_assets).toStrictEqual({
      [ASSET]: 20,
      'dpsgaj9Z6uLtdFXkqSaRIc4g8mU0wG4y+fpghccnSmM=': 30,
    });
    expect(p).toMatchObject({
      device_address: DEVICE,
      base64data: 'eyJhIjoxfQ==',
      from_address: ADDR2,
      single_address: true,
    });
    expect(payment(`obyte:${ADDR}?single_address=single${ADDR2}`)).toMatchObject({
      from_address: ADDR2,
      single_address: true,
    });
    expect(payment(`obyte:${ADDR}?single_address=0`).single_address).toBe(false);
    // ocore ignores pairs without "=" and unknown parameters.
    expect(payment(`obyte:${ADDR}?amount=5&junk&x=y&`).amount).toBe(5);
  });

  it('textcoins to people: e-mail, handles, phone numbers', () => {
    expect(payment('obyte:alice%40example.com?amount=5').recipient_kind).toBe('email');
    expect(payment('obyte:reddit/alice?amount=5').recipient_kind).toBe('social');
    expect(payment('obyte:@alice').recipient_kind).toBe('social');
    expect(payment('obyte:+4912345678901').recipient_kind).toBe('phone');
  });

  it('refuses invalid amounts, assets and options with a message naming them', () => {
    for (const a of ['1.5', '0', '01', '-5', '1e3', '', String(MAX_CAP + 1), '9007199254740993']) {
      expect(uriError(`obyte:${ADDR}?amount=${a}`)).toMatch(/amount/);
    }
    expect(uriError(`obyte:${ADDR}?amount=5&asset=xyz`)).toMatch(/asset/);
    expect(uriError(`obyte:${ADDR}?amount=5&amount2=5`)).toMatch(/twice/);
    expect(
      uriError(`obyte:${ADDR}?amount=5&asset=${ASSET_ENC}&amount2=5&asset2=${ASSET_ENC}`),
    ).toMatch(/twice/);
    expect(uriError(`obyte:${ADDR}?amount2=5`)).toMatch(/amount2 but no amount/);
    expect(uriError(`obyte:${ADDR}?amount=5&amount2=x`)).toMatch(/amount2/);
    expect(uriError(`obyte:${ADDR}?device_address=${ADDR}`)).toMatch(/device_address/);
    expect(uriError(`obyte:${ADDR}?base64data=abc`)).toMatch(/base64data/);
    expect(uriError(`obyte:${ADDR}?from_address=${ADDR.slice(1)}A`)).toMatch(/from_address/);
  });

  it('refuses what ocore silently guesses: raw "=" in a value, a parameter twice', () => {
    expect(uriError(`obyte:${ADDR}?amount=1000&asset=${ASSET}`)).toMatch(/%3D/);
    expect(uriError(`obyte:${ADDR}?amount=1&amount=1000`)).toMatch(/twice/);
  });

  it('clear errors for a wrong address, prefix, network or encoding', () => {
    expect(uriError(`obyte:${ADDR.slice(0, 31)}A`)).toMatch(/checksum/);
    expect(uriError(`obyte:${ADDR.toLowerCase()}`)).toMatch(/upper case/);
    expect(uriError('obyte:hello')).toMatch(/not an Obyte address/);
    expect(uriError(`bitcoin:${ADDR}`)).toMatch(/must start with obyte:/);
    expect(uriError(`obyte:${ADDR}?a?b`)).toMatch(/more than one "\?"/);
    expect(uriError(`obyte:${ADDR}?amount=%E0%A4%A`)).toMatch(/%-escape/);
    expect(uriError(`obyte:${ADDR}\n?amount=5`)).toMatch(/one line/);
    expect(uriError(`obyte-tn:${ADDR}`, { network: NETWORKS.mainnet })).toMatch(
      /testnet link .* on mainnet/,
    );
    expect(uriError(`obyte:${ADDR}`, { network: NETWORKS.testnet })).toMatch(
      /mainnet link .* on testnet/,
    );
    expect(payment(`byteball-tn:${ADDR}`).scheme).toBe('byteball-tn');
    expect(parseUri(`obyte-tn:${ADDR}`, { network: NETWORKS.testnet }).type).toBe('payment');
    expect(parseUri(`obyte:${ADDR}`, { network: NETWORKS.devnet }).type).toBe('payment');
  });
});

describe('parseUri: pairing, textcoin, data and auth', () => {
  it('pairing links go through parsePairingCode', () => {
    const uri = parseUri(`obyte:${PUBKEY}@obyte.org/bb#0000`);
    expect(uri).toStrictEqual({
      type: 'pairing',
      scheme: 'obyte',
      pubkey: PUBKEY,
      hub: 'obyte.org/bb',
      pairing_secret: '0000',
      device_address: DEVICE,
    });
    expect(parseUri(`byteball:${PUBKEY}@obyte.org/bb%23secret`)).toMatchObject({
      type: 'pairing',
      pairing_secret: 'secret',
    });
    const bad = protocolError(() => parseUri(`obyte:${'A'.repeat(44)}@obyte.org/bb#0000`));
    expect(bad.code).toBe('pairing_code');
  });

  it('textcoins: textcoin?words and a bare 12-word list', () => {
    expect(parseUri(`obyte:textcoin?${WORDS.join('-')}`)).toStrictEqual({
      type: 'textcoin',
      scheme: 'obyte',
      mnemonic: WORDS.join(' '),
    });
    expect(parseUri(`obyte:${WORDS.join('-').toUpperCase()}`)).toMatchObject({
      type: 'textcoin',
      mnemonic: WORDS.join(' '),
    });
    expect(uriError('obyte:textcoin?abandon-about')).toMatch(/12 to 24 words/);
    expect(uriError(`obyte:textcoin?${WORDS.join('-')}-x1`)).toMatch(/words/);
  });

  it('data requests follow ocore app rules', () => {
    expect(parseUri('obyte:data?app=data&name=Alice&age=30')).toStrictEqual({
      type: 'data',
      scheme: 'obyte',
      app: 'data',
      params: { app: 'data', name: 'Alice', age: '30' },
    });
    expect(uriError('obyte:data')).toMatch(/no parameters/);
    expect(uriError('obyte:data?name=x')).toMatch(/no app/);
    expect(uriError('obyte:data?app=steal')).toMatch(/not one of/);
    expect(uriError('obyte:data?app=attestation&address=x')).toMatch(/attested address/);
    expect(parseUri(`obyte:data?app=attestation&address=${ADDR}&name=x`).type).toBe('data');
    expect(uriError('obyte:data?app=vote&unit=x')).toMatch(/poll unit/);
    expect(uriError('obyte:data?app=definition')).toMatch(/no definition/);
    expect(uriError('obyte:data?app=system_vote&subject=fees&value=1')).toMatch(/subject/);
    expect(uriError('obyte:data?app=system_vote&subject=base_tps_fee')).toMatch(/no value/);
    expect(uriError('obyte:data?app=system_vote&subject=base_tps_fee&value=ten')).toMatch(
      /must be a number/,
    );
    expect(parseUri('obyte:data?app=system_vote&subject=base_tps_fee&value=10.5').type).toBe(
      'data',
    );
    expect(uriError(`obyte:data?app=system_vote&subject=op_list&value=${ADDR}`)).toMatch(
      /exactly 12/,
    );
    expect(
      parseUri(`obyte:data?app=system_vote&subject=op_list&value=${ADDR}`, {
        network: NETWORKS.devnet,
      }).type,
    ).toBe('data');
    expect(
      uriError(`obyte:data?app=system_vote&subject=op_list&value=${ADDR.toLowerCase()}`, {
        network: NETWORKS.devnet,
      }),
    ).toMatch(/invalid/);
  });

  it('auth requests', () => {
    expect(parseUri('obyte:auth?url=https%3A%2F%2Fexample.com%2Flogin')).toStrictEqual({
      type: 'auth',
      scheme: 'obyte',
      params: { url: 'https://example.com/login' },
    });
    expect(
      parseUri(`obyte:auth?device=${encodeURIComponent(PUBKEY)}%40obyte.org&pairing_secret=s&app=x`)
        .type,
    ).toBe('auth');
    expect(uriError('obyte:auth?url=ftp%3A%2F%2Fx')).toMatch(/http/);
    expect(uriError('obyte:auth?x=1')).toMatch(/neither a url nor a device/);
    expect(uriError(`obyte:auth?device=${encodeURIComponent(PUBKEY)}%40h&app=x`)).toMatch(
      /pairing_secret/,
    );
    expect(uriError(`obyte:auth?device=abc%40h&pairing_secret=s&app=x`)).toMatch(/44/);
    expect(
      uriError(`obyte:auth?device=${encodeURIComponent(PUBKEY)}%40h%2Fx&pairing_secret=s&app=x`),
    ).toMatch(/hub/);
  });

  it('parseQueryString keeps ocore semantics (pairs with one "=", last wins, "+" literal)', () => {
    expect(parseQueryString('a=1&b=2=3&c&a=4&d=x+y%2Bz')).toStrictEqual({ a: '4', d: 'x+y+z' });
    const proto = parseQueryString('__proto__=x&constructor=y');
    expect(Object.keys(proto)).toStrictEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(protocolError(() => parseQueryString('a=%ZZ')).code).toBe('uri');
  });

  it('arbitrary text never throws anything but a ProtocolError', () => {
    const fragments = fc.constantFrom(
      'obyte:',
      'byteball-tn:',
      ADDR,
      '?',
      '&',
      '=',
      'amount=',
      'asset=',
      '%',
      '%3D',
      'data',
      'app=',
      'auth?',
      'textcoin?',
      '-',
      '@',
      '#',
      PUBKEY,
      '12',
      ' ',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseUri(t);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });
});

describe('parseChatText', () => {
  const fragments = fc.constantFrom(
    '[',
    ']',
    '(',
    ')',
    '](',
    '\n',
    ' ',
    '.',
    'label',
    'obyte:',
    'byteball-tn:',
    ADDR,
    ADDR2,
    `${ADDR}?amount=5`,
    '?amount=1.5',
    '&asset=',
    ASSET_ENC,
    'command:',
    'suggest-command:',
    'payment:',
    'vote:',
    'profile-request:a,b',
    'pairing-code:true',
    'sign-message-request:',
    '-network-aware',
    'data?app=data&x=1',
    `textcoin?${WORDS.join('-')}`,
    `${PUBKEY}@obyte.org/bb#`,
    'https://obyte.org/x',
    'http://',
    '\uFFFC',
    '\ud83d',
    '😀',
  );
  const chatText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fragments, { maxLength: 30 }).map((parts) => parts.join('')),
  );

  function check(text: string, segments: ChatSegment[]): void {
    expect(segments.map((s) => s.text).join('')).toBe(text);
    for (const [i, segment] of segments.entries()) {
      expect(segment.text.length).toBeGreaterThan(0);
      if (segment.type === 'link') expect(CHAT_LINK_KINDS).toContain(segment.link.kind);
      if (i > 0) expect(segment.type === 'text' && segments[i - 1]?.type === 'text').toBe(false);
    }
  }

  it('never throws and gives the text back exactly', () => {
    fc.assert(
      fc.property(chatText, (text) => {
        check(text, parseChatText(text));
      }),
      { numRuns: 500 },
    );
  });

  it('is linear enough for hostile texts (each finishes within the test timeout)', () => {
    const n = 60_000;
    const texts = [
      '['.repeat(n),
      '['.repeat(n) + '](command:' + 'x'.repeat(n),
      '[a](command:'.repeat(n / 10),
      '[a](obyte:' + ADDR + '?' + 'a'.repeat(n),
      `[a](obyte:${PUBKEY}@h#`.repeat(n / 50),
      (ADDR + 'x').repeat(n / 33),
      'A'.repeat(n),
      (ADDR + ' ').repeat(n / 33),
      'https://'.repeat(n / 8),
      '[x'.repeat(n / 2) + '\n' + '](suggest-command:y)',
    ];
    for (const text of texts) check(text, parseChatText(text));
  });

  it('empty and plain texts', () => {
    expect(parseChatText('')).toStrictEqual([]);
    expect(parseChatText('hello')).toStrictEqual([{ type: 'text', text: 'hello' }]);
    expect(parseChatText('[a](b)')).toStrictEqual([{ type: 'text', text: '[a](b)' }]);
  });

  it('a label never swallows an earlier link (official wallet quirk not copied)', () => {
    const links = getChatLinks(
      '[sign](sign-message-request:hello) [share](profile-request:a,b) [Buy](command:buy) or [pay](obyte:' +
        ADDR +
        '?amount=1)',
    );
    expect(links.map((l) => l.kind)).toStrictEqual([
      'sign_message_request',
      'profile_request',
      'command',
      'payment',
    ]);
    expect(links[0]).toStrictEqual({
      kind: 'sign_message_request',
      label: 'sign',
      network_aware: false,
      message: 'hello',
      decoded_json: null,
    });
  });

  it('a bare address inside a label or command is absorbed by the link', () => {
    expect(getChatLinks(`[Pay ${ADDR} now](command:pay)`)).toStrictEqual([
      { kind: 'command', label: `Pay ${ADDR} now`, command: 'pay' },
    ]);
    expect(getChatLinks(`[x](command:pay ${ADDR} ${ADDR2})`)).toStrictEqual([
      { kind: 'command', label: 'x', command: `pay ${ADDR} ${ADDR2}` },
    ]);
  });

  it('bare addresses: boundaries, checksum, my own addresses, link targets', () => {
    const bare = (a: string) => ({ kind: 'address', label: null, uri: null, address: a });
    expect(getChatLinks(`${ADDR}`)).toStrictEqual([bare(ADDR)]);
    expect(getChatLinks(`to ${ADDR}: or\n${ADDR2}!`)).toStrictEqual([bare(ADDR), bare(ADDR2)]);
    expect(getChatLinks(`x${ADDR} `)).toStrictEqual([]);
    expect(getChatLinks(`${ADDR}A `)).toStrictEqual([]);
    expect(getChatLinks(`${ADDR}?`)).toStrictEqual([]);
    expect(getChatLinks(`${ADDR.slice(0, 31)}A `)).toStrictEqual([]);
    expect(getChatLinks(`${ADDR} ${ADDR2}`, { myAddresses: [ADDR] })).toStrictEqual([bare(ADDR2)]);
    expect(getChatLinks(`[a](command:send ${ADDR} )`)).toStrictEqual([
      { kind: 'command', label: 'a', command: `send ${ADDR} ` },
    ]);
  });

  it('payment links that are not usable requests offer "pay to this address"', () => {
    const addressLink = (query: string) => ({
      kind: 'address',
      label: 'p',
      uri: `obyte:${ADDR}${query}`,
      address: ADDR,
    });
    for (const query of [
      '',
      '?amount=0',
      '?amount=01',
      `?amount=${MAX_CAP + 1}`,
      '?amount=5&asset=xyz',
      `?amount=5&device_address=${ADDR}`,
      '?amount=5&base64data=abc',
      '?amount=5&from_address=abc',
      '?amount=5&amount2=5',
      '?amount=5&x=%ZZ',
      '?asset=base',
    ]) {
      expect(getChatLinks(`[p](obyte:${ADDR}${query})`)).toStrictEqual([addressLink(query)]);
    }
    // An invalid checksum is no link at all; so is a lower-case scheme-less target.
    expect(getChatLinks(`[p](obyte:${ADDR.slice(0, 31)}A?amount=5)`)).toStrictEqual([]);
    expect(getChatLinks(`[](obyte:${ADDR}?amount=5)`)[0]).toMatchObject({
      kind: 'payment',
      label: '',
    });
    expect(
      getChatLinks(`[p](obyte:${ADDR}?amount=5&single_address=single${ADDR2})`)[0],
    ).toMatchObject({
      from_address: ADDR2,
      single_address: true,
    });
    expect(getChatLinks(`[p](obyte:${ADDR}?amount=5&single_address=0)`)[0]).toMatchObject({
      single_address: false,
    });
  });

  it('pairing, textcoin and data links', () => {
    expect(getChatLinks(`[bot](obyte:${PUBKEY}@obyte.org/bb#s1) (see docs)`)).toStrictEqual([
      {
        kind: 'pairing',
        label: 'bot',
        uri: `obyte:${PUBKEY}@obyte.org/bb#s1`,
        pubkey: PUBKEY,
        hub: 'obyte.org/bb',
        pairing_secret: 's1',
        device_address: DEVICE,
      },
    ]);
    expect(
      getChatLinks(`[bot](obyte:${'A'.repeat(44)}@obyte.org/bb#s1) https://x.org`),
    ).toStrictEqual([{ kind: 'url', url: 'https://x.org' }]);
    expect(getChatLinks('[t](obyte:textcoin?word-another)')).toStrictEqual([
      {
        kind: 'textcoin',
        label: 't',
        uri: 'obyte:textcoin?word-another',
        mnemonic: 'word another',
      },
    ]);
    expect(getChatLinks('[d](obyte:data?app=steal&x=1)')).toStrictEqual([]);
    expect(getChatLinks('[d](obyte:data?app=text&text=Hi%20there) (ok)')).toStrictEqual([
      {
        kind: 'data',
        label: 'd',
        uri: 'obyte:data?app=text&text=Hi%20there',
        params: { app: 'text', text: 'Hi there' },
      },
    ]);
  });

  it('multi-payment links: valid, with definitions, and invalid ones stay plain', () => {
    const b64 = (value: unknown) => toBase64(utf8(JSON.stringify(value)));
    const definition = ['sig', { pubkey: PUBKEY }];
    const defAddress = getAddressFromDefinition(definition);
    const ok = b64({
      payments: [
        { address: defAddress, amount: 7, asset: 'base' },
        { address: ADDR, amount: 8, asset: null },
      ],
      definitions: { [defAddress]: { definition, signers: ['r'] } },
    });
    expect(getChatLinks(`[x](payment:${ok})`)).toStrictEqual([
      {
        kind: 'multi_payment',
        label: 'x',
        payments: [
          { address: defAddress, amount: 7, asset: 'base' },
          { address: ADDR, amount: 8 },
        ],
        definitions: { [defAddress]: { definition, signers: ['r'] } },
      },
    ]);
    for (const bad of [
      'bad',
      b64({ payments: [] }),
      b64([{ address: ADDR, amount: 1 }]),
      b64({ payments: [{ address: ADDR, amount: 1.5 }] }),
      b64({ payments: [{ address: ADDR, amount: MAX_CAP + 1 }] }),
      b64({ payments: [{ address: ADDR, amount: 1, asset: 'x' }] }),
      b64({ payments: [{ address: ADDR, amount: 1 }], definitions: { [ADDR]: { definition } } }),
      b64({ payments: [{ address: ADDR, amount: 1 }], definitions: [1] }),
    ]) {
      // Recognised but invalid: plain text, and nothing inside it becomes a link.
      expect(getChatLinks(`[see https://x.org](payment:${bad})`)).toStrictEqual([]);
    }
  });

  it('sign-message, profile and pairing-code requests, signed messages; unsupported kinds stay plain', () => {
    const json = toBase64(utf8(JSON.stringify({ a: [1, 'x'] })));
    expect(getChatLinks(`[s](sign-message-request-network-aware:${json})`)).toStrictEqual([
      {
        kind: 'sign_message_request',
        label: 's',
        network_aware: true,
        message: json,
        decoded_json: { a: [1, 'x'] },
      },
    ]);
    expect(getChatLinks('[s](sign-message-request:test)')[0]).toMatchObject({ decoded_json: null });
    expect(getChatLinks('[p](profile-request:first_name,,email)')).toStrictEqual([
      { kind: 'profile_request', label: 'p', fields: ['first_name', '', 'email'] },
    ]);
    expect(getChatLinks('[c](pairing-code:false) [d](pairing-code:yes)')).toStrictEqual([
      { kind: 'send_pairing_code', label: 'c', permanent: false },
      { kind: 'send_pairing_code', label: 'd', permanent: false },
    ]);
    expect(getChatLinks('[](command:x) [a\nb](command:y)')).toStrictEqual([]);
    expect(
      getChatLinks('[v https://a.org](vote:abc) [p](profile:abc) [m](signed-message:abc)'),
    ).toStrictEqual([
      { kind: 'private_profile', label: 'p', base64: 'abc' },
      { kind: 'signed_message', label: 'm', base64: 'abc' },
    ]);
  });

  it('bare URLs end before trailing punctuation', () => {
    const links: ChatLink[] = getChatLinks(
      'see https://obyte.org/platform. and http://a.b/c?d=1&e=2,',
    );
    expect(links).toStrictEqual([
      { kind: 'url', url: 'https://obyte.org/platform' },
      { kind: 'url', url: 'http://a.b/c?d=1&e=2' },
    ]);
  });
});
