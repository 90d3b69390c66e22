/**
 * Properties of the AA parsers on arbitrary input: trigger data (object, base64, JSON text),
 * signed messages (sign → verify round trips, any change breaks them, garbage never crashes),
 * bounce rules (ocore aa_composer arithmetic) and served definitions (a definition vouches only
 * for its own address).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bounceOutcome,
  buildDryRunTrigger,
  classifyAddress,
  missingBounceFees,
  triggerOutputs,
} from '../../shared/protocol/aa';
import {
  dataRows,
  decodeBase64Data,
  encodeBase64Data,
  parseDataJson,
  parseDataPayload,
} from '../../shared/protocol/aa-data';
import { toBase64, utf8 } from '../../shared/protocol/bytes';
import { getChatLinks } from '../../shared/protocol/chat-links';
import { getAddressFromDefinition } from '../../shared/protocol/chash';
import { ProtocolError } from '../../shared/protocol/errors';
import type { Hashable, HashableObject } from '../../shared/protocol/json';
import {
  buildUnsignedMessagePackage,
  decodeSignedMessage,
  parseSignedMessage,
  signMessagePackage,
  signedMessageReply,
  verifySignedMessage,
} from '../../shared/protocol/signed-message';
import { getPublicKeyB64 } from '../../shared/protocol/signature';
import { NETWORKS } from '../../shared/protocol/wire';
import { address, hash44, privateKey } from './arbitraries';

/** JSON the network can hash: no null, no empty list or object. */
const hashable: fc.Arbitrary<Hashable> = fc
  .letrec<{ value: Hashable }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.integer(),
      // JSON has no -0 (it writes 0), and data reaches the wallet as JSON or from a user's form.
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
      fc.boolean(),
      fc.array(tie('value'), { minLength: 1, maxLength: 4 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('value'), {
        minKeys: 1,
        maxKeys: 4,
      }),
    ),
  }))
  .value.filter((v) => !JSON.stringify(v).includes('\\u0000') && !hasLoneSurrogate(v));

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([k, v]) => LONE.test(k) || hasLoneSurrogate(v));
  }
  return false;
}

const dataObject: fc.Arbitrary<HashableObject> = fc
  .dictionary(fc.string({ minLength: 1, maxLength: 10 }), hashable, { minKeys: 1, maxKeys: 6 })
  .filter((v) => !hasLoneSurrogate(v) && !Object.keys(v).some((k) => k.includes('\u0000')));

function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countLeaves(v), 0);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).reduce((n: number, v) => n + countLeaves(v), 0);
  }
  return 1;
}

function refusedWith(code: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(code);
    return;
  }
  throw new Error('expected a refusal');
}

describe('trigger data', () => {
  it('every hashable object passes, survives base64 and JSON, and becomes one row per value', () => {
    fc.assert(
      fc.property(dataObject, (data) => {
        const checked = parseDataPayload(data);
        expect(decodeBase64Data(encodeBase64Data(checked))).toEqual(data);
        expect(parseDataJson(JSON.stringify(data))).toEqual(data);
        const rows = dataRows(checked);
        expect(rows).toHaveLength(countLeaves(data));
        expect(new Set(rows.map((r) => r.path)).size).toBeLessThanOrEqual(rows.length);
      }),
      { numRuns: 300 },
    );
  });

  it('anything that is not a non-empty object is refused in words, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constant({})), (value) => {
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (isObject && Object.keys(value).length > 0) return;
        refusedWith('data', () => parseDataPayload(value));
      }),
    );
  });

  it('objects with null, empty lists or empty objects inside are refused', () => {
    fc.assert(
      fc.property(
        dataObject,
        fc.constantFrom(null, [], {}),
        fc.string({ minLength: 1, maxLength: 5 }),
        (data, poison, key) => {
          refusedWith('data', () => parseDataPayload({ ...data, [key]: poison }));
          refusedWith('data', () => parseDataPayload({ ...data, [key]: { deep: [poison] } }));
        },
      ),
    );
  });

  it('arbitrary text and base64 never crash the decoders', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const run of [() => parseDataJson(text), () => decodeBase64Data(text)]) {
          try {
            run();
          } catch (error) {
            expect(error).toBeInstanceOf(ProtocolError);
          }
        }
        try {
          decodeBase64Data(toBase64(utf8(text)));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it('too deep or too large data is refused', () => {
    let deep: Hashable = 'x';
    for (let i = 0; i < 120; i++) deep = { d: deep };
    refusedWith('data', () => parseDataPayload(deep));
    refusedWith('data', () => parseDataPayload({ big: 'x'.repeat(100_001) }));
    refusedWith('data', () => parseDataPayload({ list: Array.from({ length: 9000 }, () => 1) }));
    refusedWith('data', () => parseDataPayload({ lone: '\uD800' }));
    refusedWith('data', () => parseDataPayload({ nul: 'a\u0000b' }));
  });
});

describe('signed messages', () => {
  const message = fc.oneof(fc.string({ minLength: 1 }), dataObject) as fc.Arbitrary<Hashable>;

  it('a signed message verifies, travels as a chat link, and any other text breaks it', () => {
    fc.assert(
      fc.property(privateKey, message, fc.boolean(), hash44, (key, text, aware, lastBall) => {
        const definition = ['sig', { pubkey: getPublicKeyB64(key) }] as const;
        const signer = getAddressFromDefinition(definition);
        const pkg = signMessagePackage(
          buildUnsignedMessagePackage({
            message: text,
            address: signer,
            network: NETWORKS.mainnet,
            definition: [...definition],
            ...(aware ? { lastBallUnit: lastBall } : {}),
          }),
          () => key,
        );
        const versions = NETWORKS.mainnet.supportedVersions;
        expect(verifySignedMessage(parseSignedMessage(pkg, versions)).status).toBe('valid');
        const [link] = getChatLinks(`Here: ${signedMessageReply(pkg)}`);
        expect(link?.kind).toBe('signed_message');
        const back = decodeSignedMessage(
          link?.kind === 'signed_message' ? link.base64 : '',
          versions,
        );
        expect(back).toEqual(pkg);
        const other: Hashable =
          typeof text === 'string' ? `${text}.` : { ...(text as HashableObject), extra: 1 };
        expect(verifySignedMessage({ ...pkg, signed_message: other }).status).toBe('invalid');
        // Testnet does not accept a mainnet package.
        expect(() => parseSignedMessage(pkg, NETWORKS.testnet.supportedVersions)).toThrow(
          ProtocolError,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('garbage never crashes the parser', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          verifySignedMessage(parseSignedMessage(value, NETWORKS.mainnet.supportedVersions));
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });
});

describe('bounce rules (ocore aa_composer)', () => {
  const fees = fc.dictionary(
    fc.constantFrom('base', 'A'.repeat(43) + '=', 'B'.repeat(43) + '='),
    fc.integer({ min: 0, max: 50_000 }),
  );
  const received = fc.dictionary(
    fc.constantFrom('base', 'A'.repeat(43) + '=', 'B'.repeat(43) + '='),
    fc.integer({ min: 1, max: 60_000 }),
    { minKeys: 1 },
  );

  it('a refund is what came in minus the fees; otherwise the AA keeps everything', () => {
    fc.assert(
      fc.property(fees, received, (f, r) => {
        const bounceFees: Record<string, number> = { ...f, base: f['base'] || 10_000 };
        const outcome = bounceOutcome(bounceFees, r);
        const short =
          (r['base'] ?? 0) < (bounceFees['base'] ?? 0) ||
          Object.entries(r).some(([asset, amount]) => (bounceFees[asset] ?? 0) > amount);
        if (short) {
          expect(outcome.kind).toBe('keeps_all');
          return;
        }
        if (outcome.kind === 'keeps_all') {
          // Only when everything received equals its fee.
          expect(Object.entries(r).every(([a, v]) => (bounceFees[a] ?? 0) === v)).toBe(true);
          return;
        }
        for (const [asset, amount] of Object.entries(r)) {
          expect((outcome.refunds[asset] ?? 0) + (outcome.fees[asset] ?? 0)).toBe(amount);
        }
        // Nothing received falls short of its bounce fee (assets not sent are not checked).
        expect(missingBounceFees(bounceFees, r).filter((m) => m.asset in r)).toEqual([]);
      }),
    );
  });

  it('the trigger sums the outputs to the AA per asset and always names bytes', () => {
    fc.assert(
      fc.property(
        address,
        address,
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 1e9 }), toAa: fc.boolean() })),
        (aa, other, list) => {
          const outputs = list.map((o) => ({
            address: o.toAa ? aa : other,
            amount: o.amount,
            asset: 'base',
          }));
          const sum = outputs.filter((o) => o.address === aa).reduce((s, o) => s + o.amount, 0);
          if (aa === other || sum === 0) return;
          expect(triggerOutputs(aa, outputs)).toEqual({ base: sum });
          expect(
            buildDryRunTrigger({ aaAddress: aa, triggerAddress: other, outputs }).outputs,
          ).toEqual({ base: sum });
        },
      ),
    );
  });
});

describe('served definitions', () => {
  it('a definition vouches only for its own address', () => {
    fc.assert(
      fc.property(privateKey, address, (key, someAddress) => {
        const definition = ['sig', { pubkey: getPublicKeyB64(key) }];
        const own = getAddressFromDefinition(definition);
        expect(classifyAddress(own, definition).kind).toBe('plain');
        if (someAddress !== own) {
          refusedWith('aa', () => classifyAddress(someAddress, definition));
        }
        expect(classifyAddress(someAddress, null).kind).toBe('unknown');
      }),
      { numRuns: 50 },
    );
  });
});
